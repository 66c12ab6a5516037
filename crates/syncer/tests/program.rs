//! P5, the program definition as live data, with real parts: a throwaway PostgreSQL, the
//! real `dossier-server` process (and its command line), and real stores driven by the
//! real sync engine, on the system's clock (a version takes effect at an instant).
//!
//! A file of the 2023 cohort (received 2023-12-05) has no fee row in the built-in
//! definition: the laptop says so plainly, and the file cannot be complete. An administrator loads
//! a definition with a (made-up) 2023 row; the laptop syncs it; the file shows its amount
//! due, takes the payment and becomes admissible, and the server accepts every step.
//! Then the refusals: a version that rewrites the row payments were charged at, and a
//! malformed file, named by line and field. Last, a laptop offline since before a new
//! version keeps deciding with the version it has; the server accepts what decides the
//! same under both, and refuses the rest as a clear conflict.

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use program::fees::Payer;
use program::{Cad, Language, PersonRole, Profile, ProgramVersionId, Stream, SystemClock};
use store::{Actor, CaseId, Change, DocumentId, PaymentId, PersonId, RequestId, Store};
use syncer::{Engine, EngineConfig};
use testkit::{PASSWORD, Server};

/// The built-in definition with a fee row for the 2023 cohort (amounts made up: the
/// seed page gives only 2024's).
fn with_2023_row(principal: &str) -> String {
    program::definition::BUILTIN_TOML.replace(
        "[[fees]]\neffective_from = 2024-01-01",
        &format!(
            "[[fees]]\neffective_from = 2023-11-23\neffective_until = 2023-12-31\n\
             principal = \"{principal}\"\nspouse = \"180.00\"\nchild = \"180.00\"\n\n\
             [[fees]]\neffective_from = 2024-01-01"
        ),
    )
}

struct Laptop {
    _dir: tempfile::TempDir,
    store: Arc<Store>,
    engine: Engine,
    actor: Actor,
}

impl Laptop {
    async fn new(server: &Server, actor: Actor) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(
            Store::open_with_clock(
                &dir.path().join("d.db"),
                &store::StoreKey::from_bytes([7; 32]),
                Arc::new(SystemClock),
            )
            .unwrap(),
        );
        let engine = Engine::new(
            store.clone(),
            &server.url,
            EngineConfig {
                download_documents: false,
                ..EngineConfig::default()
            },
            None,
        )
        .unwrap();
        engine.sign_in(&actor.user.0, PASSWORD).await.unwrap();
        Self {
            _dir: dir,
            store,
            engine,
            actor,
        }
    }

    fn apply(&self, case: CaseId, change: Change) -> store::Operation {
        self.store
            .apply(&self.actor, case, change)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    async fn sync(&self) -> syncer::RoundReport {
        let report = self.engine.sync_once().await.unwrap();
        assert_eq!(report.rejected, 0, "{:?}", self.store.conflicts().unwrap());
        report
    }
}

/// A file of the 2023 cohort, received by sam, assigned to ana, in review.
fn cohort_2023_file(sam: &Laptop) -> CaseId {
    let case = CaseId::new();
    sam.apply(
        case,
        Change::CaseReceived {
            file_number: "2023-AI-000007".into(),
            stream: Stream::Ai,
            profile: Profile::Regular,
            received_at: Utc.with_ymd_and_hms(2023, 12, 5, 15, 0, 0).unwrap(),
            language: Language::Fr,
            persons: vec![store::ops::NewPerson {
                id: PersonId::new(),
                role: PersonRole::PrincipalApplicant,
                family_name: "Nguyen".into(),
                given_names: "Linh".into(),
                date_of_birth: NaiveDate::from_ymd_opt(1991, 2, 3).unwrap(),
                attestation_held: false,
            }],
            representative: None,
        },
    );
    sam.apply(
        case,
        Change::CaseAssigned {
            officer: store::UserId("ana".into()),
        },
    );
    sam.apply(case, Change::AdmissibilityReviewStarted);
    case
}

fn payment(amount: Cad) -> Change {
    Change::PaymentRecorded {
        payment_id: PaymentId::new(),
        amount,
        paid_on: program::montreal_date(Utc::now()),
        payer: Payer::Applicant,
    }
}

