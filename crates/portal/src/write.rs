//! Writing bundles as the portal sends them: a folder, or the same tree in a `.zip`. Used
//! by the demo (applications that enter through the front door), the tests and the
//! intake benchmark; the server only reads.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::submission::Submission;

/// Writes the bundle `<dir>/<submission_id>[-<sequence>]/`: `submission.json` and each
/// `(path inside the bundle, bytes)`. Returns the bundle's folder.
pub fn write_folder(
    dir: &Path,
    submission: &Submission,
    files: &[(&str, &[u8])],
) -> std::io::Result<PathBuf> {
    let root = dir.join(bundle_name(submission));
    std::fs::create_dir_all(&root)?;
    std::fs::write(
        root.join("submission.json"),
        serde_json::to_vec_pretty(submission)?,
    )?;
    for (name, bytes) in files {
        let path = root.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
    }
    Ok(root)
}

/// Writes the same tree as [`write_folder`] into `<dir>/<name>.zip` (stored, not
/// compressed: scans barely compress). Returns the zip's path.
pub fn write_zip(
    dir: &Path,
    submission: &Submission,
    files: &[(&str, &[u8])],
) -> std::io::Result<PathBuf> {
    let name = bundle_name(submission);
    let path = dir.join(format!("{name}.zip"));
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path)?);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(format!("{name}/submission.json"), options)
        .map_err(std::io::Error::other)?;
    zip.write_all(&serde_json::to_vec_pretty(submission)?)?;
    for (file, bytes) in files {
        zip.start_file(format!("{name}/{file}"), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(bytes)?;
    }
    zip.finish().map_err(std::io::Error::other)?;
    Ok(path)
}

fn bundle_name(s: &Submission) -> String {
    match s.sequence {
        Some(n) => format!("{}-{n}", s.submission_id),
        None => s.submission_id.clone(),
    }
}
