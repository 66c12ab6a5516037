//! The operations a bundle becomes, built without I/O: a received application is
//! `case_received` (the file and its family), `payment_recorded` when the portal took
//! the fees, and one `document_added` per document with its quality report; later
//! documents are `document_added` on the file. Every id is derived from the portal's
//! keys (UUIDv5 of the submission id, the sequence, the person's `ref`, the file's path),
//! so recording a bundle twice would name the same file, persons, documents and
//! operations: a retry is a duplicate, never a second copy.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use oplog::hlc::Hlc;
use oplog::ids::{Actor, CaseId, DocumentId, OperationId, PaymentId, PersonId, Role, UserId};
use oplog::quality::QualityReport;
use oplog::{Change, NewPerson, NewRepresentative};
use portal::Bundle;
use sync::wire::WireOperation;
use uuid::Uuid;

/// The namespace of every id intake derives (a UUIDv5 of "dossier intake").
const NAMESPACE: Uuid = Uuid::from_u128(0x6b1f_4a2e_9d0c_5e71_a3b8_1c2d_7e4f_0a91);

fn derived(parts: &[&str]) -> Uuid {
    Uuid::new_v5(&NAMESPACE, parts.join("\u{1f}").as_bytes())
}

/// The file an application's submission id creates.
pub fn case_id(submission_id: &str) -> CaseId {
    CaseId(derived(&["case", submission_id]))
}

/// The person the bundle names `reference`.
pub fn person_id(submission_id: &str, reference: &str) -> PersonId {
    PersonId(derived(&["person", submission_id, reference]))
}

fn document_id(submission_id: &str, sequence: u32, file: &str) -> DocumentId {
    DocumentId(derived(&[
        "document",
        submission_id,
        &sequence.to_string(),
        file,
    ]))
}

fn operation_id(submission_id: &str, sequence: u32, n: usize) -> OperationId {
    OperationId(derived(&[
        "operation",
        submission_id,
        &sequence.to_string(),
        &n.to_string(),
    ]))
}

/// Builds the operations of one bundle, stamped by `author` at `now`.
#[derive(Debug)]
pub struct Builder<'a> {
    pub bundle: &'a Bundle,
    /// Each document's quality report, by the document's hash (`None`: not checked).
    pub quality: &'a HashMap<String, Option<QualityReport>>,
    pub author: &'a UserId,
    pub now: DateTime<Utc>,
    /// The program definition version in force at `now`, which the operations name.
    pub program: program::ProgramVersionId,
}

