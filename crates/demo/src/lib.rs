//! Deterministic demo data: a seeded generator of realistic files (both streams and
//! profiles, receipt times inside the window, families with ages on both sides of 16 and
//! 18, some representatives) and of real scanned-looking PDFs (colour, greyscale,
//! multi-page, one corrupt, one password-protected), all written through the store's one
//! write path so the demo has an honest operation log. The same seed and "now" give the
//! same files.
//!
//! Each document's quality is checked with pdfium (`pdf::inspect`) before it is added,
//! as intake would, and the report travels in its `DocumentAdded` operation; without
//! the pdfium library the documents are added unchecked (`quality: None`).

mod bundles;
mod names;

pub use bundles::{BundleSummary, write_bundles};

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::America::Montreal;
use program::{FixedClock, Language, PersonRole, Profile, Stream};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use scans::{ScanColour, ScanSpec};
use serde::Serialize;
use store::ops::NewPerson;
use store::{
    Actor, CaseId, Change, DocumentId, NoteId, PersonId, RequestId, Store, StoreError, StoreKey,
};

/// The most cases the generator makes in one run.
pub const MAX_CASES: u32 = 100_000;

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub cases: u32,
    pub seed: u64,
    /// Leave a store that already holds files untouched.
    pub if_empty: bool,
    /// The moment the demo's requests are dated around (requests were sent in the weeks
    /// before it, so the queue has overdue files and files due this week).
    pub now: DateTime<Utc>,
}

/// What a run wrote.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    pub store: String,
    pub cases: u64,
    pub documents: u64,
    pub operations: u64,
    pub skipped: bool,
    /// Whether documents were quality-checked (false when pdfium is missing; the
    /// reason is in `quality_unchecked_reason`).
    pub quality_checked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality_unchecked_reason: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("at most {MAX_CASES} demo cases can be made in one run; {0} were asked")]
    TooMany(u32),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the demo's portal bundles: {0} (check that the folder is writable)")]
    Bundles(String),
}

/// A document template of the pool: demo files share these PDFs (content-addressed, so
/// each is stored once), which keeps 100,000 files small on disk.
struct PoolDoc {
    sha256: String,
    size: u64,
    quality: Option<store::QualityReport>,
}

/// The demo's scans: as bytes ([`scans`]), or stored and checked in a store (`PoolDoc`).
struct Scans<T> {
    passports: Vec<T>,
    forms: Vec<T>,
    diplomas: Vec<T>,
    experience: Vec<T>,
    greyscale: T,
    corrupt: T,
    encrypted: T,
}

type Pool = Scans<PoolDoc>;

impl<T> Scans<T> {
    /// Each scan through `f`, in the order they were made.
    fn try_map<U, E>(self, mut f: impl FnMut(T) -> Result<U, E>) -> Result<Scans<U>, E> {
        let mut all = |v: Vec<T>| v.into_iter().map(&mut f).collect::<Result<Vec<U>, E>>();
        let passports = all(self.passports)?;
        let forms = all(self.forms)?;
        let diplomas = all(self.diplomas)?;
        let experience = all(self.experience)?;
        Ok(Scans {
            passports,
            forms,
            diplomas,
            experience,
            greyscale: f(self.greyscale)?,
            corrupt: f(self.corrupt)?,
            encrypted: f(self.encrypted)?,
        })
    }

    /// The scan a planned document of file `i` uses.
    fn get(&self, source: Source, i: usize) -> &T {
        match source {
            Source::Form(n) => &self.forms[n],
            Source::Passport => &self.passports[i % self.passports.len()],
            Source::Diploma => &self.diplomas[i % self.diplomas.len()],
            Source::Experience => &self.experience[i % self.experience.len()],
            Source::Greyscale => &self.greyscale,
            Source::Corrupt => &self.corrupt,
            Source::Encrypted => &self.encrypted,
        }
    }
}

/// Which of the demo's scans a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Form(usize),
    Passport,
    Diploma,
    Experience,
    Greyscale,
    Corrupt,
    Encrypted,
}

/// A document of a demo application: its scan, the person it concerns (an index in the
/// family), its checklist item and its file name.
#[derive(Debug, Clone)]
struct Planned {
    source: Source,
    person: Option<usize>,
    item: String,
    name: String,
}

/// Every third application (`i % 3 == 2`) sends a document for every item of its
/// checklist, so the demo has files an officer verifies from start to end.
pub(crate) fn sends_everything(i: usize) -> bool {
    i % 3 == 2
}

