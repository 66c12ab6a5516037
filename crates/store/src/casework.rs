//! Casework: the state of one file as the rules see it, read from its rows. [`FileState`]
//! is loaded inside the write transaction (to check a change) and by the read side (to
//! show the checklist, the requests, the attestation, the fees and what is due). Every
//! judgement is `program`'s: the checklist is `admissibility::required_items` over the
//! file's family, completeness is `admissibility::evaluate`, duties are
//! `attestation::duty_of`, fees are `fees::fees_due` plus `fees::added_member_fee`, and the
//! facts handed to `lifecycle::check_transition` and `due_actions` are built here once.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use program::admissibility::{Defect, ItemState, LetterJudgement, evaluate, required_items};
use program::attestation::{AttestationPerson, Duty, duty_of};
use program::decision::certificates;
use program::fees::{FamilyComposition, Payer, Payment, PaymentMethod, added_member_fee, balance};
use program::lifecycle::IntentKind;
use program::{
    Admissibility, Balance, Cad, CaseFacts, CaseFile, CaseStatus, ChecklistCode, Decision,
    Exemption, FamilyMember, Missing, PersonKey, PersonRole, ProgramDefinition, RequiredItem,
    Stream, Submission, montreal_date,
};
use rusqlite::{Connection, OptionalExtension};

use crate::StoreError;
use crate::ids::{CaseId, DecisionId, DocumentId, InterviewId, PaymentId, PersonId, RequestId};
use crate::ops::CsqIssued;
use crate::quality::{QualityFlagKind, QualityReport};

/// The key of a checklist item inside a missing-items request: the item's code, followed
/// by `@` and the person's id for a person's item; `fees` for the fees ($2).
pub const FEES_KEY: &str = "fees";

/// The key of one required item (see [`FEES_KEY`]).
pub fn item_key(code: &str, person: Option<PersonId>) -> String {
    match person {
        Some(p) => format!("{code}@{p}"),
        None => code.to_owned(),
    }
}

pub(crate) fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {v:?}"))
}

pub(crate) fn parse_time(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| corrupt("time", s))
}

pub(crate) fn parse_day(s: &str) -> Result<NaiveDate, StoreError> {
    s.parse().map_err(|_| corrupt("date", s))
}

/// A person on the file.
#[derive(Debug, Clone)]
pub(crate) struct PersonRow {
    pub id: PersonId,
    pub role: PersonRole,
    pub family_name: String,
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    pub attestation_held: bool,
    pub removed: bool,
    pub added_on: Option<NaiveDate>,
    pub both_parents_accompany: Option<bool>,
}

impl PersonRow {
    pub fn name(&self) -> String {
        format!("{} {}", self.given_names, self.family_name)
    }
}

/// What was recorded for one checklist item.
#[derive(Debug, Clone)]
pub(crate) struct ChecklistRow {
    pub code: String,
    pub person: Option<PersonId>,
    pub state: String,
    pub document_id: Option<DocumentId>,
    pub comment: Option<String>,
}

/// The kinds of request a file can have out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RequestKind {
    MissingItems,
    Attestation,
    IntentToRefuse,
    IntentToReject,
}

