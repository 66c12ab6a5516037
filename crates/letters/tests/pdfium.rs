//! Issue 5, item 11: every kind of letter, in French and in English, is a PDF file that
//! the real pdfium opens and whose text layer holds the applicant's name, the file
//! number, what the letter is about (items, persons, grounds, CSQ numbers) and the
//! deadline written in the letter's language.

mod common;

use common::*;
use letters::{LetterContent, LetterKind};
use program::{Language, RefusalGround, RejectionGround};

/// What every letter of `kind` in `language` must show, besides the name and number.
fn expected(kind: LetterKind, language: Language) -> Vec<String> {
    let fr = language == Language::Fr;
    let mut out: Vec<String> = vec![
        if fr {
            "Numéro de dossier : BA-2024-00417"
        } else {
            "File number: BA-2024-00417"
        }
        .to_owned(),
        if fr {
            "Québec, le 24 novembre 2026"
        } else {
            "Québec, November 24, 2026"
        }
        .to_owned(),
        // F6: the representative receives a copy.
        "Me Jean-François Bélanger, avocat".to_owned(),
        "Chloé Gagnon".to_owned(),
    ];
    if kind.has_deadline() {
        out.push(if fr {
            "au plus tard le 23 janvier 2027".to_owned()
        } else {
            "no later than January 23, 2027".to_owned()
        });
    }
    match common::content(kind) {
        LetterContent::MissingItemsRequest { items, .. } => {
            out.extend(items);
            out.push(if fr { "1 234,56 $" } else { "$1,234.56" }.to_owned());
            out.push(if fr { "60 jours" } else { "60 days" }.to_owned());
        }
        LetterContent::AttestationRequest { persons, .. } => {
            out.extend(persons.into_iter().map(|p| p.name));
            out.push(if fr {
                "l’« Attestation d’apprentissage des valeurs démocratiques et des valeurs québécoises »"
            } else {
                "“Attestation of learning about democratic values and Québec values”"
            }
            .to_owned());
        }
        LetterContent::IntentToRefuse { grounds, .. } | LetterContent::Refusal { grounds } => {
            out.extend(
                grounds
                    .iter()
                    .map(|g: &RefusalGround| g.label(language).to_owned()),
            );
        }
        LetterContent::IntentToReject { grounds, .. } | LetterContent::Rejection { grounds } => {
            out.extend(
                grounds
                    .iter()
                    .map(|g: &RejectionGround| g.label(language).to_owned()),
            );
        }
        LetterContent::Acknowledgement {
            acknowledgement, ..
        } => {
            out.push(acknowledgement.clone());
            out.push(
                if fr {
                    "24 novembre 2023 à 10 h 02"
                } else {
                    "November 24, 2023 at 10:02"
                }
                .to_owned(),
            );
        }
        LetterContent::NotReceivedNotice { .. } => {
            out.push(
                if fr {
                    "le sous-plafond du volet IA, profil Francisation, soit 100 demandes, est atteint depuis le 24 novembre 2023 à 8 h 47"
                } else {
                    "the sub-cap of the AI stream, Francization profile, 100 applications, has been reached since November 24, 2023 at 08:47"
                }
                .to_owned(),
            );
        }
        LetterContent::SelectionDecision { certificates } => {
            for c in certificates {
                out.push(c.holder.name.clone());
                out.push(c.number.clone());
            }
            out.push(
                if fr {
                    "Amélie Côté-Tremblay (personne requérante principale) : CSQ n° 26-Q-004181"
                } else {
                    "Amélie Côté-Tremblay (principal applicant): CSQ no. 26-Q-004181"
                }
                .to_owned(),
            );
        }
    }
    out
}

fn check(kind: LetterKind) {
    for language in Language::ALL {
        let data = letter(kind, language);
        let preview = letters::render_text(&data).unwrap();
        let bytes = letters::render_pdf(&data).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{kind} {language:?}");
        let text = pdfium_text(&bytes);
        let mut wanted = vec![
            APPLICANT.to_owned(),
            FILE_NUMBER.to_owned(),
            preview.title.clone(),
        ];
        wanted.extend(expected(kind, language));
        for w in wanted {
            assert!(
                text.contains(&squeeze(&w)),
                "{kind} ({language:?}): pdfium's text lacks {w:?}\n---\n{text}"
            );
        }
        // The other language's date does not leak in.
        let other = if language == Language::Fr {
            "November 24, 2026"
        } else {
            "24 novembre 2026"
        };
        assert!(!text.contains(other), "{kind} ({language:?})");
    }
}

#[test]
fn a2_missing_items_request_pdf_in_french_and_english() {
    check(LetterKind::MissingItemsRequest);
}