/// The checklist the application of `persons` in `stream` owes on `on` (both parents
/// accompany a child when a spouse is on the application, as the decider assumes).
fn checklist_of(
    stream: Stream,
    persons: &[NewPerson],
    on: chrono::NaiveDate,
) -> Vec<program::RequiredItem> {
    let spouse = persons.iter().any(|q| q.role == PersonRole::Spouse);
    let file = program::CaseFile {
        stream,
        ai_notice_required: false,
        members: persons
            .iter()
            .map(|p| program::FamilyMember {
                key: program::PersonKey(p.id.to_string()),
                role: p.role,
                date_of_birth: p.date_of_birth,
                both_parents_accompany: spouse,
            })
            .collect(),
    };
    program::admissibility::required_items(program::ProgramDefinition::builtin(), &file, on)
}

/// The documents of demo application `i`, received on `on`: forms, the principal's
/// passport, diploma and work experience, and a birth certificate for each child; for an
/// application that sends everything, one more document for each other item of its
/// checklist. Special documents go to the first files so a small demo always has them.
fn planned_documents(
    i: usize,
    stream: Stream,
    persons: &[NewPerson],
    on: chrono::NaiveDate,
) -> Vec<Planned> {
    let plan = |source, person, item: &str, name: &str| Planned {
        source,
        person,
        item: item.to_owned(),
        name: name.to_owned(),
    };
    let form = if stream == Stream::Ai { 0 } else { 1 };
    let mut docs = vec![
        plan(
            Source::Form(form),
            None,
            "form_part_1",
            "formulaire-partie-1.pdf",
        ),
        plan(
            Source::Form(2),
            None,
            "form_part_2",
            "formulaire-partie-2.pdf",
        ),
        plan(
            Source::Passport,
            Some(0),
            "identity_document",
            "passeport.pdf",
        ),
        plan(Source::Diploma, Some(0), "diplomas", "diplome.pdf"),
        plan(
            Source::Experience,
            Some(0),
            "work_experience",
            "attestation-emploi.pdf",
        ),
    ];
    for (k, p) in persons.iter().enumerate() {
        if p.role != PersonRole::DependentChild {
            continue;
        }
        // Named after the child; two children of the same name get their place too, so
        // no two documents of a file share a name.
        let given = p.given_names.to_lowercase();
        let twins = persons
            .iter()
            .filter(|q| q.role == PersonRole::DependentChild && q.given_names == p.given_names)
            .count();
        let name = if twins > 1 {
            format!("acte-naissance-{given}-{}.pdf", k + 1)
        } else {
            format!("acte-naissance-{given}.pdf")
        };
        // Greyscale (F2: a defect the checks flag), except in the applications that send
        // everything right.
        let source = if sends_everything(i) {
            Source::Experience
        } else {
            Source::Greyscale
        };
        docs.push(plan(source, Some(k), "child_relationship_proof", &name));
    }
    match i {
        0 => docs.push(plan(
            Source::Corrupt,
            Some(0),
            "identity_document",
            "passeport-illisible.pdf",
        )),
        1 => docs.push(plan(
            Source::Encrypted,
            None,
            "employer_documents",
            "lettre-employeur-protegee.pdf",
        )),
        2 => docs.push(plan(
            Source::Greyscale,
            Some(0),
            "identity_document",
            "certificat-gris.pdf",
        )),
        _ => {}
    }
    if sends_everything(i) {
        for item in checklist_of(stream, persons, on) {
            let person = item
                .person
                .as_ref()
                .and_then(|k| persons.iter().position(|p| p.id.to_string() == k.as_str()));
            if docs
                .iter()
                .any(|d| d.item == item.code.as_str() && d.person == person)
            {
                continue;
            }
            let source = if item.code.as_str() == "identity_document" {
                Source::Passport
            } else if item.is_form() {
                Source::Form(2)
            } else {
                Source::Experience
            };
            let stem = item.code.as_str().replace('_', "-");
            let name = match person {
                // Two members of the same given name get their place too: no two
                // documents of a file share a name.
                Some(k) => {
                    let given = &persons[k].given_names;
                    let namesakes = persons.iter().filter(|p| &p.given_names == given).count();
                    if namesakes > 1 {
                        format!("{stem}-{}-{}.pdf", given.to_lowercase(), k + 1)
                    } else {
                        format!("{stem}-{}.pdf", given.to_lowercase())
                    }
                }
                None => format!("{stem}.pdf"),
            };
            docs.push(plan(source, person, item.code.as_str(), &name));
        }
    }
    docs
}

