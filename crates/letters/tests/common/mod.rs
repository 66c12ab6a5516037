//! Letters for the tests, and text extraction with the real pdfium (through the `pdf`
//! crate's library loading and process-wide lock, then pdfium-render directly).

#![allow(dead_code)]

use chrono::NaiveDate;
use letters::{Addressee, Certificate, LetterContent, LetterData, LetterKind, NamedPerson};
use program::{Cad, Deadline, Language, PersonRole, RefusalGround, RejectionGround};

pub const FILE_NUMBER: &str = "BA-2024-00417";
pub const APPLICANT: &str = "Amélie Côté-Tremblay";

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The letter date, 2026-11-24; deadlines are 60 days later, 2027-01-23.
pub fn letter_date() -> NaiveDate {
    day("2026-11-24")
}

pub fn deadline() -> Deadline {
    Deadline::from_day(letter_date(), 60)
}

pub fn items() -> Vec<String> {
    vec![
        "Formulaire A-0524-BA, partie 2, daté et signé".to_owned(),
        "Passeport de Léo Côté (enfant à charge)".to_owned(),
        "Diplôme « baccalauréat en génie logiciel » et relevé de notes".to_owned(),
    ]
}

pub fn content(kind: LetterKind) -> LetterContent {
    match kind {
        LetterKind::MissingItemsRequest => LetterContent::MissingItemsRequest {
            items: items(),
            amount_due: Some(Cad::from_cents(123_456)),
            deadline: deadline(),
        },
        LetterKind::AttestationRequest => LetterContent::AttestationRequest {
            persons: vec![
                NamedPerson::new(APPLICANT, PersonRole::PrincipalApplicant),
                NamedPerson::new("François Côté", PersonRole::Spouse),
            ],
            deadline: deadline(),
        },
        LetterKind::IntentToRefuse => LetterContent::IntentToRefuse {
            grounds: vec![
                RefusalGround::ConditionsNotMet,
                RefusalGround::DocumentsNotAsRequested,
            ],
            deadline: deadline(),
        },
        LetterKind::IntentToReject => LetterContent::IntentToReject {
            grounds: vec![
                RejectionGround::DoubtfulAuthenticity,
                RejectionGround::AbsentFromInterview,
            ],
            deadline: deadline(),
        },
        LetterKind::SelectionDecision => LetterContent::SelectionDecision {
            certificates: vec![
                Certificate::new("Léo Côté", PersonRole::DependentChild, "26-Q-004183"),
                Certificate::new(APPLICANT, PersonRole::PrincipalApplicant, "26-Q-004181"),
                Certificate::new("François Côté", PersonRole::Spouse, "26-Q-004182"),
            ],
        },
        LetterKind::Refusal => LetterContent::Refusal {
            grounds: vec![RefusalGround::NothingSent],
        },
        LetterKind::Rejection => LetterContent::Rejection {
            grounds: vec![RejectionGround::MissingItemsNotProvided],
        },
        LetterKind::Acknowledgement => LetterContent::Acknowledgement {
            acknowledgement: "AR-2023-AI-000042".to_owned(),
            received_at: received_at(),
        },
        LetterKind::NotReceivedNotice => LetterContent::NotReceivedNotice {
            received_at: received_at(),
            reason: program::intake::NotReceivedReason::CapReached {
                cap: program::CapScope::sub_cap(
                    program::Stream::Ai,
                    program::Profile::Francization,
                ),
                limit: 100,
                filled_at: received_at() - chrono::Duration::minutes(75),
            },
            cap_name: Some(
                program::CapScope::sub_cap(program::Stream::Ai, program::Profile::Francization)
                    .label(program::ProgramDefinition::builtin())
                    .both(),
            ),
        },
    }
}

/// When the applications of the intake letters reached the portal: 2023-11-24 10:02:13
/// in Québec.
pub fn received_at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2023-11-24T10:02:13-05:00")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

pub fn letter(kind: LetterKind, language: Language) -> LetterData {
    LetterData {
        language,
        file_number: FILE_NUMBER.to_owned(),
        date: letter_date(),
        applicant: Addressee::new(
            APPLICANT,
            [
                "4567, rue Saint-Denis, app. 8",
                "Montréal (Québec)  H2J 2L3",
            ],
        ),
        representative: Some(Addressee::new(
            "Me Jean-François Bélanger, avocat",
            ["500, Grande Allée Est", "Québec (Québec)  G1R 2J7"],
        )),
        signatory: Some("Chloé Gagnon".to_owned()),
        content: content(kind),
    }
}

/// Each page's text as pdfium extracts it.
pub fn pdfium_pages(pdf_bytes: &[u8]) -> Vec<String> {
    // Declared first so it is released last, after every pdfium object.
    let _lock = pdf::library::pdfium_lock();
    let (pdfium, _path) = pdf::library::bind(&pdf::LibrarySearch::standard())
        .expect("pdfium is installed (scripts/install-pdfium.sh)");
    let document = pdfium
        .load_pdf_from_byte_slice(pdf_bytes, None)
        .expect("pdfium opens the letter");
    document
        .pages()
        .iter()
        .map(|page| page.text().expect("the page has a text layer").all())
        .collect()
}

/// Text with every run of white space (line breaks, no-break spaces) as one space.
pub fn squeeze(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The whole letter's text as pdfium extracts it, white space squeezed.
pub fn pdfium_text(pdf_bytes: &[u8]) -> String {
    squeeze(&pdfium_pages(pdf_bytes).join("\n"))
}