#[test]
fn v1_v2_attestation_request_pdf_in_french_and_english() {
    check(LetterKind::AttestationRequest);
}

#[test]
fn d2_intent_to_refuse_pdf_in_french_and_english() {
    check(LetterKind::IntentToRefuse);
}

#[test]
fn d3_intent_to_reject_pdf_in_french_and_english() {
    check(LetterKind::IntentToReject);
}

#[test]
fn d1_selection_decision_pdf_lists_each_csq_in_french_and_english() {
    check(LetterKind::SelectionDecision);
}

#[test]
fn d2_refusal_pdf_in_french_and_english() {
    check(LetterKind::Refusal);
}

#[test]
fn d3_rejection_pdf_in_french_and_english() {
    check(LetterKind::Rejection);
}

#[test]
fn i5_acknowledgement_of_receipt_pdf_in_french_and_english() {
    check(LetterKind::Acknowledgement);
}

#[test]
fn i1_i4_notice_of_an_application_not_received_pdf_in_french_and_english() {
    check(LetterKind::NotReceivedNotice);
}

#[test]
fn accented_letters_and_quotes_extract_exactly() {
    let mut raw = String::new();
    for kind in [LetterKind::AttestationRequest, LetterKind::IntentToRefuse] {
        let bytes = letters::render_pdf(&letter(kind, Language::Fr)).unwrap();
        raw.push_str(&pdfium_pages(&bytes).join("\n"));
    }
    for s in [
        "é",
        "à",
        "ç",
        "François",
        "«",
        "»",
        "’",
        "Côté-Tremblay",
        "québécoises",
    ] {
        assert!(raw.contains(s), "{s:?} missing from\n{raw}");
    }
    // No replacement characters or unmapped glyphs.
    assert!(!raw.contains('\u{fffd}') && !raw.contains('\u{0}'), "{raw}");
}

#[test]
fn a_long_letter_runs_onto_several_pages_and_keeps_every_item() {
    let mut data = letter(LetterKind::MissingItemsRequest, Language::Fr);
    let items: Vec<String> = (1..=90)
        .map(|i| format!("Pièce justificative numéro {i} : relevé d’emploi signé par l’employeur"))
        .collect();
    data.content = LetterContent::MissingItemsRequest {
        items: items.clone(),
        amount_due: None,
        deadline: deadline(),
    };
    let bytes = letters::render_pdf(&data).unwrap();
    let pages = pdfium_pages(&bytes);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let count = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let page = squeeze(page);
        assert!(
            page.contains(&format!("Page {} de {count}", i + 1)),
            "{page}"
        );
        assert!(page.contains("Dossier BA-2024-00417"), "{page}");
    }
    let text = squeeze(&pages.join("\n"));
    for item in &items {
        assert!(text.contains(&squeeze(item)), "{item}");
    }
    assert!(text.contains("au plus tard le 23 janvier 2027"));
    // The deadline sentence comes after the last item.
    assert!(text.find("numéro 90 ").unwrap() < text.find("Vous disposez de 60 jours").unwrap());
}

#[test]
fn the_project_pdf_worker_finds_the_name_and_deadline() {
    use pdf::{DocumentRef, PdfWorker, WorkerConfig};
    let bytes = letters::render_pdf(&letter(LetterKind::IntentToReject, Language::En)).unwrap();
    let worker = PdfWorker::start(WorkerConfig::default());
    let doc = DocumentRef::bytes("letter", bytes);
    let info = worker.info_blocking(doc.clone()).unwrap();
    assert_eq!(info.page_count, 1);
    for query in [APPLICANT, FILE_NUMBER, "January 23, 2027"] {
        let hits = worker.search_blocking(doc.clone(), query).unwrap();
        assert!(!hits.hits.is_empty(), "no hit for {query:?}");
        assert_eq!(hits.hits[0].page, 1);
    }
}

#[test]
fn the_same_letter_gives_the_same_bytes() {
    let data = letter(LetterKind::SelectionDecision, Language::Fr);
    assert_eq!(
        letters::render_pdf(&data).unwrap(),
        letters::render_pdf(&data).unwrap()
    );
}

#[test]
fn poppler_reads_the_same_text_when_installed() {
    // A second reader, when pdftotext (poppler-utils) is on the machine.
    let bytes =
        letters::render_pdf(&letter(LetterKind::MissingItemsRequest, Language::Fr)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let Ok(out) = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
    else {
        eprintln!("pdftotext is not installed; skipped");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = squeeze(&String::from_utf8(out.stdout).unwrap());
    for w in [
        APPLICANT,
        FILE_NUMBER,
        "au plus tard le 23 janvier 2027",
        "1 234,56 $",
    ] {
        assert!(text.contains(w), "pdftotext lacks {w:?}\n{text}");
    }
}