/// What the demo draws for one application, in the generator's order: its stream,
/// profile, language of correspondence, family and representative.
struct Applicant {
    stream: Stream,
    profile: Profile,
    language: Language,
    persons: Vec<NewPerson>,
    representative: Option<store::ops::NewRepresentative>,
}

fn applicant(rng: &mut ChaCha8Rng, received_at: DateTime<Utc>) -> Applicant {
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
    let persons = family(rng, received_at);
    let representative = rng.gen_bool(0.25).then(|| names::representative(rng));
    Applicant {
        stream,
        profile,
        language,
        persons,
        representative,
    }
}

/// `cases` receipt offsets (seconds after the window opens) within `span`, in order, so
/// that file numbers follow receipt order as they would at intake.
fn receipt_offsets(rng: &mut ChaCha8Rng, cases: u32, span: i64) -> Vec<i64> {
    let mut times: Vec<i64> = (0..cases).map(|_| rng.gen_range(0..span)).collect();
    times.sort_unstable();
    times
}

fn spec(title: &str, lines: &[&str], pages: u32, colour: ScanColour, seed: u64) -> ScanSpec {
    ScanSpec {
        title: title.to_owned(),
        lines: lines.iter().map(|s| (*s).to_owned()).collect(),
        pages,
        colour,
        dpi: 150,
        seed,
        text_layer: true,
    }
}

/// Runs the quality checks on a document's bytes, as intake does before adding it:
/// `None` when they cannot run (no pdfium library), so the document shows "not checked".
pub fn check_quality(
    worker: &pdf::PdfWorker,
    key: &str,
    bytes: Vec<u8>,
) -> Option<store::QualityReport> {
    let report = worker
        .inspect_blocking(pdf::DocumentRef::bytes(key, bytes))
        .ok()?;
    stored_report(&report).ok()
}

/// The store's copy of a `pdf` quality report (the two types share one JSON shape; the
/// store keeps its own so the operation log does not change with the `pdf` crate).
pub fn stored_report(
    report: &pdf::QualityReport,
) -> Result<store::QualityReport, serde_json::Error> {
    serde_json::from_value(serde_json::to_value(report)?)
}

/// The demo's scans, made from `seed`; the employment letters have `experience_pages`
/// pages (20 in a store, to try the viewer on a long document).
fn scans(seed: u64, experience_pages: u32) -> Scans<Vec<u8>> {
    let colour = ScanColour::Colour;
    let mut passports = Vec::new();
    for i in 0..4 {
        passports.push(scans::scanned_pdf(&spec(
            "PASSPORT / PASSEPORT",
            &["Identity page", "Page d'identité", "Machine readable zone"],
            1,
            colour,
            seed ^ (100 + i),
        )));
    }
    let mut forms = Vec::new();
    for (i, title) in [
        "A-0524-AA Part 1 / Partie 1",
        "A-0524-BA Part 1 / Partie 1",
        "Part 2 / Partie 2",
    ]
    .iter()
    .enumerate()
    {
        forms.push(scans::scanned_pdf(&spec(
            title,
            &[
                "Application for permanent selection",
                "Demande de sélection permanente",
                "Signature",
            ],
            3,
            colour,
            seed ^ (200 + i as u64),
        )));
    }
    let mut diplomas = Vec::new();
    for i in 0..3 {
        diplomas.push(scans::scanned_pdf(&spec(
            "DIPLOMA / DIPLÔME",
            &["Master of Science", "Maîtrise ès sciences", "Université"],
            2,
            colour,
            seed ^ (300 + i),
        )));
    }
    let mut experience = Vec::new();
    for i in 0..2 {
        experience.push(scans::scanned_pdf(&spec(
            "Employment letter / Attestation d'emploi",
            &[
                "Software developer",
                "Développeur logiciel",
                "Full time, 40 h/week",
            ],
            experience_pages,
            colour,
            seed ^ (400 + i),
        )));
    }
    let greyscale = scans::scanned_pdf(&spec(
        "BIRTH CERTIFICATE / ACTE DE NAISSANCE",
        &["Greyscale copy", "Copie en niveaux de gris"],
        1,
        ScanColour::Greyscale,
        seed ^ 500,
    ));
    let corrupt = scans::corrupt_pdf(seed ^ 600);
    let encrypted = scans::encrypted_pdf(
        &spec(
            "Bank statement / Relevé bancaire",
            &["Protected"],
            1,
            colour,
            seed ^ 700,
        ),
        "dossier-demo",
    );
    Scans {
        passports,
        forms,
        diplomas,
        experience,
        greyscale,
        corrupt,
        encrypted,
    }
}

