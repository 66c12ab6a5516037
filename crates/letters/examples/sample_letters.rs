//! Writes every kind of letter, in French and English, to a folder, to look at them:
//! `cargo run -p letters --example sample_letters -- /tmp/letters`.

use chrono::NaiveDate;
use letters::{Addressee, Certificate, LetterContent, LetterData, LetterKind, NamedPerson};
use program::{Cad, Deadline, Language, PersonRole, RefusalGround, RejectionGround};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "letters-samples".to_owned());
    std::fs::create_dir_all(&dir)?;
    let date = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date");
    let deadline = Deadline::from_day(date, 60);
    for language in Language::ALL {
        for kind in LetterKind::ALL {
            let content = match kind {
                LetterKind::MissingItemsRequest => LetterContent::MissingItemsRequest {
                    items: vec![
                        "Formulaire A-0524-BA, partie 2, daté et signé".into(),
                        "Passeport de Léo Côté (enfant à charge)".into(),
                    ],
                    amount_due: Some(Cad::from_dollars(192)),
                    deadline,
                },
                LetterKind::AttestationRequest => LetterContent::AttestationRequest {
                    persons: vec![
                        NamedPerson::new("Amélie Côté-Tremblay", PersonRole::PrincipalApplicant),
                        NamedPerson::new("François Côté", PersonRole::Spouse),
                    ],
                    deadline,
                },
                LetterKind::IntentToRefuse => LetterContent::IntentToRefuse {
                    grounds: vec![RefusalGround::ConditionsNotMet],
                    deadline,
                },
                LetterKind::IntentToReject => LetterContent::IntentToReject {
                    grounds: vec![
                        RejectionGround::DoubtfulAuthenticity,
                        RejectionGround::FalseOrMisleading,
                    ],
                    deadline,
                },
                LetterKind::SelectionDecision => LetterContent::SelectionDecision {
                    certificates: vec![
                        Certificate::new(
                            "Amélie Côté-Tremblay",
                            PersonRole::PrincipalApplicant,
                            "26-Q-004181",
                        ),
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
                    acknowledgement: "AR-2026-AI-000042".to_owned(),
                    received_at: chrono::Utc::now(),
                },
                LetterKind::NotReceivedNotice => LetterContent::NotReceivedNotice {
                    received_at: chrono::Utc::now(),
                    reason: program::intake::NotReceivedReason::AfterWindow {
                        closes: chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
                    },
                    cap_name: None,
                },
            };
            let data = LetterData {
                language,
                file_number: "BA-2024-00417".into(),
                date,
                applicant: Addressee::new(
                    "Amélie Côté-Tremblay",
                    [
                        "4567, rue Saint-Denis, app. 8",
                        "Montréal (Québec)  H2J 2L3",
                    ],
                ),
                representative: None,
                signatory: Some("Chloé Gagnon".into()),
                content,
            };
            let text = letters::render_text(&data)?;
            let path = std::path::Path::new(&dir).join(text.file_name());
            std::fs::write(&path, letters::render_pdf(&data)?)?;
            println!("{}", path.display());
        }
    }
    Ok(())
}
