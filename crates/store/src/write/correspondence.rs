//! Letters to the applicant, from the records: [`Store::letter_data`] gathers what a
//! letter states about one request or decision (the items and their labels in the file's
//! language, the persons who must obtain the attestation, the grounds, the deadline, the
//! CSQ numbers) into the `letters` crate's typed [`LetterData`], and [`Store::file_letter`]
//! renders it as a PDF, puts the bytes in the blob store and files it on the case with a
//! `LetterFiled` operation, so the letter is kept exactly as sent. `Store::perform` files
//! the letter right after the step that sends it.

use chrono::{DateTime, Utc};
use letters::{Addressee, Certificate, LetterContent, LetterData, LetterKind, NamedPerson};
use program::{Decision, Language, montreal_date};
use rusqlite::{Connection, OptionalExtension};
use vocab::Text;

use crate::casework::LoadState;
use crate::casework::{FEES_KEY, FileState, RequestKind};
use crate::describe::letter_name;
use crate::ids::{Actor, CaseId, DocumentId, PersonId};
use crate::ops::{Change, LetterRegarding, Operation};
use crate::{Store, StoreError};

impl Store {
    /// What the letter about `regarding` says, from the file's records.
    pub fn letter_data(
        &self,
        actor: &Actor,
        case: CaseId,
        regarding: LetterRegarding,
    ) -> Result<LetterData, StoreError> {
        let conn = self.conn()?;
        self.letter_data_in(&conn, actor, case, regarding)
    }

    /// [`Store::letter_data`] read through `conn` (the store's connection, or a
    /// transaction on it that has not committed: see `Store::preview_letter`).
    pub(crate) fn letter_data_in(
        &self,
        conn: &Connection,
        actor: &Actor,
        case: CaseId,
        regarding: LetterRegarding,
    ) -> Result<LetterData, StoreError> {
        let (state, language, representative) = {
            let state = FileState::load(conn, &self.programs(), case)?;
            let language: String =
                conn.query_row("SELECT language FROM cases WHERE id = ?1", [case], |r| {
                    r.get(0)
                })?;
            let representative = conn
                .prepare_cached(
                    "SELECT name, organization FROM representatives WHERE case_id = ?1",
                )?
                .query_row([case], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
                })
                .optional()?;
            (state, language, representative)
        };
        let language = Language::from_code(&language)
            .ok_or_else(|| StoreError::Corrupt(format!("language {language:?}")))?;
        let principal = state
            .persons
            .iter()
            .find(|p| p.role == program::PersonRole::PrincipalApplicant)
            .ok_or_else(|| StoreError::Corrupt("a file without a principal applicant".into()))?;
        let named = |id: PersonId| -> Result<NamedPerson, StoreError> {
            let p = state
                .person(id)
                .ok_or_else(|| StoreError::Corrupt(format!("person {id} named in a letter")))?;
            Ok(NamedPerson::new(p.name(), p.role))
        };
        let (date, content): (DateTime<Utc>, LetterContent) = match regarding {
            LetterRegarding::Receipt => {
                return Err(StoreError::Invalid(
                    "the acknowledgement of receipt is written by intake, on the server".into(),
                ));
            }
            LetterRegarding::Request(id) => {
                let request = state.requests.iter().find(|r| r.id == id).ok_or_else(|| {
                    StoreError::Invalid(format!("request {id} is not on this file"))
                })?;
                let deadline = request.deadline;
                let content = match request.kind {
                    RequestKind::MissingItems => {
                        // The labels the officer sees, in the applicant's language.
                        let work = self.casework_of(case, state.clone(), actor)?;
                        let view = work.requests.iter().find(|r| r.id == id);
                        let items = view
                            .map(|v| {
                                v.parts
                                    .iter()
                                    .filter(|p| p.key != FEES_KEY)
                                    .map(|p| p.label.render(language))
                                    .collect()
                            })
                            .unwrap_or_default();
                        let fees_asked = request.items.iter().any(|k| k == FEES_KEY);
                        LetterContent::MissingItemsRequest {
                            items,
                            amount_due: work
                                .fees
                                .outstanding
                                .or(work.fees.due)
                                .filter(|_| fees_asked),
                            deadline,
                        }
                    }
                    RequestKind::Attestation => LetterContent::AttestationRequest {
                        persons: request
                            .persons
                            .iter()
                            .map(|k| named(*k))
                            .collect::<Result<_, _>>()?,
                        deadline,
                    },
                    RequestKind::IntentToRefuse => LetterContent::IntentToRefuse {
                        grounds: request.refusal_grounds.clone(),
                        deadline,
                    },
                    RequestKind::IntentToReject => LetterContent::IntentToReject {
                        grounds: request.rejection_grounds.clone(),
                        deadline,
                    },
                };
                (request.sent_at, content)
            }
            LetterRegarding::Decision(id) => {
                let decision = state.decisions.iter().find(|d| d.id == id).ok_or_else(|| {
                    StoreError::Invalid(format!("decision {id} is not on this file"))
                })?;
                let reviewed_at = decision
                    .reviewed_at
                    .filter(|_| decision.outcome == Some(crate::casework::ReviewOutcome::Approved))
                    .ok_or_else(|| {
                        StoreError::refused(Text::new(
                            "store-decision-letter-sent-once-supervisor-approves-decision",
                        ))
                    })?;
                let certificates = decision
                    .certificates
                    .iter()
                    .map(|c| {
                        let p = named(c.person_id)?;
                        Ok(Certificate {
                            holder: p,
                            number: c.number.clone(),
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?;
                let content = match &decision.decision {
                    Decision::Selected => LetterContent::SelectionDecision { certificates },
                    other => LetterContent::from_decision(other, Vec::new()),
                };
                (reviewed_at, content)
            }
        };
        Ok(LetterData {
            language,
            file_number: state.file_number.clone(),
            date: montreal_date(date),
            applicant: Addressee::new(principal.name(), Vec::<String>::new()),
            representative: representative.map(|(name, organization)| {
                Addressee::new(name, organization.into_iter().collect::<Vec<_>>())
            }),
            signatory: None,
            content,
        })
    }

    /// Produces the letter about `regarding` as a PDF and files it on the case. Refused
    /// when that letter is already on file.
    pub fn file_letter(
        &self,
        actor: &Actor,
        case: CaseId,
        regarding: LetterRegarding,
    ) -> Result<Operation, StoreError> {
        let already: Option<DocumentId> = self
            .conn()?
            .query_row(
                "SELECT id FROM documents WHERE case_id = ?1 AND regarding = ?2",
                rusqlite::params![case, regarding.id()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(document) = already {
            return Err(StoreError::refused(
                Text::new("store-this-letter-already-on-file-document")
                    .with("document", document.to_string()),
            ));
        }
        let data = self.letter_data(actor, case, regarding)?;
        let bytes = letters::render_pdf(&data)?;
        let sha256 = self.blobs().put(&bytes)?;
        let change = Change::LetterFiled {
            document_id: DocumentId::new(),
            letter: data.kind(),
            regarding,
            language: data.language,
            file_name: letter_file_name(data.kind(), data.language, &data),
            sha256,
            byte_size: bytes.len() as u64,
            filed_at: self.now(),
        };
        self.apply(actor, case, change)
    }
}

/// `2024-11-20 Demande d'éléments manquants Q-2024-000123.pdf`: the date first, so a
/// folder of letters sorts by date.
fn letter_file_name(kind: LetterKind, language: Language, data: &LetterData) -> String {
    let name = letter_name(kind).render(language);
    let mut chars = name.chars();
    let capitalised: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{} {capitalised} {}.pdf", data.date, data.file_number)
}