/// The demo's scans stored in `store` and checked with pdfium, once each.
fn build_pool(store: &Store, seed: u64, worker: &pdf::PdfWorker) -> Result<Pool, StoreError> {
    scans(seed, 20).try_map(|bytes| {
        let size = bytes.len() as u64;
        let sha256 = store.blobs().put(&bytes)?;
        let quality = check_quality(worker, &sha256, bytes);
        Ok(PoolDoc {
            sha256,
            size,
            quality,
        })
    })
}

/// The receipt window (I1) in Québec time, from the built-in program definition.
fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    let def = program::ProgramDefinition::builtin();
    let (open, close) = (def.window.opens, def.window.closes);
    (
        montreal_midnight(open),
        montreal_midnight(close + Days::new(1)) - Duration::seconds(1),
    )
}

/// Fills the store at `path` (encrypted with `key`) with demo files.
pub fn fill(path: &Path, key: &StoreKey, options: &DemoOptions) -> Result<DemoSummary, DemoError> {
    if options.cases > MAX_CASES {
        return Err(DemoError::TooMany(options.cases));
    }
    let store = Store::open_with_clock(path, key, Arc::new(FixedClock(options.now)))?;
    if options.if_empty && store.case_count()? > 0 {
        return Ok(summary(&store, true, None)?);
    }
    let worker = pdf::PdfWorker::start(pdf::WorkerConfig {
        cache_bytes: 1024 * 1024,
        prefetch_pages: 0,
        ..pdf::WorkerConfig::default()
    });
    let unchecked = worker.library().err().map(ToString::to_string);
    // Made up by fictitious users: never to be synchronised with a server.
    store.set_sync_value(store::sync::SyncKey::DemoData, Some("1"))?;
    store.set_durability(store::Durability::Bulk)?;
    let result = generate(&store, options, &worker);
    store.set_durability(store::Durability::Full)?;
    store.checkpoint()?;
    result?;
    Ok(summary(&store, false, unchecked)?)
}

fn summary(
    store: &Store,
    skipped: bool,
    unchecked: Option<String>,
) -> Result<DemoSummary, StoreError> {
    Ok(DemoSummary {
        store: store.path().display().to_string(),
        cases: store.case_count()?,
        documents: store.document_count()?,
        operations: store.operation_count()?,
        skipped,
        quality_checked: !skipped && unchecked.is_none(),
        quality_unchecked_reason: unchecked,
    })
}

