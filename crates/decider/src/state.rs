//! A file as the rules see it: [`FileState`], everything its operations recorded (the
//! family, documents and their open quality flags, checklist, requests, attestation,
//! interviews, proposals and reviews, payments), and the judgements `program` makes of
//! it (checklist owed, completeness, duties, fees, CSQs, the facts for the lifecycle).
//! It is plain data (serialised as it is kept beside each file on the laptop and on the
//! server) and is only ever built by [`crate::evolve`].

use chrono::{DateTime, NaiveDate, Utc};
use oplog::{
    CaseId, CsqIssued, DecisionId, DocumentId, Hlc, InterviewId, LetterKind, OperationId,
    PaymentId, PersonId, QualityFlagKind, RequestId, UserId,
};
use program::admissibility::{Defect, ItemState, LetterJudgement, evaluate, required_items};
use program::attestation::{AttestationPerson, Duty, duty_of};
use program::decision::{InterviewOutcome, certificates};
use program::family::{ChangeRequirements, FamilyChange, FamilyChangeError, check_family_change};
use program::fees::{FamilyComposition, Payer, Payment, PaymentMethod, added_member_fee, balance};
use program::lifecycle::IntentKind;
use program::{
    Admissibility, Balance, Cad, CaseFacts, CaseFile, CaseStatus, ChecklistCode, Deadline,
    Decision, Exemption, FamilyMember, Language, Missing, PersonKey, PersonRole, Profile,
    ProgramDefinition, RefusalGround, RejectionGround, RequiredItem, Stream, Submission,
    montreal_date,
};
use serde::{Deserialize, Serialize};

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

/// A person on the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: PersonId,
    pub role: PersonRole,
    pub family_name: String,
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    pub attestation_held: bool,
    pub removed: bool,
    /// M1–M3: the day a member was added after submission.
    pub added_on: Option<NaiveDate>,
    pub both_parents_accompany: Option<bool>,
}

impl PersonRow {
    pub fn name(&self) -> String {
        format!("{} {}", self.given_names, self.family_name)
    }
}

/// A document of the file: sent by the applicant, or a letter the file sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: DocumentId,
    pub person: Option<PersonId>,
    pub checklist_code: Option<String>,
    pub sha256: String,
    /// The quality flags its report holds ("not checked" has none).
    pub flags: Vec<QualityFlagKind>,
    /// Whether its quality was checked at all.
    pub checked: bool,
    /// The flags an officer dismissed, with the clock of the dismissal.
    pub dismissed: Vec<(QualityFlagKind, Hlc)>,
    /// A letter the file sent: its kind and the request or decision it states.
    pub letter: Option<(LetterKind, String)>,
    /// When it reached the ministry (the portal's receipt, or the letter's filing).
    pub received_at: DateTime<Utc>,
}

impl DocumentRow {
    /// The flags no officer dismissed, "many pages" left out (information, not a defect).
    pub fn open_flags(&self) -> Vec<QualityFlagKind> {
        self.flags
            .iter()
            .copied()
            .filter(|k| {
                *k != QualityFlagKind::ManyPages && !self.dismissed.iter().any(|(d, _)| d == k)
            })
            .collect()
    }
}

/// What was recorded for one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemRecord {
    /// Owed again (M1: a new form after a spouse joined).
    Missing,
    Received,
    /// F1, F2: received, and the officer found it defective (the row's `defects`).
    Defective,
    LetterPending,
    LetterAccepted,
    LetterRefused,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistRow {
    pub code: String,
    pub person: Option<PersonId>,
    pub state: ItemRecord,
    pub document_id: Option<DocumentId>,
    /// The officer's reason when a letter was judged, or their note on a defective item.
    pub comment: Option<String>,
    /// F1, F2: what the officer found wrong with the document (a `Defective` item).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defects: Vec<Defect>,
}

/// The kinds of request a file can have out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    MissingItems,
    Attestation,
    IntentToRefuse,
    IntentToReject,
}