impl RequestKind {
    pub fn code(self) -> &'static str {
        match self {
            RequestKind::MissingItems => "missing_items",
            RequestKind::Attestation => "attestation",
            RequestKind::IntentToRefuse => "intent_to_refuse",
            RequestKind::IntentToReject => "intent_to_reject",
        }
    }

    fn from_code(s: &str) -> Option<Self> {
        [
            RequestKind::MissingItems,
            RequestKind::Attestation,
            RequestKind::IntentToRefuse,
            RequestKind::IntentToReject,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct RequestRow {
    pub id: RequestId,
    pub kind: RequestKind,
    pub sent_at: DateTime<Utc>,
    pub deadline: program::Deadline,
    pub details: serde_json::Value,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_reason: Option<String>,
}

impl RequestRow {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// The item keys of a missing-items request, or the person ids of an attestation request.
    pub fn listed(&self, field: &str) -> Vec<String> {
        self.details[field]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct AttestationRow {
    pub person: PersonId,
    pub obtained_on: Option<NaiveDate>,
    pub exemption: Option<Exemption>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct InterviewRow {
    pub id: InterviewId,
    pub at: DateTime<Utc>,
    pub outcome: Option<String>,
    pub notes: Option<String>,
}

/// A proposed decision and what became of it.
#[derive(Debug, Clone)]
pub(crate) struct DecisionRow {
    pub id: DecisionId,
    pub decision: Decision,
    pub note: String,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub comment: Option<String>,
    pub certificates: Vec<CsqIssued>,
}

#[derive(Debug, Clone)]
pub(crate) struct PaymentRow {
    pub id: PaymentId,
    pub amount: Cad,
    pub paid_on: NaiveDate,
    pub payer: Payer,
}

/// Everything the rules need to know about one file.
#[derive(Debug, Clone)]
pub(crate) struct FileState {
    pub file_number: String,
    pub status: CaseStatus,
    pub stream: Stream,
    pub received_at: DateTime<Utc>,
    /// P4: the employer had to obtain the TECHNOCompétences notice (AI stream), as an
    /// officer recorded it.
    pub ai_notice_required: bool,
    pub persons: Vec<PersonRow>,
    pub checklist: Vec<ChecklistRow>,
    pub requests: Vec<RequestRow>,
    pub attestations: Vec<AttestationRow>,
    pub interviews: Vec<InterviewRow>,
    pub decisions: Vec<DecisionRow>,
    pub payments: Vec<PaymentRow>,
    /// The letters filed on the file: the id of the request or decision each states, and
    /// the letter's document.
    pub letters: HashMap<String, DocumentId>,
    /// The quality flags (stored with each document when it entered the store) that no
    /// officer dismissed, by document, "many pages" left out: a received item whose
    /// document has one is defective (F2) until it is replaced or the flag dismissed.
    pub flags: HashMap<DocumentId, Vec<QualityFlagKind>>,
}

/// The fees of a file: what is due ($1, $4) and the balance ($2).
#[derive(Debug, Clone)]
pub(crate) struct Fees {
    pub due: Result<Cad, String>,
    pub balance: Option<Balance>,
}

impl FileState {
    /// Reads the file `case`; `CaseNotFound` when there is none.
    pub fn load(conn: &Connection, case: CaseId) -> Result<Self, StoreError> {
        let head = conn
            .prepare_cached(
                "SELECT file_number, status, stream, received_at, ai_notice_required
                 FROM cases WHERE id = ?1",
            )?
            .query_row([case], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            })
            .optional()?
            .ok_or_else(|| StoreError::CaseNotFound(case.to_string()))?;
        let (file_number, status, stream, received, ai_notice_required) = head;
        let persons = conn
            .prepare_cached(
                "SELECT id, role, family_name, given_names, date_of_birth, attestation_held,
                        removed_hlc IS NOT NULL, added_on, both_parents_accompany
                 FROM persons WHERE case_id = ?1
                 ORDER BY CASE role WHEN 'principal_applicant' THEN 0 WHEN 'spouse' THEN 1 ELSE 2 END,
                          date_of_birth, id",
            )?
            .query_map([case], |r| {
                Ok((
                    r.get::<_, PersonId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, bool>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<bool>>(8)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(
                |(id, role, family_name, given_names, dob, held, removed, added, both)| {
                    Ok(PersonRow {
                        id,
                        role: PersonRole::from_code(&role).ok_or_else(|| corrupt("role", &role))?,
                        family_name,
                        given_names,
                        date_of_birth: parse_day(&dob)?,
                        attestation_held: held,
                        removed,
                        added_on: added.as_deref().map(parse_day).transpose()?,
                        both_parents_accompany: both,
                    })
                },
            )
            .collect::<Result<Vec<_>, StoreError>>()?;
        let checklist = conn
            .prepare_cached(
                "SELECT code, person_id, state, document_id, comment FROM checklist_items
                 WHERE case_id = ?1 ORDER BY code",
            )?
            .query_map([case], |r| {
                Ok(ChecklistRow {
                    code: r.get(0)?,
                    person: r.get(1)?,
                    state: r.get(2)?,
                    document_id: r.get(3)?,
                    comment: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let requests = conn
            .prepare_cached(
                "SELECT id, kind, sent_at, deadline_date, deadline_end, details, closed_at, closed_reason
                 FROM requests WHERE case_id = ?1 ORDER BY sent_at, id",
            )?
            .query_map([case], |r| {
                Ok((
                    r.get::<_, RequestId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(id, kind, sent, last, end, details, closed, reason)| {
                let sent_at = parse_time(&sent)?;
                let sent_on = montreal_date(sent_at);
                let last_day = parse_day(&last)?;
                Ok(RequestRow {
                    id,
                    kind: RequestKind::from_code(&kind).ok_or_else(|| corrupt("request", &kind))?,
                    sent_at,
                    deadline: program::Deadline {
                        sent_on,
                        days: u32::try_from((last_day - sent_on).num_days()).unwrap_or(0),
                        last_day,
                        ends_at: parse_time(&end)?,
                    },
                    details: serde_json::from_str(&details)?,
                    closed_at: closed.as_deref().map(parse_time).transpose()?,
                    closed_reason: reason,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let attestations = conn
            .prepare_cached(
                "SELECT person_id, obtained_on, exemption, reason FROM attestations WHERE case_id = ?1",
            )?
            .query_map([case], |r| {
                Ok((
                    r.get::<_, PersonId>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(person, on, exemption, reason)| {
                Ok(AttestationRow {
                    person,
                    obtained_on: on.as_deref().map(parse_day).transpose()?,
                    exemption: exemption
                        .as_deref()
                        .map(serde_json::from_str)
                        .transpose()?,
                    reason,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let interviews = conn
            .prepare_cached(
                "SELECT id, scheduled_at, outcome, notes FROM interviews WHERE case_id = ?1
                 ORDER BY scheduled_at, id",
            )?
            .query_map([case], |r| {
                Ok((
                    r.get::<_, InterviewId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(id, at, outcome, notes)| {
                Ok(InterviewRow {
                    id,
                    at: parse_time(&at)?,
                    outcome,
                    notes,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let decisions = conn
            .prepare_cached(
                "SELECT id, details, proposed_by, proposed_at, reviewed_by, reviewed_at, outcome, comment
                 FROM decisions WHERE case_id = ?1 ORDER BY proposed_at, id",
            )?
            .query_map([case], |r| {
                Ok((
                    r.get::<_, DecisionId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(id, details, by, at, rby, rat, outcome, comment)| {
                let d: DecisionDetails = serde_json::from_str(&details)?;
                Ok(DecisionRow {
                    id,
                    decision: d.decision,
                    note: d.note,
                    proposed_by: by,
                    proposed_at: parse_time(&at)?,
                    reviewed_by: rby,
                    reviewed_at: rat.as_deref().map(parse_time).transpose()?,
                    outcome,
                    comment,
                    certificates: d.certificates,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let payments = conn
            .prepare_cached(
                "SELECT id, amount_cents, paid_at, payer FROM payments WHERE case_id = ?1
                 ORDER BY paid_at, id",
            )?
            .query_map([case], |r| {
                Ok((
                    r.get::<_, PaymentId>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(id, cents, paid, payer)| {
                Ok(PaymentRow {
                    id,
                    amount: Cad::from_cents(cents),
                    paid_on: parse_day(&paid)?,
                    payer: match payer.as_str() {
                        "applicant" => Payer::Applicant,
                        "third_party" => Payer::ThirdParty,
                        other => return Err(corrupt("payer", other)),
                    },
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let letters = conn
            .prepare_cached(
                "SELECT regarding, id FROM documents WHERE case_id = ?1 AND regarding IS NOT NULL",
            )?
            .query_map([case], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, DocumentId>(1)?))
            })?
            .collect::<Result<HashMap<_, _>, _>>()?;
        let mut flags: HashMap<DocumentId, Vec<QualityFlagKind>> = HashMap::new();
        let reports = conn
            .prepare_cached(
                "SELECT d.id, d.quality,
                        (SELECT json_group_array(q.flag) FROM quality_dismissals q
                         WHERE q.document_id = d.id)
                 FROM documents d WHERE d.case_id = ?1 AND d.quality IS NOT NULL",
            )?
            .query_map([case], |r| {
                Ok((
                    r.get::<_, DocumentId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (document, report, dismissed) in reports {
            let report: QualityReport = serde_json::from_str(&report)?;
            let dismissed: Vec<QualityFlagKind> = serde_json::from_str(&dismissed)?;
            let open: Vec<QualityFlagKind> = report
                .flags
                .iter()
                .map(|f| f.kind())
                // Many pages is information about a document, not a defect of it.
                .filter(|k| *k != QualityFlagKind::ManyPages && !dismissed.contains(k))
                .collect();
            if !open.is_empty() {
                flags.insert(document, open);
            }
        }
        Ok(FileState {
            file_number,
            status: CaseStatus::from_code(&status).ok_or_else(|| corrupt("status", &status))?,
            stream: Stream::from_code(&stream).ok_or_else(|| corrupt("stream", &stream))?,
            received_at: parse_time(&received)?,
            ai_notice_required,
            persons,
            checklist,
            requests,
            attestations,
            interviews,
            decisions,
            payments,
            letters,
            flags,
        })
    }

    pub fn person(&self, id: PersonId) -> Option<&PersonRow> {
        self.persons.iter().find(|p| p.id == id)
    }

    /// The members on the file now (removed members stay on record but not here). A
    /// child's "both parents accompany" is what was recorded when the child was added, else
    /// (ASSUMPTION, children on the original application) whether a spouse is on the file.
    pub fn members(&self) -> Vec<FamilyMember> {
        let spouse = self
            .persons
            .iter()
            .any(|p| !p.removed && p.role == PersonRole::Spouse);
        self.persons
            .iter()
            .filter(|p| !p.removed)
            .map(|p| FamilyMember {
                key: PersonKey(p.id.to_string()),
                role: p.role,
                date_of_birth: p.date_of_birth,
                both_parents_accompany: p.both_parents_accompany.unwrap_or(spouse),
            })
            .collect()
    }

    pub fn case_file(&self) -> CaseFile {
        CaseFile {
            stream: self.stream,
            ai_notice_required: self.ai_notice_required,
            members: self.members(),
        }
    }

    /// A1, F2, M1–M3: the checklist the file owes on `on`.
    pub fn required(&self, on: NaiveDate) -> Vec<RequiredItem> {
        required_items(ProgramDefinition::builtin(), &self.case_file(), on)
    }

    pub fn checklist_row(&self, code: &str, person: Option<PersonId>) -> Option<&ChecklistRow> {
        self.checklist
            .iter()
            .find(|r| r.code == code && r.person == person)
    }

    /// The quality flags of `document` that no officer dismissed.
    pub fn open_flags(&self, document: Option<DocumentId>) -> &[QualityFlagKind] {
        document
            .and_then(|d| self.flags.get(&d))
            .map_or(&[], Vec::as_slice)
    }

    /// F2: what the open quality flags of an item's document make of it; they stand
    /// until an officer dismisses them.
    fn defects_of(&self, document: Option<DocumentId>) -> Vec<Defect> {
        let mut defects: Vec<Defect> = Vec::new();
        let found = self.open_flags(document).iter().filter_map(|k| match k {
            QualityFlagKind::NotInColour => Some(Defect::NotColourScan),
            QualityFlagKind::NotAPdf => Some(Defect::NotPdf),
            QualityFlagKind::BlankPages => Some(Defect::Incomplete),
            QualityFlagKind::Corrupt
            | QualityFlagKind::EmptyFile
            | QualityFlagKind::PasswordProtected
            | QualityFlagKind::UnreadablePages
            | QualityFlagKind::LowResolution => Some(Defect::NotLegible),
            QualityFlagKind::ManyPages => None,
        });
        for defect in found {
            if !defects.contains(&defect) {
                defects.push(defect);
            }
        }
        defects
    }

    /// What was received, as the rules read it.
    pub fn submissions(&self) -> Vec<Submission> {
        self.checklist
            .iter()
            .filter_map(|r| {
                let state = match r.state.as_str() {
                    "received" => ItemState::Provided {
                        defects: self.defects_of(r.document_id),
                    },
                    "letter_pending" => ItemState::ExplanatoryLetter {
                        judgement: LetterJudgement::Pending,
                    },
                    "letter_accepted" => ItemState::ExplanatoryLetter {
                        judgement: LetterJudgement::Accepted,
                    },
                    "letter_refused" => ItemState::ExplanatoryLetter {
                        judgement: LetterJudgement::Refused,
                    },
                    _ => return None,
                };
                Some(Submission {
                    code: ChecklistCode(r.code.clone()),
                    person: r.person.map(|p| PersonKey(p.to_string())),
                    state,
                })
            })
            .collect()
    }

    /// $1, $4: the schedule in force on the receipt date for the members on the
    /// application, plus each member added later at the schedule of the day they were
    /// added. Removed members still count ($3, M4: nothing is refunded).
    pub fn fees(&self) -> Fees {
        let def = ProgramDefinition::builtin();
        let original = |p: &&PersonRow| p.added_on.is_none();
        let family = FamilyComposition {
            spouse: self
                .persons
                .iter()
                .filter(original)
                .any(|p| p.role == PersonRole::Spouse),
            children: u32::try_from(
                self.persons
                    .iter()
                    .filter(original)
                    .filter(|p| p.role == PersonRole::DependentChild)
                    .count(),
            )
            .unwrap_or(u32::MAX),
        };
        let mut due = program::fees::fees_due(def, montreal_date(self.received_at), family)
            .map(|f| f.total)
            .map_err(|e| e.to_string());
        for p in self.persons.iter().filter(|p| p.added_on.is_some()) {
            let on = p.added_on.unwrap_or_default();
            due = due.and_then(|total| {
                added_member_fee(def, on, p.role)
                    .map(|fee| total + fee)
                    .map_err(|e| e.to_string())
            });
        }
        let payments: Vec<Payment> = self
            .payments
            .iter()
            .map(|p| Payment {
                amount: p.amount,
                paid_on: p.paid_on,
                payer: p.payer,
                method: PaymentMethod::CreditCard,
            })
            .collect();
        Fees {
            balance: due.as_ref().ok().map(|d| balance(*d, &payments)),
            due,
        }
    }

    /// A1: whether the file is complete on `on`. When the fee schedule of the receipt date
    /// is unknown the fees count as unpaid: nobody can say they are paid in full.
    pub fn admissibility(&self, on: NaiveDate) -> Admissibility {
        let fees = self.fees();
        let bal = fees.balance.unwrap_or(Balance {
            due: Cad::ZERO,
            paid: Cad::ZERO,
            outstanding: Cad::from_cents(1),
            overpaid: Cad::ZERO,
        });
        evaluate(
            ProgramDefinition::builtin(),
            &self.case_file(),
            on,
            &self.submissions(),
            &bal,
        )
    }

    /// The keys of what the file lacks on `on` (see [`item_key`]).
    pub fn gap_keys(&self, on: NaiveDate) -> Vec<String> {
        self.admissibility(on)
            .missing()
            .iter()
            .map(|m| match m {
                Missing::Item { item, .. } => item_key(
                    item.code.as_str(),
                    item.person
                        .as_ref()
                        .and_then(|k| PersonId::parse(k.as_str()).ok()),
                ),
                Missing::Fees { .. } => FEES_KEY.to_owned(),
            })
            .collect()
    }

    pub fn open_request(&self, kind: RequestKind) -> Option<&RequestRow> {
        self.requests
            .iter()
            .rev()
            .find(|r| r.kind == kind && r.is_open())
    }

    pub fn attestation_row(&self, person: PersonId) -> Option<&AttestationRow> {
        self.attestations.iter().find(|a| a.person == person)
    }

    /// The last attestation request naming `person`, if any.
    pub fn attestation_request_of(&self, person: PersonId) -> Option<&RequestRow> {
        let id = person.to_string();
        self.requests
            .iter()
            .rev()
            .find(|r| r.kind == RequestKind::Attestation && r.listed("persons").contains(&id))
    }

    /// V2, V3, V5: the duty of `person` on `on`, by the rules.
    pub fn duty(&self, person: &PersonRow, on: NaiveDate) -> Duty {
        duty_of(
            ProgramDefinition::builtin(),
            &AttestationPerson {
                key: PersonKey(person.id.to_string()),
                role: person.role,
                date_of_birth: person.date_of_birth,
                holds_attestation: person.attestation_held,
                added_after_submission: person.added_on.is_some(),
                permit_and_objectif_integration: false,
                exempt_by_regulation: false,
            },
            on,
        )
    }

    /// Whether `person` is settled for the attestation: holds it, is exempt (by the rules
    /// on the day of their request, or recorded with a reason), or obtained it by the
    /// deadline of the request that named them.
    pub fn attestation_settled(&self, person: &PersonRow, today: NaiveDate) -> bool {
        if let Some(row) = self.attestation_row(person.id) {
            if row.exemption.is_some() {
                return true;
            }
            if let Some(on) = row.obtained_on {
                return self
                    .attestation_request_of(person.id)
                    .is_none_or(|r| on <= r.deadline.last_day);
            }
        }
        let on = self
            .attestation_request_of(person.id)
            .map_or(today, |r| r.deadline.sent_on);
        matches!(self.duty(person, on), Duty::Exempt { .. })
    }

    /// The members who must obtain the attestation on `on` and have not settled it.
    pub fn attestation_outstanding(&self, today: NaiveDate) -> Vec<&PersonRow> {
        self.persons
            .iter()
            .filter(|p| !p.removed && !self.attestation_settled(p, today))
            .collect()
    }

    /// The decision waiting for a supervisor, if any.
    pub fn pending_decision(&self) -> Option<&DecisionRow> {
        self.decisions.iter().rev().find(|d| d.outcome.is_none())
    }

    /// The CSQs a selection issues now: the principal applicant first, then each
    /// accompanying member (D1), numbered after the file number.
    pub fn certificates(&self) -> Vec<CsqIssued> {
        certificates(&self.members())
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| {
                Some(CsqIssued {
                    person_id: PersonId::parse(c.person.as_str()).ok()?,
                    number: format!("CSQ-{}-{:02}", self.file_number, i + 1),
                })
            })
            .collect()
    }

    /// The facts `lifecycle::check_transition` and `due_actions` need, at `now`.
    pub fn facts(&self, now: DateTime<Utc>) -> CaseFacts {
        let today = montreal_date(now);
        let open_kind = match self.status {
            CaseStatus::MissingItemsRequested => Some(RequestKind::MissingItems),
            CaseStatus::AttestationRequested => Some(RequestKind::Attestation),
            CaseStatus::IntentToRefuse => Some(RequestKind::IntentToRefuse),
            CaseStatus::IntentToReject => Some(RequestKind::IntentToReject),
            _ => None,
        };
        let deadline = open_kind
            .and_then(|k| self.open_request(k))
            .or_else(|| self.requests.iter().rev().find(|r| r.is_open()))
            .map(|r| r.deadline);
        let last = self.interviews.last();
        CaseFacts {
            admissible: self.admissibility(today).is_complete(),
            deadline,
            attestation_complete: self.attestation_outstanding(today).is_empty(),
            interview_required: !self.interviews.is_empty(),
            interview_held: last.is_some_and(|i| i.outcome.as_deref() == Some("attended")),
            interview_at: last.filter(|i| i.outcome.is_none()).map(|i| i.at),
            last_intent: self.requests.iter().rev().find_map(|r| match r.kind {
                RequestKind::IntentToRefuse => Some(IntentKind::Refuse),
                RequestKind::IntentToReject => Some(IntentKind::Reject),
                _ => None,
            }),
            proposal: self.pending_decision().map(|d| d.decision.clone()),
        }
    }
}

/// The JSON of `decisions.details`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct DecisionDetails {
    pub decision: Decision,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub certificates: Vec<CsqIssued>,
}

/// `Exemption` as text for a person's row (the JSON form, stable).
pub(crate) fn exemption_json(e: &Exemption) -> Result<String, StoreError> {
    Ok(serde_json::to_string(e)?)
}