fn generate(
    store: &Store,
    options: &DemoOptions,
    worker: &pdf::PdfWorker,
) -> Result<(), StoreError> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let pool = build_pool(store, options.seed, worker)?;
    // Intake and assignment are a supervisor's (the decider's role table).
    let intake = Actor::supervisor("intake");
    let officers = [
        Actor::officer("agent.tremblay"),
        Actor::officer("agent.nguyen"),
    ];
    let (open, close) = window();
    let span = (close - open).num_seconds();
    let times = receipt_offsets(&mut rng, options.cases, span);
    let base = store.case_count()?;
    for (i, offset) in times.into_iter().enumerate() {
        // A file is never received after "now" (a demo dated inside the window).
        let received_at =
            (open + Duration::seconds(offset)).min(options.now - Duration::minutes(1));
        let index = base + i as u64 + 1;
        let case_id = CaseId::new();
        let Applicant {
            stream,
            profile,
            language,
            persons,
            representative,
        } = applicant(&mut rng, received_at);
        let year = program::montreal_date(received_at).format("%Y");
        let file_number = format!("{year}-{}-{index:06}", stream.file_code());
        store.apply(
            &intake,
            case_id,
            Change::CaseReceived {
                file_number,
                stream,
                profile,
                received_at,
                language,
                persons: persons.clone(),
                representative,
            },
        )?;
        let officer = &officers[i % officers.len()];
        store.apply(
            &intake,
            case_id,
            Change::CaseAssigned {
                officer: officer.user.clone(),
            },
        )?;

        for doc in planned_documents(i, stream, &persons, program::montreal_date(received_at)) {
            let scan = pool.get(doc.source, i);
            store.apply(
                &intake,
                case_id,
                Change::DocumentAdded {
                    document_id: DocumentId::new(),
                    person_id: doc.person.map(|k| persons[k].id),
                    checklist_code: Some(doc.item),
                    file_name: doc.name,
                    sha256: scan.sha256.clone(),
                    byte_size: scan.size,
                    received_at,
                    quality: scan.quality.clone(),
                },
            )?;
        }

        // $2: an application that sends everything also paid through the portal, when
        // the schedule of its receipt date is known.
        if sends_everything(i)
            && let Some(due) = store.casework(case_id, &intake)?.fees.outstanding
            && due.cents() > 0
        {
            store.apply(
                &intake,
                case_id,
                Change::PaymentRecorded {
                    payment_id: store::PaymentId::new(),
                    amount: due,
                    paid_on: program::montreal_date(received_at),
                    payer: program::fees::Payer::Applicant,
                },
            )?;
        }

        // P4: in some AI-stream files the employer had to obtain the TECHNOCompétences
        // notice; the officer records it, and the notice joins the checklist.
        if stream == Stream::Ai && i % 4 == 1 {
            store.apply(
                officer,
                case_id,
                Change::AiNoticeRequirementRecorded { required: true },
            )?;
        }

        // Where the file is now: a share in each status, with requests sent in the last
        // weeks before "now" so some are overdue and some due this week.
        let roll: f64 = rng.r#gen();
        if roll < 0.25 {
            continue;
        }
        store.apply(officer, case_id, Change::AdmissibilityReviewStarted)?;
        if roll < 0.45 {
            continue;
        }
        if roll < 0.70 {
            let sent_at = options.now - Duration::hours(rng.gen_range(12..24 * 75));
            store.apply(
                officer,
                case_id,
                Change::MissingItemsRequested {
                    request_id: RequestId::new(),
                    items: store.missing_item_keys(case_id)?,
                    sent_at,
                },
            )?;
            continue;
        }
        // A1: the rest of the checklist arrives and the fees are paid; a file whose fee
        // schedule is unknown (received before 2024) stays in its admissibility review.
        if !complete_file(store, officer, case_id, &pool.forms[2], received_at)? {
            continue;
        }
        store.apply(officer, case_id, Change::AdmissibleRecorded)?;
        if roll < 0.85 {
            if rng.gen_bool(0.3) {
                store.apply(
                    officer,
                    case_id,
                    Change::NoteAdded {
                        note_id: NoteId::new(),
                        body: "Dossier complet; vérifier l'expérience de travail.".into(),
                    },
                )?;
            }
            continue;
        }
        let sent_at = options.now - Duration::hours(rng.gen_range(12..24 * 70));
        let must: Vec<PersonId> = persons
            .iter()
            .filter(|p| !p.attestation_held)
            .filter(|p| match p.role {
                PersonRole::PrincipalApplicant => true,
                PersonRole::Spouse => {
                    program::family::age_on(p.date_of_birth, program::montreal_date(sent_at)) >= 16
                }
                PersonRole::DependentChild => {
                    program::family::age_on(p.date_of_birth, program::montreal_date(sent_at)) >= 18
                }
            })
            .map(|p| p.id)
            .collect();
        if !must.is_empty() {
            store.apply(
                officer,
                case_id,
                Change::AttestationRequested {
                    request_id: RequestId::new(),
                    persons: must,
                    sent_at,
                },
            )?;
        }
    }
    Ok(())
}