impl RequestKind {
    pub const ALL: [RequestKind; 4] = [
        RequestKind::MissingItems,
        RequestKind::Attestation,
        RequestKind::IntentToRefuse,
        RequestKind::IntentToReject,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestKind::MissingItems => "missing_items",
            RequestKind::Attestation => "attestation",
            RequestKind::IntentToRefuse => "intent_to_refuse",
            RequestKind::IntentToReject => "intent_to_reject",
        }
    }
}

/// Why a request was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestClosed {
    /// A2: every item requested arrived.
    Received,
    /// V1: everyone obtained the attestation.
    Completed,
    /// D2, D3: the applicant answered the letter of intent.
    Answered,
    /// A decision was proposed: nothing is waited for any more.
    DecisionProposed,
}

impl RequestClosed {
    pub fn code(self) -> &'static str {
        match self {
            RequestClosed::Received => "received",
            RequestClosed::Completed => "completed",
            RequestClosed::Answered => "answered",
            RequestClosed::DecisionProposed => "decision_proposed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: RequestId,
    pub kind: RequestKind,
    pub sent_at: DateTime<Utc>,
    pub deadline: Deadline,
    /// A missing-items request: the keys of the items asked for.
    #[serde(default)]
    pub items: Vec<String>,
    /// An attestation request: who must obtain it.
    #[serde(default)]
    pub persons: Vec<PersonId>,
    #[serde(default)]
    pub refusal_grounds: Vec<RefusalGround>,
    #[serde(default)]
    pub rejection_grounds: Vec<RejectionGround>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_reason: Option<RequestClosed>,
}

impl RequestRow {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationRow {
    pub person: PersonId,
    pub obtained_on: Option<NaiveDate>,
    pub exemption: Option<Exemption>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewRow {
    pub id: InterviewId,
    pub at: DateTime<Utc>,
    pub outcome: Option<InterviewOutcome>,
    pub notes: Option<String>,
}

/// What a supervisor did with a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewOutcome {
    Approved,
    SentBack,
}

impl ReviewOutcome {
    pub fn code(self) -> &'static str {
        match self {
            ReviewOutcome::Approved => "approved",
            ReviewOutcome::SentBack => "sent_back",
        }
    }
}

/// A proposed decision and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRow {
    pub id: DecisionId,
    pub decision: Decision,
    pub note: String,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub outcome: Option<ReviewOutcome>,
    pub comment: Option<String>,
    pub certificates: Vec<CsqIssued>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRow {
    pub id: PaymentId,
    pub amount: Cad,
    pub paid_on: NaiveDate,
    pub payer: Payer,
}

/// Everything the rules need to know about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    pub case_id: CaseId,
    pub file_number: String,
    pub status: CaseStatus,
    /// The operation that set the status (for a conflict: who changed the file).
    pub status_op: OperationId,
    pub stream: Stream,
    pub profile: Profile,
    pub language: Language,
    pub received_at: DateTime<Utc>,
    /// P4: the employer had to obtain the TECHNOCompétences notice (AI stream), as an
    /// officer recorded it.
    pub ai_notice_required: bool,
    pub assigned_to: Option<UserId>,
    /// Principal applicant first, then the spouse, then children by date of birth.
    pub persons: Vec<PersonRow>,
    pub documents: Vec<DocumentRow>,
    /// By code, then person.
    pub checklist: Vec<ChecklistRow>,
    /// By sending time.
    pub requests: Vec<RequestRow>,
    pub attestations: Vec<AttestationRow>,
    pub interviews: Vec<InterviewRow>,
    pub decisions: Vec<DecisionRow>,
    pub payments: Vec<PaymentRow>,
}

/// The fees of a file: what is due ($1, $4) and the balance ($2).
#[derive(Debug, Clone)]
pub struct Fees {
    pub due: Result<Cad, program::FeeError>,
    pub balance: Option<Balance>,
}

impl FileState {
    pub fn person(&self, id: PersonId) -> Option<&PersonRow> {
        self.persons.iter().find(|p| p.id == id)
    }

    /// A person on the file now (not removed).
    pub fn present(&self, id: PersonId) -> Option<&PersonRow> {
        self.person(id).filter(|p| !p.removed)
    }

