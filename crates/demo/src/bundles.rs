//! The demo's applications as the applicants' portal sends them (`../shared/portal.md`):
//! one bundle folder per application, with its scanned documents, and for some files a
//! later bundle of documents (F4). `scripts/server-demo.sh` imports them through the
//! server's front door (`dossier-server intake import`), so the server decides caps and
//! receipt, checks the documents and writes the acknowledgements, exactly as for real
//! submissions. The same seed and "now" give the same bundles.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use program::fees::FamilyComposition;
use program::{Language, PersonRole, Profile, Stream};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use scans::ScanColour;
use serde::Serialize;
use serde_json::{Value, json};

use crate::{DemoError, DemoOptions, family, names, spec, window};

/// What a run wrote.
#[derive(Debug, Clone, Serialize)]
pub struct BundleSummary {
    pub dir: String,
    /// Application bundles.
    pub applications: u32,
    /// Bundles of later documents.
    pub later_documents: u32,
    pub documents: u64,
}

/// The scans the bundles draw from, as bytes.
struct Scans {
    passports: Vec<Vec<u8>>,
    forms: Vec<Vec<u8>>,
    diplomas: Vec<Vec<u8>>,
    experience: Vec<Vec<u8>>,
    greyscale: Vec<u8>,
    corrupt: Vec<u8>,
    encrypted: Vec<u8>,
}

fn scans(seed: u64) -> Scans {
    let colour = ScanColour::Colour;
    let one = |title: &str, lines: &[&str], pages, colour, s| {
        scans::scanned_pdf(&spec(title, lines, pages, colour, s))
    };
    Scans {
        passports: (0..4)
            .map(|i| {
                one(
                    "PASSPORT / PASSEPORT",
                    &["Identity page", "Page d'identité", "Machine readable zone"],
                    1,
                    colour,
                    seed ^ (100 + i),
                )
            })
            .collect(),
        forms: [
            "A-0524-AA Part 1 / Partie 1",
            "A-0524-BA Part 1 / Partie 1",
            "Part 2 / Partie 2",
        ]
        .iter()
        .enumerate()
        .map(|(i, title)| {
            one(
                title,
                &[
                    "Application for permanent selection",
                    "Demande de sélection permanente",
                    "Signature",
                ],
                3,
                colour,
                seed ^ (200 + i as u64),
            )
        })
        .collect(),
        diplomas: (0..3)
            .map(|i| {
                one(
                    "DIPLOMA / DIPLÔME",
                    &["Master of Science", "Maîtrise ès sciences", "Université"],
                    2,
                    colour,
                    seed ^ (300 + i),
                )
            })
            .collect(),
        experience: (0..2)
            .map(|i| {
                one(
                    "Employment letter / Attestation d'emploi",
                    &["Software developer", "Développeur logiciel", "Full time"],
                    4,
                    colour,
                    seed ^ (400 + i),
                )
            })
            .collect(),
        greyscale: one(
            "BIRTH CERTIFICATE / ACTE DE NAISSANCE",
            &["Greyscale copy", "Copie en niveaux de gris"],
            1,
            ScanColour::Greyscale,
            seed ^ 500,
        ),
        corrupt: scans::corrupt_pdf(seed ^ 600),
        encrypted: scans::encrypted_pdf(
            &spec(
                "Bank statement / Relevé bancaire",
                &["Protected"],
                1,
                colour,
                seed ^ 700,
            ),
            "dossier-demo",
        ),
    }
}

fn code<T: Serialize>(v: T) -> Value {
    serde_json::to_value(v).expect("a code serialises")
}