/// Receives every item the file still lacks (each as a document of the file) and the
/// fees it owes. `false` when the fees cannot be known (no schedule for the receipt date).
fn complete_file(
    store: &Store,
    officer: &Actor,
    case_id: CaseId,
    doc: &PoolDoc,
    received_at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let work = store.casework(case_id, officer)?;
    let Some(outstanding) = work.fees.outstanding else {
        return Ok(false);
    };
    let state = store.file_state(case_id)?;
    for item in work
        .checklist
        .iter()
        .filter(|c| c.standing == store::work::ItemStanding::Missing)
    {
        // A document submitted for the item that no quality flag holds back, else one
        // that arrives now.
        let clean = item
            .submitted
            .iter()
            .find(|d| state.open_flags(Some(**d)).is_empty());
        let document_id = match clean {
            Some(id) => *id,
            None => {
                let document_id = DocumentId::new();
                store.apply(
                    officer,
                    case_id,
                    Change::DocumentAdded {
                        document_id,
                        person_id: item.person_id,
                        checklist_code: Some(item.code.clone()),
                        file_name: format!("{}.pdf", item.code),
                        sha256: doc.sha256.clone(),
                        byte_size: doc.size,
                        received_at,
                        quality: doc.quality.clone(),
                    },
                )?;
                document_id
            }
        };
        store.apply(
            officer,
            case_id,
            Change::ChecklistItemReceived {
                code: item.code.as_str().into(),
                person_id: item.person_id,
                document_id,
            },
        )?;
    }
    if outstanding.cents() > 0 {
        store.apply(
            officer,
            case_id,
            Change::PaymentRecorded {
                payment_id: store::PaymentId::new(),
                amount: outstanding,
                paid_on: program::montreal_date(received_at),
                payer: program::fees::Payer::Applicant,
            },
        )?;
    }
    Ok(true)
}

/// A family: the principal applicant, maybe a spouse, and children whose ages fall on
/// both sides of 16 and 18 on the receipt date.
fn family(rng: &mut ChaCha8Rng, received_at: DateTime<Utc>) -> Vec<NewPerson> {
    let on = program::montreal_date(received_at);
    let born = |rng: &mut ChaCha8Rng, years: u32| -> NaiveDate {
        let days = u64::from(years) * 365 + u64::from(years / 4) + rng.gen_range(0..365);
        on - Days::new(days)
    };
    let family_name = names::family(rng);
    let principal_age = rng.gen_range(24..52);
    let mut persons = vec![NewPerson {
        id: PersonId::new(),
        role: PersonRole::PrincipalApplicant,
        family_name: family_name.to_owned(),
        given_names: names::given(rng).to_owned(),
        date_of_birth: born(rng, principal_age),
        attestation_held: rng.gen_bool(0.1),
    }];
    if rng.gen_bool(0.5) {
        let spouse_age = if rng.gen_bool(0.05) {
            15
        } else {
            rng.gen_range(23..50)
        };
        persons.push(NewPerson {
            id: PersonId::new(),
            role: PersonRole::Spouse,
            family_name: if rng.gen_bool(0.5) {
                family_name.to_owned()
            } else {
                names::family(rng).to_owned()
            },
            given_names: names::given(rng).to_owned(),
            date_of_birth: born(rng, spouse_age),
            attestation_held: rng.gen_bool(0.1),
        });
    }
    let children = [0, 0, 1, 1, 2, 3][rng.gen_range(0..6)];
    for _ in 0..children {
        // Ages 0 to 21, with extra weight on 15–19 so both sides of 16 and 18 appear.
        let age = if rng.gen_bool(0.5) {
            rng.gen_range(15..20)
        } else {
            rng.gen_range(0..22)
        };
        persons.push(NewPerson {
            id: PersonId::new(),
            role: PersonRole::DependentChild,
            family_name: family_name.to_owned(),
            given_names: names::given(rng).to_owned(),
            date_of_birth: born(rng, age),
            attestation_held: false,
        });
    }
    persons
}

fn montreal_midnight(day: NaiveDate) -> DateTime<Utc> {
    Montreal
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
        .earliest()
        .expect("midnight exists in America/Montreal")
        .with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The portal refuses a bundle naming a file twice: no two documents of an
    /// application share a name, twins and namesakes included, and an application that
    /// sends everything has a document for each item of its checklist.
    #[test]
    fn each_application_names_its_documents_once_and_the_complete_ones_cover_their_checklist() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let received_at = Utc.with_ymd_and_hms(2024, 3, 1, 15, 0, 0).unwrap();
        let on = program::montreal_date(received_at);
        for i in 0..600 {
            let a = applicant(&mut rng, received_at);
            let docs = planned_documents(i, a.stream, &a.persons, on);
            let mut names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(names.len(), before, "application {i}: {names:?}");
            if sends_everything(i) {
                for item in checklist_of(a.stream, &a.persons, on) {
                    let person = item.person.as_ref().and_then(|k| {
                        a.persons
                            .iter()
                            .position(|p| p.id.to_string() == k.as_str())
                    });
                    assert!(
                        docs.iter()
                            .any(|d| d.item == item.code.as_str() && d.person == person),
                        "application {i} lacks {}",
                        item.code
                    );
                }
            }
        }
    }
}
