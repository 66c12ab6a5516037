//! Template errors say which file, which line and which value; bad letter data and
//! characters the font cannot draw are refused with a reason.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use letters::{LetterContent, LetterError, LetterKind, TemplateSet};
use program::{Language, RefusalGround};

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/letters")
}

/// A copy of the shipped templates in a temporary folder, with `edit` applied.
fn edited(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, Result<TemplateSet, LetterError>) {
    let dir = tempfile::tempdir().unwrap();
    for language in ["fr", "en"] {
        std::fs::create_dir(dir.path().join(language)).unwrap();
        for entry in std::fs::read_dir(shipped().join(language)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(
                &path,
                dir.path().join(language).join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    edit(dir.path());
    let set = TemplateSet::from_dir(dir.path());
    (dir, set)
}

fn rewrite(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
}

#[test]
fn templates_from_a_folder_give_the_same_letters_as_the_shipped_ones() {
    let set = TemplateSet::from_dir(shipped()).unwrap();
    for language in Language::ALL {
        for kind in LetterKind::ALL {
            let data = letter(kind, language);
            assert_eq!(
                set.render_text(&data).unwrap(),
                letters::render_text(&data).unwrap()
            );
        }
    }
}

#[test]
fn an_edited_template_changes_the_letter() {
    let (_dir, set) = edited(|d| {
        rewrite(&d.join("en/refusal.jinja"), |t| {
            t.replace(
                "The fees paid are not refundable.",
                "Fees are never refunded ($3).",
            )
        })
    });
    let text = set
        .unwrap()
        .render_pdf(&letter(LetterKind::Refusal, Language::En))
        .unwrap();
    assert!(pdfium_text(&text).contains("Fees are never refunded ($3)."));
}

#[test]
fn a_malformed_template_is_named_with_its_file_and_line() {
    let (dir, set) = edited(|d| {
        rewrite(&d.join("fr/refusal.jinja"), |t| {
            t.replace("{% endfor %}", "")
        })
    });
    let err = set.unwrap_err();
    let LetterError::TemplateSyntax { file, line, .. } = &err else {
        panic!("expected a syntax error, got {err:?}");
    };
    assert_eq!(Path::new(file), dir.path().join("fr/refusal.jinja"));
    assert!(*line > 1, "{err}");
    let message = err.to_string();
    assert!(
        message.contains("refusal.jinja") && message.contains(&format!("line {line}")),
        "{message}"
    );

    let (_dir, set) = edited(|d| {
        rewrite(&d.join("en/_letter.jinja"), |t| {
            t.replacen("{{ date }}", "{{ date }", 1)
        })
    });
    let message = set.unwrap_err().to_string();
    assert!(message.contains("_letter.jinja, line 10"), "{message}");
}

#[test]
fn a_shipped_template_in_error_is_named_by_its_asset_path() {
    let sources = [(
        "fr/refusal.jinja".to_owned(),
        "# Objet\n{% if %}".to_owned(),
    )];
    let err = TemplateSet::from_sources(sources, |n| format!("assets/letters/{n}")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("template assets/letters/fr/refusal.jinja, line 2"),
        "{err}"
    );
}

#[test]
fn a_template_asking_for_a_value_its_kind_lacks_names_the_value() {
    // A refusal has no deadline.
    let (dir, set) = edited(|d| {
        rewrite(&d.join("fr/refusal.jinja"), |t| {
            t.replace(
                "Les frais payés ne sont pas remboursables.",
                "Répondez au plus tard le {{ deadline }}.",
            )
        })
    });
    let err = set
        .unwrap()
        .render_text(&letter(LetterKind::Refusal, Language::Fr))
        .unwrap_err();
    let LetterError::MissingField {
        file,
        line,
        field,
        kind,
        available,
    } = &err
    else {
        panic!("expected a missing value, got {err:?}");
    };
    assert_eq!(Path::new(file), dir.path().join("fr/refusal.jinja"));
    assert_eq!(*line, Some(10), "{err}");
    assert_eq!(field, "deadline");
    assert_eq!(*kind, LetterKind::Refusal);
    assert!(
        available.contains("grounds") && !available.contains("deadline"),
        "{available}"
    );
    let message = err.to_string();
    assert!(
        message.contains("`deadline`") && message.contains("refusal.jinja, line 10"),
        "{message}"
    );
}

#[test]
fn a_misspelt_nested_value_is_named() {
    let (_dir, set) = edited(|d| {
        rewrite(&d.join("en/_letter.jinja"), |t| {
            t.replace("{{ applicant.name }}\n", "{{ applicant.nom }}\n")
        })
    });
    let err = set
        .unwrap()
        .render_text(&letter(LetterKind::Rejection, Language::En))
        .unwrap_err();
    let LetterError::MissingField { field, file, .. } = &err else {
        panic!("expected a missing value, got {err:?}");
    };
    assert_eq!(field, "applicant.nom", "{err}");
    assert!(file.ends_with("_letter.jinja"), "{err}");
}

#[test]
fn an_optional_value_printed_without_a_guard_is_named_when_absent() {
    let (_dir, set) = edited(|d| {
        rewrite(&d.join("fr/_letter.jinja"), |t| {
            t.replace(
                "{% if signatory %}\n{{ signatory }}\n{% endif %}\n",
                "{{ signatory }}\n",
            )
        })
    });
    let set = set.unwrap();
    let mut data = letter(LetterKind::Refusal, Language::Fr);
    assert!(set.render_text(&data).is_ok(), "with a signatory it prints");
    data.signatory = None;
    let err = set.render_text(&data).unwrap_err();
    let LetterError::AbsentValue { field, line, .. } = &err else {
        panic!("expected an absent value, got {err:?}");
    };
    assert_eq!(field, "signatory", "{err}");
    assert!(line.is_some());
    assert!(err.to_string().contains("{% if signatory %}"), "{err}");
}

#[test]
fn a_missing_template_file_is_named() {
    let (dir, set) = edited(|d| std::fs::remove_file(d.join("en/intent_to_reject.jinja")).unwrap());
    let err = set.unwrap_err();
    assert!(matches!(
        err,
        LetterError::TemplateNotFound {
            kind: LetterKind::IntentToReject,
            ..
        }
    ));
    let message = err.to_string();
    assert!(
        message.contains(
            &dir.path()
                .join("en/intent_to_reject.jinja")
                .display()
                .to_string()
        ),
        "{message}"
    );
}

#[test]
fn a_template_without_a_subject_line_is_refused() {
    let (_dir, set) = edited(|d| {
        rewrite(&d.join("en/_letter.jinja"), |t| {
            t.replace("# Subject: ", "Subject: ")
        })
    });
    let err = set
        .unwrap()
        .render_text(&letter(LetterKind::Refusal, Language::En))
        .unwrap_err();
    assert!(matches!(err, LetterError::TemplateShape { .. }), "{err:?}");
    assert!(err.to_string().contains("refusal.jinja"), "{err}");
}

#[test]
fn letter_data_is_checked_before_filling_in() {
    let mut data = letter(LetterKind::MissingItemsRequest, Language::Fr);
    data.content = LetterContent::MissingItemsRequest {
        items: vec![],
        amount_due: None,
        deadline: deadline(),
    };
    let err = letters::render_pdf(&data).unwrap_err();
    assert!(
        matches!(&err, LetterError::InvalidData { field, .. } if field == "items"),
        "{err}"
    );

    let mut data = letter(LetterKind::Refusal, Language::En);
    data.content = LetterContent::Refusal {
        grounds: vec![RefusalGround::NothingSent, RefusalGround::NothingSent],
    };
    let err = letters::render_text(&data).unwrap_err();
    assert!(err.to_string().contains("listed twice"), "{err}");

    let mut data = letter(LetterKind::SelectionDecision, Language::En);
    let LetterContent::SelectionDecision { certificates } = &mut data.content else {
        unreachable!()
    };
    certificates.retain(|c| c.holder.role != program::PersonRole::PrincipalApplicant);
    let err = letters::render_text(&data).unwrap_err();
    assert!(err.to_string().contains("principal applicant"), "{err}");

    let mut data = letter(LetterKind::Rejection, Language::En);
    data.file_number = "  ".into();
    assert!(letters::render_text(&data).is_err());
}

#[test]
fn a_name_the_font_cannot_draw_is_refused_with_the_character() {
    let mut data = letter(LetterKind::Refusal, Language::Fr);
    data.applicant.name = "王小明".into();
    // The text can still be previewed; the PDF cannot silently drop the name.
    assert!(
        letters::render_text(&data)
            .unwrap()
            .plain_text()
            .contains("王小明")
    );
    let err = letters::render_pdf(&data).unwrap_err();
    assert!(
        matches!(err, LetterError::UnsupportedCharacter { ch: '王', .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("U+738B"), "{err}");
}

#[test]
fn values_cannot_change_the_shape_of_a_letter() {
    let mut data = letter(LetterKind::Refusal, Language::En);
    data.applicant.name = "Amélie\n# Forged subject".into();
    let text = letters::render_text(&data).unwrap();
    assert!(
        text.title.starts_with("Subject: Decision"),
        "{}",
        text.title
    );
    assert!(text.plain_text().contains("Amélie # Forged subject"));
}