/// Writes `options.cases` application bundles (and some later documents) under `dir`.
pub fn write_bundles(dir: &Path, options: &DemoOptions) -> Result<BundleSummary, DemoError> {
    if options.cases > crate::MAX_CASES {
        return Err(DemoError::TooMany(options.cases));
    }
    std::fs::create_dir_all(dir).map_err(|e| DemoError::Bundles(e.to_string()))?;
    let def = program::ProgramDefinition::builtin();
    let pool = scans(options.seed);
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let (open, close) = window();
    let last = close.min(options.now - Duration::minutes(1));
    let span = (last - open).num_seconds().max(1);
    let mut times: Vec<i64> = (0..options.cases).map(|_| rng.gen_range(0..span)).collect();
    times.sort_unstable();
    let mut summary = BundleSummary {
        dir: dir.display().to_string(),
        applications: 0,
        later_documents: 0,
        documents: 0,
    };
    for (i, offset) in times.into_iter().enumerate() {
        let received_at: DateTime<Utc> = open + Duration::seconds(offset);
        let id = format!("ARR-DEMO-{:06}", i + 1);
        let stream = if rng.gen_bool(0.3) {
            Stream::Ai
        } else {
            Stream::ItVfx
        };
        let profile = if rng.gen_bool(0.35) {
            Profile::Francization
        } else {
            Profile::Regular
        };
        let language = if rng.gen_bool(0.6) {
            Language::Fr
        } else {
            Language::En
        };
        let persons = family(&mut rng, received_at);
        let representative = rng.gen_bool(0.25).then(|| names::representative(&mut rng));
        let refs: Vec<String> = (1..=persons.len()).map(|n| format!("p{n}")).collect();
        let persons_json: Vec<Value> = persons
            .iter()
            .zip(&refs)
            .map(|(p, r)| {
                json!({
                    "ref": r,
                    "role": code(p.role),
                    "family_name": p.family_name,
                    "given_names": p.given_names,
                    "date_of_birth": p.date_of_birth,
                    "attestation_held": p.attestation_held,
                })
            })
            .collect();
        // The fees, as the portal takes them with the application (when the program's
        // schedule covers the day of receipt).
        let composition = FamilyComposition {
            spouse: persons.iter().any(|p| p.role == PersonRole::Spouse),
            children: persons
                .iter()
                .filter(|p| p.role == PersonRole::DependentChild)
                .count() as u32,
        };
        let day = program::montreal_date(received_at);
        let payment = program::fees::fees_due(def, day, composition)
            .ok()
            .map(|due| {
                let cents = due.total.cents();
                json!({
                    "amount": format!("{}.{:02}", cents / 100, cents % 100),
                    "currency": "CAD",
                    "method": "credit_card",
                    "payer": "applicant",
                    "paid_on": day,
                })
            });

        let form = if stream == Stream::Ai {
            &pool.forms[0]
        } else {
            &pool.forms[1]
        };
        let mut docs: Vec<(&[u8], Option<&str>, &str, String)> = vec![
            (form, None, "form_part_1", "formulaire-partie-1.pdf".into()),
            (
                &pool.forms[2],
                None,
                "form_part_2",
                "formulaire-partie-2.pdf".into(),
            ),
            (
                &pool.passports[i % pool.passports.len()],
                Some("p1"),
                "identity_document",
                "passeport.pdf".into(),
            ),
            (
                &pool.diplomas[i % pool.diplomas.len()],
                Some("p1"),
                "diplomas",
                "diplome.pdf".into(),
            ),
        ];
        // One file in ten sends its work experience later, through the portal (F4).
        let later = i % 10 == 5;
        let experience: (&[u8], Option<&str>, &str, String) = (
            &pool.experience[i % pool.experience.len()],
            Some("p1"),
            "work_experience",
            "attestation-emploi.pdf".into(),
        );
        if !later {
            docs.push(experience.clone());
        }
        for (p, r) in persons.iter().zip(&refs) {
            if p.role == PersonRole::DependentChild {
                docs.push((
                    &pool.greyscale,
                    Some(r.as_str()),
                    "child_relationship_proof",
                    format!("acte-naissance-{}-{r}.pdf", p.given_names.to_lowercase()),
                ));
            }
        }
        match i {
            0 => docs.push((
                &pool.corrupt,
                Some("p1"),
                "identity_document",
                "passeport-illisible.pdf".into(),
            )),
            1 => docs.push((
                &pool.encrypted,
                None,
                "employer_documents",
                "lettre-employeur-protegee.pdf".into(),
            )),
            _ => {}
        }
        let documents: Vec<Value> = docs
            .iter()
            .map(|(_, person, item, name)| {
                let mut d = json!({"file": format!("documents/{name}"), "item": item});
                if let Some(r) = person {
                    d["person"] = json!(r);
                }
                d
            })
            .collect();
        let mut submission = json!({
            "format": portal::submission::FORMAT,
            "submission_id": id,
            "kind": "application",
            "received_at": received_at.with_timezone(&chrono_tz::America::Montreal).to_rfc3339(),
            "program": def.code,
            "stream": code(stream),
            "profile": code(profile),
            "language": code(language),
            "persons": persons_json,
            "documents": documents,
        });
        if let Some(r) = &representative {
            submission["representative"] = json!({
                "name": r.name,
                "organization": r.organization,
                "email": r.email,
                "licence": r.licence,
            });
        }
        if let Some(p) = payment {
            submission["payment"] = p;
        }
        write(dir, submission, &docs)?;
        summary.applications += 1;
        summary.documents += docs.len() as u64;

        let sent = received_at + Duration::days(20);
        if later && sent < options.now {
            let (bytes, person, item, name) = &experience;
            let submission = json!({
                "format": portal::submission::FORMAT,
                "submission_id": id,
                "kind": "documents",
                "sequence": 2,
                "received_at": sent.with_timezone(&chrono_tz::America::Montreal).to_rfc3339(),
                "documents": [{"file": format!("documents/{name}"), "item": item, "person": person}],
            });
            write(dir, submission, &[(bytes, *person, item, name.clone())])?;
            summary.later_documents += 1;
            summary.documents += 1;
        }
    }
    Ok(summary)
}

fn write(
    dir: &Path,
    submission: Value,
    docs: &[(&[u8], Option<&str>, &str, String)],
) -> Result<(), DemoError> {
    let submission: portal::Submission =
        serde_json::from_value(submission).map_err(|e| DemoError::Bundles(e.to_string()))?;
    let files: Vec<(String, &[u8])> = docs
        .iter()
        .map(|(bytes, _, _, name)| (format!("documents/{name}"), *bytes))
        .collect();
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    portal::write::write_folder(dir, &submission, &files)
        .map_err(|e| DemoError::Bundles(e.to_string()))?;
    Ok(())
}
