//! The demo's applications as the applicants' portal sends them (`../shared/portal.md`):
//! one bundle folder per application, with its scanned documents, and for some files a
//! later bundle of documents (F4). `scripts/server-demo.sh` imports them through the
//! server's front door (`dossier-server intake import`), so the server decides caps and
//! receipt, checks the documents and writes the acknowledgements, exactly as for real
//! submissions. The same seed and "now" give the same bundles.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use program::PersonRole;
use program::fees::FamilyComposition;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use serde_json::{Value, json};

use crate::{
    Applicant, DemoError, DemoOptions, Planned, applicant, planned_documents, receipt_offsets,
    scans, window,
};

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
    // Shorter employment letters than in a store: the bundles are written to disk.
    let pool = scans(options.seed, 4);
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let (open, close) = window();
    let last = close.min(options.now - Duration::minutes(1));
    let span = (last - open).num_seconds().max(1);
    let mut summary = BundleSummary {
        dir: dir.display().to_string(),
        applications: 0,
        later_documents: 0,
        documents: 0,
    };
    for (i, offset) in receipt_offsets(&mut rng, options.cases, span)
        .into_iter()
        .enumerate()
    {
        let received_at: DateTime<Utc> = open + Duration::seconds(offset);
        let id = format!("ARR-DEMO-{:06}", i + 1);
        let Applicant {
            stream,
            profile,
            language,
            persons,
            representative,
        } = applicant(&mut rng, received_at);
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

        // One file in ten sends its work experience later, through the portal (F4).
        let (later, docs): (Vec<Planned>, Vec<Planned>) =
            planned_documents(i, stream, &persons, day)
                .into_iter()
                .partition(|d| i % 10 == 5 && d.item == "work_experience");
        let docs: Vec<(&[u8], Option<&str>, &str, String)> = docs
            .iter()
            .map(|d| {
                let person = d.person.map(|k| refs[k].as_str());
                (
                    pool.get(d.source, i).as_slice(),
                    person,
                    d.item.as_str(),
                    d.name.clone(),
                )
            })
            .collect();
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
        if let Some(d) = later.first()
            && sent < options.now
        {
            let person = d.person.map(|k| refs[k].as_str());
            let submission = json!({
                "format": portal::submission::FORMAT,
                "submission_id": id,
                "kind": "documents",
                "sequence": 2,
                "received_at": sent.with_timezone(&chrono_tz::America::Montreal).to_rfc3339(),
                "documents": [{"file": format!("documents/{}", d.name), "item": d.item, "person": person}],
            });
            let bytes = pool.get(d.source, i).as_slice();
            write(dir, submission, &[(bytes, person, &d.item, d.name.clone())])?;
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