/// Loads `text` with the server's command line; its output (stdout, or stderr on failure).
fn load(server: &Server, name: &str, text: &str) -> (bool, String) {
    let path = server.dir.join(name);
    std::fs::write(&path, text).unwrap();
    let out = server.admin(&["program", "load", path.to_str().unwrap()], None);
    let said = if out.status.success() {
        String::from_utf8_lossy(&out.stdout).into_owned()
    } else {
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    (out.status.success(), said)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dollar1_p5_a_2023_fee_row_loaded_on_the_server_lets_the_file_proceed_with_no_new_build() {
    let server = Server::start().await;
    let sam = Laptop::new(&server, Actor::supervisor("sam")).await;
    let ana = Laptop::new(&server, Actor::officer("ana")).await;
    let bob = Laptop::new(&server, Actor::officer("bob")).await;
    let case = cohort_2023_file(&sam);
    sam.sync().await;
    ana.sync().await;
    bob.sync().await;

    // Before: version 1 alone; the fees are plainly unknown and a payment is refused.
    assert_eq!(ana.store.programs().latest().id, ProgramVersionId::BUILTIN);
    let work = ana.store.casework(case, &ana.actor).unwrap();
    assert_eq!(work.fees.due, None);
    let unknown = work.fees.error.expect("the fees say why they are unknown");
    assert_eq!(unknown.id, "rule-fee-schedule-unknown");
    assert_eq!(
        unknown.render(Language::En),
        "the fee schedule for 2023-12-05 is not known; an administrator must add it to the \
         program definition"
    );
    // Not silently blocked: the file is not complete, and the fees are what it lacks.
    assert!(!work.admissible);
    assert!(work.gaps.iter().any(|g| g == "fees"), "{:?}", work.gaps);

    // A malformed definition: refused with the file, the line and the field.
    let (ok, said) = load(
        &server,
        "broken.toml",
        &with_2023_row("850.00").replace("principal = \"850.00\"", "principal = \"850,00$\""),
    );
    assert!(!ok, "{said}");
    let line = with_2023_row("850.00")
        .lines()
        .position(|l| l.contains("principal = \"850.00\""))
        .unwrap()
        + 1;
    assert!(
        said.contains("broken.toml")
            && said.contains(&format!("line {line}"))
            && said.contains("fees[0].principal"),
        "{said}"
    );

    // The administrator loads the 2023 row; the laptops take it at their next sync.
    let (ok, said) = load(&server, "pp-2023.toml", &with_2023_row("850.00"));
    assert!(ok, "{said}");
    assert!(said.contains("version 2"), "{said}");
    let report = ana.sync().await;
    assert!(report.programs_changed);
    assert_eq!(ana.store.programs().latest().id, ProgramVersionId(2));

    // The file proceeds: amount due, every item received, paid, admissible.
    let work = ana.store.casework(case, &ana.actor).unwrap();
    assert_eq!(work.fees.due, Some(Cad::from_dollars(850)));
    assert_eq!(work.fees.error, None);
    let bytes = b"%PDF-1.4 the applicant's documents, scanned ".repeat(8);
    let sha = ana.store.blobs().put(&bytes).unwrap();
    let document_id = DocumentId::new();
    ana.apply(
        case,
        Change::DocumentAdded {
            document_id,
            person_id: None,
            checklist_code: None,
            file_name: "dossier.pdf".into(),
            sha256: sha,
            byte_size: bytes.len() as u64,
            received_at: Utc::now(),
            quality: None,
        },
    );
    for item in &work.checklist {
        ana.apply(
            case,
            Change::ChecklistItemReceived {
                code: item.code.as_str().into(),
                person_id: item.person_id,
                document_id,
            },
        );
    }
    let paid = ana.apply(case, payment(Cad::from_dollars(850)));
    assert_eq!(paid.program, ProgramVersionId(2));
    assert!(ana.store.casework(case, &ana.actor).unwrap().admissible);
    ana.sync().await;
    assert_eq!(ana.store.pending_count().unwrap(), 0);
    assert!(ana.store.conflicts().unwrap().is_empty());
    // The server took each step, recorded as decided with version 2.
    assert_eq!(
        server
            .db
            .count(
                "SELECT count(*) FROM operations
                  WHERE kind = 'payment_recorded' AND program_version = 2"
            )
            .await,
        1
    );

    // Refused: a version that rewrites the row a payment was charged at.
    let (ok, said) = load(&server, "rewrite.toml", &with_2023_row("900.00"));
    assert!(!ok, "{said}");
    assert!(
        said.contains("2023-AI-000007") && said.contains("2023-12-05"),
        "{said}"
    );

    // Bob last synced before version 3 and goes offline; version 3 (longer missing-items
    // deadlines) takes effect now. Offline, bob keeps deciding with version 2.
    let other = CaseId::new();
    sam.apply(other, testkit::case_received("2024-AI-000008"));
    sam.apply(
        other,
        Change::CaseAssigned {
            officer: store::UserId("bob".into()),
        },
    );
    sam.apply(other, Change::AdmissibilityReviewStarted);
    sam.sync().await;
    bob.sync().await;
    assert_eq!(bob.store.programs().latest().id, ProgramVersionId(2));
    let v3 = with_2023_row("850.00").replace("missing_items_days = 60", "missing_items_days = 75");
    let (ok, said) = load(&server, "pp-v3.toml", &v3);
    assert!(ok, "{said}");

    let note = bob.apply(other, testkit::note_added("called the applicant"));
    let request = bob.apply(
        other,
        Change::MissingItemsRequested {
            request_id: RequestId::new(),
            items: bob.store.missing_item_keys(other).unwrap(),
            sent_at: Utc::now(),
        },
    );
    assert_eq!(note.program, ProgramVersionId(2));
    assert_eq!(request.program, ProgramVersionId(2));
    let last_day = |s: &Store| s.file_state(other).unwrap().requests[0].deadline.last_day;
    let offline_deadline = last_day(&bob.store);

    // Back online: the note decides the same under both versions and is accepted; the
    // request's deadline differs under version 3, a conflict that says so.
    let report = bob.engine.sync_once().await.unwrap();
    assert_eq!(report.rejected, 1, "{report:?}");
    let conflicts = bob.store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].operation.id, request.id);
    assert_eq!(
        conflicts[0].rejection.code,
        sync::codes::REJECT_PROGRAM_MISMATCH
    );
    let why = conflicts[0].rejection.reason.clone().expect("a reason");
    assert_eq!(why.id, "refusal-program-version-mismatch");
    assert!(why.render(Language::Fr).contains("version 3"), "{why:?}");
    assert_eq!(
        server
            .db
            .count(
                "SELECT count(*) FROM operations WHERE kind = 'note_added' AND program_version = 2"
            )
            .await,
        1
    );
    // Now holding version 3, bob asks again, and the deadline is version 3's.
    assert_eq!(bob.store.programs().latest().id, ProgramVersionId(3));
    let again = bob.apply(
        other,
        Change::MissingItemsRequested {
            request_id: RequestId::new(),
            items: bob.store.missing_item_keys(other).unwrap(),
            sent_at: Utc::now(),
        },
    );
    assert_eq!(again.program, ProgramVersionId(3));
    bob.sync().await;
    let deadline = last_day(&bob.store);
    assert_eq!((deadline - offline_deadline).num_days(), 15);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p5_a_supervisor_loads_a_version_only_when_allowed_and_everyone_receives_it() {
    let server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let request = sync::wire::LoadProgramRequest {
        file_name: "pp-2023.toml".into(),
        source: with_2023_row("850.00"),
        effective_at: None,
    };
    let refused = sam.load_program(&request).await.unwrap_err();
    assert_eq!(refused.code(), sync::codes::AUTH_FORBIDDEN, "{refused}");
    server.admin_ok(&["user", "allow-program", "--name", "sam"], None);
    let officer_refused = server.admin(&["user", "allow-program", "--name", "ana"], None);
    assert!(!officer_refused.status.success());

    // Malformed: the field, in the catalogue's words too.
    let broken = sync::wire::LoadProgramRequest {
        source: request
            .source
            .replace("limit = 700", "limit = \"seven hundred\""),
        ..request.clone()
    };
    let e = sam.load_program(&broken).await.unwrap_err();
    assert_eq!(e.code(), sync::codes::PROGRAM_INVALID, "{e}");
    let text = e.text();
    assert_eq!(text.id, "program-load-invalid");
    assert!(
        text.render(Language::Fr).contains("caps[0].limit"),
        "{text:?}"
    );

    let v2 = sam.load_program(&request).await.unwrap();
    assert_eq!(v2.id, ProgramVersionId(2));
    assert_eq!(v2.loaded_by, "sam");
    let ana = server.signed_in("ana").await;
    let versions = ana.program_versions().await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.id.0).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(versions[0].source, program::definition::BUILTIN_TOML);
    // A version that would take effect in the past is refused.
    let past = sync::wire::LoadProgramRequest {
        effective_at: Some(Utc::now() - chrono::Duration::days(1)),
        ..request
    };
    let e = sam.load_program(&past).await.unwrap_err();
    assert_eq!(e.code(), sync::codes::PROGRAM_REFUSED, "{e}");
    assert_eq!(e.text().id, "program-load-in-the-past");
}