    pub fn document(&self, id: DocumentId) -> Option<&DocumentRow> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// The letter filed for a request or decision (by its id), if any.
    pub fn letter_about(&self, regarding: &str) -> Option<DocumentId> {
        self.documents
            .iter()
            .find(|d| d.letter.as_ref().is_some_and(|(_, r)| r == regarding))
            .map(|d| d.id)
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
    pub fn required(&self, def: &ProgramDefinition, on: NaiveDate) -> Vec<RequiredItem> {
        required_items(def, &self.case_file(), on)
    }

    pub fn checklist_row(&self, code: &str, person: Option<PersonId>) -> Option<&ChecklistRow> {
        self.checklist
            .iter()
            .find(|r| r.code == code && r.person == person)
    }

    /// The quality flags of `document` that no officer dismissed.
    pub fn open_flags(&self, document: Option<DocumentId>) -> Vec<QualityFlagKind> {
        document
            .and_then(|d| self.document(d))
            .map(DocumentRow::open_flags)
            .unwrap_or_default()
    }

    /// F2: what the open quality flags of an item's document make of it; they stand
    /// until an officer dismisses them.
    fn defects_of(&self, document: Option<DocumentId>) -> Vec<Defect> {
        let mut defects: Vec<Defect> = Vec::new();
        let found = self
            .open_flags(document)
            .into_iter()
            .filter_map(|k| match k {
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
                let state = match r.state {
                    ItemRecord::Received => ItemState::Provided {
                        defects: self.defects_of(r.document_id),
                    },
                    ItemRecord::Defective => {
                        let mut defects = r.defects.clone();
                        for d in self.defects_of(r.document_id) {
                            if !defects.contains(&d) {
                                defects.push(d);
                            }
                        }
                        ItemState::Provided { defects }
                    }
                    ItemRecord::LetterPending => ItemState::ExplanatoryLetter {
                        judgement: LetterJudgement::Pending,
                    },
                    ItemRecord::LetterAccepted => ItemState::ExplanatoryLetter {
                        judgement: LetterJudgement::Accepted,
                    },
                    ItemRecord::LetterRefused => ItemState::ExplanatoryLetter {
                        judgement: LetterJudgement::Refused,
                    },
                    ItemRecord::Missing => return None,
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
    pub fn fees(&self, def: &ProgramDefinition) -> Fees {
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
        let mut due =
            program::fees::fees_due(def, montreal_date(self.received_at), family).map(|f| f.total);
        for p in &self.persons {
            let Some(on) = p.added_on else { continue };
            due = due.and_then(|total| added_member_fee(def, on, p.role).map(|fee| total + fee));
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
    pub fn admissibility(&self, def: &ProgramDefinition, on: NaiveDate) -> Admissibility {
        let fees = self.fees(def);
        let bal = fees.balance.unwrap_or(Balance {
            due: Cad::ZERO,
            paid: Cad::ZERO,
            outstanding: Cad::from_cents(1),
            overpaid: Cad::ZERO,
        });
        evaluate(def, &self.case_file(), on, &self.submissions(), &bal)
    }

    /// The keys of what the file lacks on `on` (see [`item_key`]).
    pub fn gap_keys(&self, def: &ProgramDefinition, on: NaiveDate) -> Vec<String> {
        self.admissibility(def, on)
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

    /// F4, A2: the latest document submitted for the part `key` of `request` (an item
    /// and its person) since the request was sent: the applicant's answer, for the
    /// officer to verify.
    pub fn answer_to(&self, request: &RequestRow, key: &str) -> Option<DocumentId> {
        self.documents
            .iter()
            .rev()
            .filter(|d| d.letter.is_none() && d.received_at >= request.sent_at)
            .find(|d| {
                d.checklist_code
                    .as_deref()
                    .is_some_and(|code| item_key(code, d.person) == key)
            })
            .map(|d| d.id)
    }

    pub fn request(&self, id: RequestId) -> Option<&RequestRow> {
        self.requests.iter().find(|r| r.id == id)
    }

    pub fn attestation_row(&self, person: PersonId) -> Option<&AttestationRow> {
        self.attestations.iter().find(|a| a.person == person)
    }

    /// The last attestation request naming `person`, if any.
    pub fn attestation_request_of(&self, person: PersonId) -> Option<&RequestRow> {
        self.requests
            .iter()
            .rev()
            .find(|r| r.kind == RequestKind::Attestation && r.persons.contains(&person))
    }

    /// V2, V3, V5: the duty of `person` on `on`, by the rules.
    pub fn duty(&self, def: &ProgramDefinition, person: &PersonRow, on: NaiveDate) -> Duty {
        duty_of(
            def,
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

    /// Whether an officer recorded an exemption for `person` (V3, V5).
    pub fn exemption_recorded(&self, person: PersonId) -> bool {
        self.attestation_row(person)
            .is_some_and(|r| r.exemption.is_some())
    }

    /// Whether `person` is settled for the attestation: holds it, is exempt (by the rules
    /// on the day of their request, or recorded with a reason), or obtained it by the
    /// deadline of the request that named them.
    pub fn attestation_settled(
        &self,
        def: &ProgramDefinition,
        person: &PersonRow,
        today: NaiveDate,
    ) -> bool {
        if self.exemption_recorded(person.id) {
            return true;
        }
        if let Some(on) = self.attestation_row(person.id).and_then(|r| r.obtained_on) {
            return self
                .attestation_request_of(person.id)
                .is_none_or(|r| on <= r.deadline.last_day);
        }
        let on = self
            .attestation_request_of(person.id)
            .map_or(today, |r| r.deadline.sent_on);
        matches!(self.duty(def, person, on), Duty::Exempt { .. })
    }

    /// The members who must obtain the attestation on `on` and have not settled it.
    pub fn attestation_outstanding(
        &self,
        def: &ProgramDefinition,
        today: NaiveDate,
    ) -> Vec<&PersonRow> {
        self.persons
            .iter()
            .filter(|p| !p.removed && !self.attestation_settled(def, p, today))
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

    /// The earliest last day of the file's open requests.
    pub fn next_deadline(&self) -> Option<NaiveDate> {
        self.requests
            .iter()
            .filter(|r| r.is_open())
            .map(|r| r.deadline.last_day)
            .min()
    }

    /// The facts `lifecycle::check_transition` and `due_actions` need, at `now`.
    pub fn facts(&self, def: &ProgramDefinition, now: DateTime<Utc>) -> CaseFacts {
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
            admissible: self.admissibility(def, today).is_complete(),
            deadline,
            attestation_complete: self.attestation_outstanding(def, today).is_empty(),
            interview_required: !self.interviews.is_empty(),
            interview_held: last.is_some_and(|i| i.outcome == Some(InterviewOutcome::Held)),
            interview_at: last.filter(|i| i.outcome.is_none()).map(|i| i.at),
            last_intent: self.requests.iter().rev().find_map(|r| match r.kind {
                RequestKind::IntentToRefuse => Some(IntentKind::Refuse),
                RequestKind::IntentToReject => Some(IntentKind::Reject),
                _ => None,
            }),
            proposal: self.pending_decision().map(|d| d.decision.clone()),
        }
    }

    /// M1–M5: what adding `person` (with both parents or not, for a child) on `on`
    /// requires of this file (fee, items, a new form), or why it cannot be added.
    pub fn member_addition(
        &self,
        def: &ProgramDefinition,
        person: &oplog::NewPerson,
        both_parents_accompany: bool,
        on: NaiveDate,
    ) -> Result<ChangeRequirements, FamilyChangeError> {
        let member = FamilyMember {
            key: PersonKey(person.id.to_string()),
            role: person.role,
            date_of_birth: person.date_of_birth,
            both_parents_accompany,
        };
        let change = match person.role {
            PersonRole::Spouse => FamilyChange::AddSpouse { member },
            _ => FamilyChange::AddChild { member },
        };
        check_family_change(def, self.stream, self.status, &self.members(), &change, on)
    }

    /// Whether the rules say selection may be proposed at `now` (the queue's "ready for
    /// a decision").
    pub fn selection_ready(&self, def: &ProgramDefinition, now: DateTime<Utc>) -> bool {
        self.status == CaseStatus::InReview
            && program::due_actions(self.status, &self.facts(def, now), now)
                .contains(&program::DueAction::ProposeSelection)
    }
}
