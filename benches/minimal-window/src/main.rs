//! The reference window of `dossier bench app`: one page, one command. With
//! `DOSSIER_BENCH_READY_FILE` set, the page's first paint is appended to that file as
//! `queue <ms since the epoch>`, as the app reports its first queue row.

use std::io::Write;

#[tauri::command]
fn bench_ready(stage: String, at_ms: f64) -> Result<(), String> {
    let Some(path) = std::env::var_os("DOSSIER_BENCH_READY_FILE").filter(|v| !v.is_empty())
    else {
        return Ok(());
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| e.to_string())?;
    writeln!(file, "{stage} {at_ms:.3}").map_err(|e| e.to_string())
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![bench_ready])
        .run(tauri::generate_context!())
        .expect("the minimal window runs");
}