impl Builder<'_> {
    fn sequence(&self) -> u32 {
        self.bundle.submission.sequence.unwrap_or(1)
    }

    fn received_at(&self) -> DateTime<Utc> {
        self.bundle.submission.received_at.with_timezone(&Utc)
    }

    fn wire(&self, case_id: CaseId, n: usize, change: Change) -> WireOperation {
        let s = &self.bundle.submission;
        WireOperation {
            id: operation_id(&s.submission_id, self.sequence(), n),
            case_id,
            change,
            author: Actor {
                user: self.author.clone(),
                role: Role::Supervisor,
            },
            hlc: Hlc {
                wall_ms: u64::try_from(self.now.timestamp_millis()).unwrap_or(0),
                counter: u32::try_from(n).unwrap_or(u32::MAX),
                node: 0,
            },
            program: self.program,
        }
    }

    /// The `document_added` of each document, numbered from `first`.
    fn documents(&self, case_id: CaseId, first: usize) -> Vec<WireOperation> {
        let s = &self.bundle.submission;
        self.bundle
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let file_name = d
                    .spec
                    .file
                    .rsplit('/')
                    .next()
                    .unwrap_or(&d.spec.file)
                    .to_owned();
                self.wire(
                    case_id,
                    first + i,
                    Change::DocumentAdded {
                        document_id: document_id(&s.submission_id, self.sequence(), &d.spec.file),
                        person_id: d
                            .spec
                            .person
                            .as_deref()
                            .map(|r| person_id(&s.submission_id, r)),
                        checklist_code: Some(d.spec.item.to_string()),
                        file_name,
                        sha256: d.sha256.clone(),
                        byte_size: d.bytes.len() as u64,
                        received_at: self.received_at(),
                        quality: self.quality.get(&d.sha256).cloned().flatten(),
                    },
                )
            })
            .collect()
    }

    /// A received application: the file, its payment, its documents.
    pub fn application(&self, file_number: &str) -> Vec<WireOperation> {
        let s = &self.bundle.submission;
        let case_id = case_id(&s.submission_id);
        let (Some(stream), Some(profile), Some(language)) = (s.stream, s.profile, s.language)
        else {
            // `Submission::check` refuses an application without them.
            return Vec::new();
        };
        let persons = s
            .persons
            .iter()
            .map(|p| NewPerson {
                id: person_id(&s.submission_id, &p.reference),
                role: p.role,
                family_name: p.family_name.clone(),
                given_names: p.given_names.clone(),
                date_of_birth: p.date_of_birth,
                attestation_held: p.attestation_held.unwrap_or(false),
            })
            .collect();
        let representative = s.representative.as_ref().map(|r| NewRepresentative {
            name: r.name.clone(),
            organization: r.organization.clone(),
            email: r.email.clone(),
            licence: r.licence.clone(),
        });
        let mut ops = vec![self.wire(
            case_id,
            0,
            Change::CaseReceived {
                file_number: file_number.to_owned(),
                stream,
                profile,
                received_at: self.received_at(),
                language,
                persons,
                representative,
            },
        )];
        if let Some(pay) = &s.payment
            && let Ok(amount) = pay.amount.parse::<program::Cad>()
        {
            ops.push(self.wire(
                case_id,
                1,
                Change::PaymentRecorded {
                    payment_id: PaymentId(derived(&["payment", &s.submission_id])),
                    amount,
                    paid_on: pay.paid_on,
                    payer: pay.payer,
                },
            ));
        }
        let first = ops.len();
        ops.extend(self.documents(case_id, first));
        ops
    }

    /// I5: the acknowledgement of receipt filed on the file, as operation `n`.
    pub fn acknowledgement(&self, n: usize, sha256: &str, byte_size: u64) -> WireOperation {
        let s = &self.bundle.submission;
        let language = s.language.unwrap_or(program::Language::Fr);
        self.wire(
            case_id(&s.submission_id),
            n,
            Change::LetterFiled {
                document_id: DocumentId(derived(&["acknowledgement", &s.submission_id])),
                letter: oplog::LetterKind::Acknowledgement,
                regarding: oplog::LetterRegarding::Receipt,
                language,
                file_name: format!("{}.pdf", oplog::LetterKind::Acknowledgement.code()),
                sha256: sha256.to_owned(),
                byte_size,
                filed_at: self.now,
            },
        )
    }

    /// Later documents (F4), on the file of the application.
    pub fn later_documents(&self) -> Vec<WireOperation> {
        self.documents(case_id(&self.bundle.submission.submission_id), 0)
    }
}

/// I3, I4: the receipt of `submission_id`'s file revoked, because `because_of`, received
/// earlier, arrived later and took its place.
pub fn receipt_revoked(
    submission_id: &str,
    because_of: &str,
    reason: program::intake::NotReceivedReason,
    author: &UserId,
    now: DateTime<Utc>,
    program: program::ProgramVersionId,
) -> WireOperation {
    WireOperation {
        id: OperationId(derived(&["revoked", submission_id, because_of])),
        case_id: case_id(submission_id),
        change: Change::ReceiptRevoked {
            reason,
            because_of: because_of.to_owned(),
        },
        author: Actor {
            user: author.clone(),
            role: Role::Supervisor,
        },
        hlc: Hlc {
            wall_ms: u64::try_from(now.timestamp_millis()).unwrap_or(0),
            counter: 0,
            node: 0,
        },
        program,
    }
}
