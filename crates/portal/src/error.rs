//! Why a bundle is refused: each [`Problem`] with a stable code (for the portal and the
//! import's JSON lines) and a message of the catalogue (`assets/i18n/*/intake.ftl`).

use vocab::Text;

/// One thing wrong with a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a folder or a `.zip`, or no `submission.json` at its root.
    NotABundle(String),
    /// `submission.json` is not valid JSON, or not the format's shape.
    Json(String),
    /// A code the program does not have, at a field of `submission.json`.
    UnknownCode {
        field: String,
        value: String,
    },
    /// Another format than `dossier-submission/1` (a newer portal?).
    Format(String),
    SubmissionId(String),
    Missing(&'static str),
    Unexpected(&'static str),
    Program(String),
    Principals(usize),
    PersonTwice(String),
    PersonUnknown(String),
    Text(String),
    Currency(String),
    Amount(String),
    Item(String),
    FileTwice(String),
    /// A path that leaves the bundle (`..`, absolute, a link out).
    PathOutside(String),
    /// A file in the bundle that `submission.json` does not list (it would be lost).
    Unlisted(String),
    FileMissing(String),
    /// A document whose bytes are not a PDF.
    NotPdf(String),
    TooManyFiles {
        limit: usize,
    },
    TooLarge {
        limit_mb: u64,
    },
    /// A document with more pages than intake accepts.
    TooManyPages {
        file: String,
        limit: u32,
    },
    /// A zip whose files expand far more than their compressed size (a zip bomb).
    Expands(String),
    Zip(String),
}

impl Problem {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::NotABundle(_) => "bundle.not_a_bundle",
            Problem::Json(_) => "bundle.json",
            Problem::UnknownCode { .. } => "bundle.unknown_code",
            Problem::TooManyPages { .. } => "bundle.too_many_pages",
            Problem::Format(_) => "bundle.format",
            Problem::SubmissionId(_) => "bundle.submission_id",
            Problem::Missing(_) => "bundle.missing_field",
            Problem::Unexpected(_) => "bundle.unexpected_field",
            Problem::Program(_) => "bundle.program",
            Problem::Principals(_) => "bundle.principals",
            Problem::PersonTwice(_) => "bundle.person_twice",
            Problem::PersonUnknown(_) => "bundle.person_unknown",
            Problem::Text(_) => "bundle.text",
            Problem::Currency(_) => "bundle.currency",
            Problem::Amount(_) => "bundle.amount",
            Problem::Item(_) => "bundle.item",
            Problem::FileTwice(_) => "bundle.file_twice",
            Problem::PathOutside(_) => "bundle.path_outside",
            Problem::Unlisted(_) => "bundle.unlisted_file",
            Problem::FileMissing(_) => "bundle.file_missing",
            Problem::NotPdf(_) => "bundle.not_pdf",
            Problem::TooManyFiles { .. } => "bundle.too_many_files",
            Problem::TooLarge { .. } => "bundle.too_large",
            Problem::Expands(_) => "bundle.expands",
            Problem::Zip(_) => "bundle.zip",
        }
    }

    /// What is wrong, for people.
    pub fn text(&self) -> Text {
        let t = Text::new;
        match self {
            Problem::NotABundle(p) => t("bundle-not-a-bundle").with("path", p),
            Problem::Json(e) => t("bundle-json").with("detail", e),
            Problem::UnknownCode { field, value } => t("bundle-unknown-code")
                .with("field", field)
                .with("value", value),
            Problem::Format(f) => t("bundle-format").with("format", f),
            Problem::SubmissionId(id) => t("bundle-submission-id").with("id", id),
            Problem::Missing(f) => t("bundle-missing-field").with("field", *f),
            Problem::Unexpected(f) => t("bundle-unexpected-field").with("field", *f),
            Problem::Program(p) => t("bundle-program").with("program", p),
            Problem::Principals(n) => t("bundle-principals").with("n", *n),
            Problem::PersonTwice(r) => t("bundle-person-twice").with("ref", r),
            Problem::PersonUnknown(r) => t("bundle-person-unknown").with("ref", r),
            Problem::Text(r) => t("bundle-text").with("ref", r),
            Problem::Currency(c) => t("bundle-currency").with("currency", c),
            Problem::Amount(a) => t("bundle-amount").with("amount", a),
            Problem::Item(i) => t("bundle-item").with("item", i),
            Problem::FileTwice(f) => t("bundle-file-twice").with("file", f),
            Problem::PathOutside(f) => t("bundle-path-outside").with("file", f),
            Problem::Unlisted(f) => t("bundle-unlisted-file").with("file", f),
            Problem::FileMissing(f) => t("bundle-file-missing").with("file", f),
            Problem::NotPdf(f) => t("bundle-not-pdf").with("file", f),
            Problem::TooManyFiles { limit } => t("bundle-too-many-files").with("limit", *limit),
            Problem::TooLarge { limit_mb } => t("bundle-too-large").with("limit", *limit_mb),
            Problem::TooManyPages { file, limit } => t("bundle-too-many-pages")
                .with("file", file)
                .with("limit", *limit),
            Problem::Expands(f) => t("bundle-expands").with("file", f),
            Problem::Zip(e) => t("bundle-zip").with("detail", e),
        }
    }
}

/// A bundle refused as a whole, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the bundle is refused: {}", .problems.iter().map(|p| p.text().to_string()).collect::<Vec<_>>().join("; "))]
pub struct BundleError {
    pub problems: Vec<Problem>,
    /// The bundle's `submission_id`, when `submission.json` could be read (the portal
    /// matches the refusal to its submission).
    pub submission_id: Option<String>,
}

impl BundleError {
    pub(crate) fn one(problem: Problem) -> Self {
        Self {
            problems: vec![problem],
            submission_id: None,
        }
    }

    /// The first problem's code (the import's reason code).
    pub fn code(&self) -> &'static str {
        self.problems
            .first()
            .map_or("bundle.refused", Problem::code)
    }
}
