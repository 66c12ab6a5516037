//! What the case screen's casework sections and the supervisor's queue read: the checklist
//! generated from the program and the family, requests with their parts and deadlines,
//! the attestation per person, interviews, fees and balance, proposals, the audit trail in
//! French and English, what is due, which actions the rules allow now (so the UI never
//! decides), and the supervisor's decision queue with what supports each proposal. All
//! computed from [`FileState`] through `program`.

use std::collections::HashMap;
use vocab::Text;

use chrono::{DateTime, NaiveDate, Utc};
use program::ProgramDefinition;
use program::attestation::Duty;
use program::fees::Payer;
use program::lifecycle::allowed_events;
use program::{
    Bilingual, Cad, CaseEvent, CaseStatus, Decision, DueAction, Exemption, PersonRole,
    RefusalGround, RejectionGround, check_transition, due_actions, montreal_date,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::casework::LoadState;
use crate::casework::{FEES_KEY, FileState, ItemRecord, RequestKind, item_key};
use crate::describe::describe;
use crate::ids::{
    Actor, CaseId, DecisionId, DocumentId, InterviewId, OperationId, PaymentId, PersonId,
    RequestId, Role,
};
use crate::ops::{CsqIssued, SyncState};
use crate::queries::{DueFilter, QueueFilter, QueueQuery, WorkQueue};
use crate::{Store, StoreError};
use program::decision::InterviewOutcome;

/// Where a checklist item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemStanding {
    Missing,
    Received,
    /// Received, but its document carries a quality flag no officer dismissed (F2: not in
    /// colour, illegible, not a PDF...): it does not count until replaced or dismissed.
    Flagged,
    /// F1, F2: received, and the officer found it defective (`ChecklistEntry.defects`):
    /// a gap until a good document comes.
    Defective,
    LetterPending,
    LetterAccepted,
    LetterRefused,
}

/// One item of the file's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChecklistEntry {
    /// The key a missing-items request uses for it.
    pub key: String,
    pub code: String,
    pub person_id: Option<PersonId>,
    pub person_name: Option<String>,
    pub label: Bilingual,
    /// F1: a part of the form (no explanatory letter can replace it).
    pub is_form: bool,
    pub standing: ItemStanding,
    pub document_id: Option<DocumentId>,
    /// The open quality flags of that document, in words.
    pub flags: Vec<Text>,
    /// The officer's reason when a letter was judged, or their note on a defect.
    pub comment: Option<String>,
    /// F1, F2: the defects the officer found (a `Defective` item).
    pub defects: Vec<program::admissibility::Defect>,
    /// The applicant's documents submitted for this item (its code and person), newest
    /// first, not yet recorded against it: what the officer verifies.
    pub submitted: Vec<DocumentId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestKindView {
    MissingItems,
    Attestation,
    IntentToRefuse,
    IntentToReject,
}

/// One part of a request: an item, a person, or the fees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestPart {
    pub key: String,
    pub label: Text,
    /// The item is received (or settled): nothing more is asked.
    pub closed: bool,
    /// F4: a document submitted for this part since the request was sent, for the
    /// officer to verify (the part is answered, not yet closed).
    pub answered_by: Option<DocumentId>,
}

/// A request or letter sent to the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestView {
    pub id: RequestId,
    pub kind: RequestKindView,
    pub sent_at: DateTime<Utc>,
    pub deadline: NaiveDate,
    #[ts(type = "number")]
    pub days_left: i64,
    pub deadline_passed: bool,
    pub open: bool,
    pub closed_reason: Option<decider::state::RequestClosed>,
    pub parts: Vec<RequestPart>,
    pub refusal_grounds: Vec<RefusalGround>,
    pub rejection_grounds: Vec<RejectionGround>,
    /// The letter sent, filed among the file's documents; `None` if it could not be
    /// produced (the officer may produce it again).
    pub letter: Option<DocumentId>,
}

/// Where one person stands with the attestation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AttestationStanding {
    /// V2, V3, V5: by the rules.
    Exempt {
        exemption: Exemption,
    },
    /// Recorded by an officer, with the reason.
    ExemptRecorded {
        exemption: Exemption,
        reason: String,
    },
    /// Must obtain it; no request yet.
    ToRequest,
    Requested {
        deadline: NaiveDate,
    },
    Obtained {
        on: NaiveDate,
    },
    /// V4: the deadline passed.
    Late {
        deadline: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttestationView {
    pub person_id: PersonId,
    pub name: String,
    pub role: PersonRole,
    pub standing: AttestationStanding,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InterviewView {
    pub id: InterviewId,
    pub scheduled_at: DateTime<Utc>,
    /// `None` until recorded.
    pub outcome: Option<InterviewOutcome>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PaymentView {
    pub id: PaymentId,
    pub amount: Cad,
    pub paid_on: NaiveDate,
    pub payer: Payer,
}

/// $1–$4: what is due, paid and outstanding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeesView {
    pub due: Option<Cad>,
    /// Why the amount due is unknown (no schedule for the date), with what to do.
    pub error: Option<Text>,
    pub paid: Cad,
    pub outstanding: Option<Cad>,
    pub payments: Vec<PaymentView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CertificateView {
    pub person_id: PersonId,
    pub name: String,
    pub number: String,
}

/// A proposed decision and its review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecisionView {
    pub id: DecisionId,
    pub decision: Decision,
    pub note: String,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// `None` while it waits.
    pub outcome: Option<decider::state::ReviewOutcome>,
    pub comment: Option<String>,
    pub certificates: Vec<CertificateView>,
    /// The decision letter, once the decision is approved and its letter filed.
    pub letter: Option<DocumentId>,
}

/// Something the user may try on the file now. Proposals are split by decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    StartAdmissibilityReview,
    RequestMissingItems,
    MissingItemsReceived,
    RecordAdmissible,
    RequestAttestation,
    AttestationCompleted,
    ScheduleInterview,
    RecordInterviewOutcome,
    SendIntentToRefuse,
    SendIntentToReject,
    RecordApplicantAnswer,
    ProposeSelection,
    ProposeRefusal,
    ProposeRejection,
    SendBack,
    ApproveSelection,
    ApproveRefusal,
    ApproveRejection,
    RequestAdministrativeReview,
    RecordSupervisedAmendment,
    /// Checklist, payments, attestation per person, family changes.
    EditFile,
}

/// Whether an action is possible now, and if not why (the rules' words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionAvailability {
    pub action: Action,
    /// `None`: allowed now. Otherwise why not, in French and English, for people (no
    /// event names or checklist keys).
    pub blocked: Option<Text>,
}

/// The casework of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Casework {
    pub case_id: CaseId,
    pub status: CaseStatus,
    pub admissible: bool,
    /// P4, AI stream only (`None` otherwise): whether the employer had to obtain the
    /// TECHNOCompétences notice, as recorded; when it did, the notice is on the checklist.
    pub ai_notice_required: Option<bool>,
    pub checklist: Vec<ChecklistEntry>,
    /// Keys of what the file lacks (for a missing-items request).
    pub gaps: Vec<String>,
    pub requests: Vec<RequestView>,
    pub attestation: Vec<AttestationView>,
    pub interviews: Vec<InterviewView>,
    pub fees: FeesView,
    pub decisions: Vec<DecisionView>,
    pub due: Vec<DueAction>,
    pub actions: Vec<ActionAvailability>,
    /// The grounds the rules suggest for a rejection now (A2, V4, D5), if any.
    pub suggested_rejection: Vec<RejectionGround>,
}

/// A proposal waiting for a supervisor (the decision queue), with what supports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProposalView {
    pub case: crate::CaseRow,
    /// The decision proposed: by whom, when, the officer's note.
    pub proposal: DecisionView,
    /// Whether the rules find the file complete (A1): every item received or replaced.
    pub complete: bool,
    /// What the checklist still lacks by the rules (missing, flagged, or an explanatory
    /// letter refused), by label (with the person's name for a person's item).
    pub missing: Vec<Text>,
    /// The requests the file sent, open or closed, with their deadlines (what a missing-
    /// items rejection or a refusal after a letter of intent rests on).
    pub requests: Vec<RequestView>,
    pub attestation: Vec<AttestationView>,
    pub fees: FeesView,
    /// The documents the applicant sent (letters the file sent out excluded).
    pub documents: u32,
    /// Approving: allowed for this user now, or why not (e.g. their own proposal).
    pub approve: Option<ActionAvailability>,
    /// Sending the proposal back to the officer with a comment: allowed for this user now,
    /// or why not.
    pub send_back: Option<ActionAvailability>,
}

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    pub id: OperationId,
    /// When, by the operation's clock.
    pub at: DateTime<Utc>,
    pub author: String,
    pub role: Role,
    pub kind: String,
    pub summary: Text,
    /// P5: the program definition version it was decided with.
    #[ts(type = "number")]
    pub program: program::ProgramVersionId,
    pub sync_state: SyncState,
}

/// How many files each queue holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueueCounts {
    pub due_this_week: u32,
    pub overdue: u32,
    pub waiting_for_applicant: u32,
    pub ready_for_decision: u32,
    pub decisions_to_review: u32,
}

fn names(state: &FileState) -> HashMap<PersonId, String> {
    state.persons.iter().map(|p| (p.id, p.name())).collect()
}

fn suggested_rejection(
    def: &ProgramDefinition,
    state: &FileState,
    now: DateTime<Utc>,
) -> Vec<RejectionGround> {
    let facts = state.facts(def, now);
    let mut grounds: Vec<RejectionGround> = due_actions(state.status, &facts, now)
        .into_iter()
        .filter_map(|d| match d {
            DueAction::ProposeRejection { ground, .. } => Some(ground),
            _ => None,
        })
        .collect();
    if state
        .interviews
        .last()
        .is_some_and(|i| i.outcome == Some(InterviewOutcome::Absent))
    {
        grounds.push(RejectionGround::AbsentFromInterview);
    }
    if grounds.is_empty() {
        // After a letter of intent to reject: its grounds.
        if let Some(r) = state
            .requests
            .iter()
            .rev()
            .find(|r| r.kind == RequestKind::IntentToReject)
        {
            grounds = r.rejection_grounds.clone();
        }
    }
    grounds
}

fn last_refusal_grounds(state: &FileState) -> Vec<RefusalGround> {
    state
        .requests
        .iter()
        .rev()
        .find(|r| r.kind == RequestKind::IntentToRefuse)
        .map(|r| r.refusal_grounds.clone())
        .unwrap_or_else(|| vec![RefusalGround::ConditionsNotMet])
}

/// What people call checklist item `key` (as in a missing-items request): the item's
/// label in `checklist`, "Label — Person Name" for a person's item, the payment of the
/// fees for [`FEES_KEY`]; the key itself only for an item the checklist no longer has.
fn item_label(checklist: &[ChecklistEntry], key: &str) -> Text {
    if key == FEES_KEY {
        return Text::new("item-fees-payment");
    }
    checklist
        .iter()
        .find(|c| c.key == key)
        .map(ChecklistEntry::name)
        .unwrap_or_else(|| Text::new("item-label").with("item", key))
}

impl ChecklistEntry {
    /// The item's label, "Label — Person Name" for a person's item.
    fn name(&self) -> Text {
        match &self.person_name {
            Some(n) => Text::new("item-label-of")
                .with("item", &self.label)
                .with("name", n),
            None => Text::new("item-label").with("item", &self.label),
        }
    }
}

/// What the actions of `state` are, as `actor` may take them at `now`; `checklist` is the
/// file's checklist today (for naming the items still missing).
fn actions(
    def: &ProgramDefinition,
    state: &FileState,
    actor: &Actor,
    now: DateTime<Utc>,
    checklist: &[ChecklistEntry],
) -> Vec<ActionAvailability> {
    let facts = state.facts(def, now);
    let allowed = allowed_events(state.status);
    let mut out = Vec::new();
    let mut push = |action: Action, event: CaseEvent, proposal: Option<Decision>| {
        if !allowed.contains(&event) {
            return;
        }
        let mut f = facts.clone();
        if proposal.is_some() {
            f.proposal = proposal;
        }
        let mut blocked = check_transition(state.status, event, &f, now)
            .err()
            .map(|e| e.reason());
        // The decider's own role and four-eyes rules, as for the step itself.
        if blocked.is_none() {
            blocked = decider::roles::may_take(actor, event)
                .err()
                .map(|e| e.reason());
        }
        if blocked.is_none() && decider::roles::is_review(event) {
            blocked = decider::roles::check_reviewer(state, actor, None)
                .err()
                .map(|e| e.reason());
        }
        if event == CaseEvent::MissingItemsReceived && blocked.is_none() {
            let still = decider::decide::still_missing(def, state, montreal_date(now));
            if !still.is_empty() {
                let labels: Vec<Text> = still.iter().map(|k| item_label(checklist, k)).collect();
                blocked = Some(Text::new("work-still-missing").with("items", labels));
            }
        }
        out.push(ActionAvailability { action, blocked });
    };
    use Action as A;
    use CaseEvent as E;
    push(
        A::StartAdmissibilityReview,
        E::StartAdmissibilityReview,
        None,
    );
    push(A::RequestMissingItems, E::RequestMissingItems, None);
    push(A::MissingItemsReceived, E::MissingItemsReceived, None);
    push(A::RecordAdmissible, E::RecordAdmissible, None);
    push(A::RequestAttestation, E::RequestAttestation, None);
    push(A::AttestationCompleted, E::AttestationCompleted, None);
    push(A::ScheduleInterview, E::ScheduleInterview, None);
    push(A::RecordInterviewOutcome, E::InterviewHeld, None);
    push(A::SendIntentToRefuse, E::SendIntentToRefuse, None);
    push(A::SendIntentToReject, E::SendIntentToReject, None);
    push(A::RecordApplicantAnswer, E::ApplicantAnswered, None);
    push(
        A::ProposeSelection,
        E::ProposeDecision,
        Some(Decision::Selected),
    );
    push(
        A::ProposeRefusal,
        E::ProposeDecision,
        Some(Decision::Refused {
            grounds: last_refusal_grounds(state),
        }),
    );
    let rejection = suggested_rejection(def, state, now);
    push(
        A::ProposeRejection,
        E::ProposeDecision,
        Some(Decision::Rejected {
            grounds: if rejection.is_empty() {
                vec![RejectionGround::NoConvincingEvidence]
            } else {
                rejection
            },
        }),
    );
    let proposal = state.pending_decision().map(|d| &d.decision);
    push(A::SendBack, E::SendBack, None);
    if matches!(proposal, Some(Decision::Selected)) {
        push(A::ApproveSelection, E::ApproveSelection, None);
    }
    if matches!(proposal, Some(Decision::Refused { .. })) {
        push(A::ApproveRefusal, E::Refuse, None);
    }
    if matches!(proposal, Some(Decision::Rejected { .. })) {
        push(A::ApproveRejection, E::Reject, None);
    }
    push(
        A::RequestAdministrativeReview,
        E::RequestAdministrativeReview,
        None,
    );
    push(
        A::RecordSupervisedAmendment,
        E::RecordSupervisedAmendment,
        None,
    );
    out.push(ActionAvailability {
        action: Action::EditFile,
        blocked: decider::decide::check_editable(state.status)
            .err()
            .map(|e| e.reason()),
    });
    out
}

impl Store {
    /// The decider's state of file `case`, as this store keeps it (what every change to
    /// the file is decided against).
    pub fn file_state(&self, case: CaseId) -> Result<FileState, StoreError> {
        let conn = self.conn()?;
        FileState::load(&conn, &self.programs(), case)
    }

    /// The keys of what file `case` lacks today (checklist items and fees), for a
    /// missing-items request.
    pub fn missing_item_keys(&self, case: CaseId) -> Result<Vec<String>, StoreError> {
        Ok(self
            .file_state(case)?
            .gap_keys(&self.program(), self.today()))
    }

    /// The CSQs a selection of `case` issues now (D1): principal first, then each
    /// accompanying member.
    pub fn selection_certificates(&self, case: CaseId) -> Result<Vec<CsqIssued>, StoreError> {
        Ok(self.file_state(case)?.certificates())
    }

    /// The persons of `case` who must obtain the attestation on `on` and have not.
    pub fn attestation_to_request(
        &self,
        case: CaseId,
        on: NaiveDate,
    ) -> Result<Vec<PersonId>, StoreError> {
        let state = self.file_state(case)?;
        let def = self.program();
        Ok(state
            .attestation_outstanding(&def, on)
            .into_iter()
            .filter(|p| state.duty(&def, p, on) == Duty::MustObtain)
            .map(|p| p.id)
            .collect())
    }

    /// The casework of file `case`, as `actor` may act on it now.
    pub fn casework(&self, case: CaseId, actor: &Actor) -> Result<Casework, StoreError> {
        self.casework_of(case, self.file_state(case)?, actor)
    }

    /// The casework of file `case`, whose rows `state` holds.
    pub(crate) fn casework_of(
        &self,
        case: CaseId,
        state: FileState,
        actor: &Actor,
    ) -> Result<Casework, StoreError> {
        let now = self.now();
        let today = montreal_date(now);
        let def = self.program();
        let def = def.as_ref();
        let names = names(&state);
        let admissibility = state.admissibility(def, today);
        let gaps = state.gap_keys(def, today);
        let checklist = state
            .required(def, today)
            .into_iter()
            .map(|item| {
                let person = item
                    .person
                    .as_ref()
                    .and_then(|k| PersonId::parse(k.as_str()).ok());
                let row = state.checklist_row(item.code.as_str(), person);
                let document_id = row.and_then(|r| r.document_id);
                let flags: Vec<Text> = state
                    .open_flags(document_id)
                    .iter()
                    .map(|k| k.text())
                    .collect();
                let standing = match row.map(|r| r.state) {
                    Some(ItemRecord::Received) if !flags.is_empty() => ItemStanding::Flagged,
                    Some(ItemRecord::Received) => ItemStanding::Received,
                    Some(ItemRecord::Defective) => ItemStanding::Defective,
                    Some(ItemRecord::LetterPending) => ItemStanding::LetterPending,
                    Some(ItemRecord::LetterAccepted) => ItemStanding::LetterAccepted,
                    Some(ItemRecord::LetterRefused) => ItemStanding::LetterRefused,
                    Some(ItemRecord::Missing) | None => ItemStanding::Missing,
                };
                ChecklistEntry {
                    key: item_key(item.code.as_str(), person),
                    code: item.code.to_string(),
                    person_id: person,
                    person_name: person.and_then(|p| names.get(&p).cloned()),
                    is_form: item.is_form(),
                    label: item.label.clone(),
                    standing,
                    document_id,
                    flags,
                    comment: row.and_then(|r| r.comment.clone()),
                    defects: row.map(|r| r.defects.clone()).unwrap_or_default(),
                    submitted: state
                        .documents
                        .iter()
                        .rev()
                        .filter(|d| {
                            d.letter.is_none()
                                && d.checklist_code.as_deref() == Some(item.code.as_str())
                                && d.person == person
                                && Some(d.id) != document_id
                        })
                        .map(|d| d.id)
                        .collect(),
                }
            })
            .collect::<Vec<_>>();
        let label_of = |key: &str| item_label(&checklist, key);
        let requests = state
            .requests
            .iter()
            .map(|r| {
                let parts = match r.kind {
                    RequestKind::MissingItems => r
                        .items
                        .iter()
                        .cloned()
                        .map(|k| RequestPart {
                            label: label_of(&k),
                            closed: !gaps.contains(&k),
                            answered_by: state.answer_to(r, &k),
                            key: k,
                        })
                        .collect(),
                    RequestKind::Attestation => r
                        .persons
                        .iter()
                        .map(|id| {
                            let name = names.get(id).cloned().unwrap_or_else(|| id.to_string());
                            let closed = state
                                .person(*id)
                                .is_some_and(|p| state.attestation_settled(def, p, today));
                            RequestPart {
                                key: id.to_string(),
                                label: Text::new("item-label").with("item", name),
                                closed,
                                answered_by: None,
                            }
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                RequestView {
                    id: r.id,
                    kind: match r.kind {
                        RequestKind::MissingItems => RequestKindView::MissingItems,
                        RequestKind::Attestation => RequestKindView::Attestation,
                        RequestKind::IntentToRefuse => RequestKindView::IntentToRefuse,
                        RequestKind::IntentToReject => RequestKindView::IntentToReject,
                    },
                    sent_at: r.sent_at,
                    deadline: r.deadline.last_day,
                    days_left: r.deadline.days_left(now),
                    deadline_passed: r.deadline.has_passed(now),
                    open: r.is_open(),
                    closed_reason: r.closed_reason,
                    parts,
                    refusal_grounds: r.refusal_grounds.clone(),
                    rejection_grounds: r.rejection_grounds.clone(),
                    letter: state.letter_about(&r.id.to_string()),
                }
            })
            .collect();
        let attestation = state
            .persons
            .iter()
            .filter(|p| !p.removed)
            .map(|p| {
                let request = state.attestation_request_of(p.id);
                let on = request.map_or(today, |r| r.deadline.sent_on);
                let row = state.attestation_row(p.id);
                let standing = match (row, state.duty(def, p, on)) {
                    (Some(r), _) if r.exemption.is_some() => AttestationStanding::ExemptRecorded {
                        exemption: r.exemption.unwrap_or(Exemption::ExemptByRegulation),
                        reason: r.reason.clone().unwrap_or_default(),
                    },
                    (Some(r), _) if r.obtained_on.is_some() => AttestationStanding::Obtained {
                        on: r.obtained_on.unwrap_or(today),
                    },
                    (_, Duty::Exempt { exemption }) => AttestationStanding::Exempt { exemption },
                    (_, Duty::MustObtain) => match request {
                        None => AttestationStanding::ToRequest,
                        Some(r) if r.deadline.has_passed(now) => AttestationStanding::Late {
                            deadline: r.deadline.last_day,
                        },
                        Some(r) => AttestationStanding::Requested {
                            deadline: r.deadline.last_day,
                        },
                    },
                };
                AttestationView {
                    person_id: p.id,
                    name: p.name(),
                    role: p.role,
                    standing,
                }
            })
            .collect();
        let fees = state.fees(def);
        let fees = FeesView {
            due: fees.due.as_ref().ok().copied(),
            error: fees.due.as_ref().err().map(program::FeeError::reason),
            paid: state.payments.iter().map(|p| p.amount).sum(),
            outstanding: fees.balance.map(|b| b.outstanding),
            payments: state
                .payments
                .iter()
                .map(|p| PaymentView {
                    id: p.id,
                    amount: p.amount,
                    paid_on: p.paid_on,
                    payer: p.payer,
                })
                .collect(),
        };
        let decisions = state
            .decisions
            .iter()
            .map(|d| DecisionView {
                id: d.id,
                decision: d.decision.clone(),
                note: d.note.clone(),
                proposed_by: d.proposed_by.clone(),
                proposed_at: d.proposed_at,
                reviewed_by: d.reviewed_by.clone(),
                reviewed_at: d.reviewed_at,
                outcome: d.outcome,
                comment: d.comment.clone(),
                certificates: d
                    .certificates
                    .iter()
                    .map(|c| CertificateView {
                        person_id: c.person_id,
                        name: names.get(&c.person_id).cloned().unwrap_or_default(),
                        number: c.number.clone(),
                    })
                    .collect(),
                letter: state.letter_about(&d.id.to_string()),
            })
            .collect();
        let interviews = state
            .interviews
            .iter()
            .map(|i| InterviewView {
                id: i.id,
                scheduled_at: i.at,
                outcome: i.outcome,
                notes: i.notes.clone(),
            })
            .collect();
        Ok(Casework {
            case_id: case,
            status: state.status,
            admissible: admissibility.is_complete(),
            ai_notice_required: (state.stream == program::Stream::Ai)
                .then_some(state.ai_notice_required),
            gaps,
            requests,
            attestation,
            interviews,
            fees,
            decisions,
            due: due_actions(state.status, &state.facts(def, now), now),
            actions: actions(def, &state, actor, now, &checklist),
            suggested_rejection: suggested_rejection(def, &state, now),
            checklist,
        })
    }

    /// The audit trail of file `case`: every operation, oldest first, who, when and what
    /// in both languages. Read-only: the log cannot be edited (triggers refuse it).
    pub fn audit_trail(&self, case: CaseId) -> Result<Vec<AuditEntry>, StoreError> {
        let state = self.file_state(case)?;
        let names = names(&state);
        let programs = self.programs();
        Ok(self
            .operations(case)?
            .into_iter()
            .map(|op| AuditEntry {
                id: op.id,
                at: DateTime::from_timestamp_millis(i64::try_from(op.hlc.wall_ms).unwrap_or(0))
                    .unwrap_or_default(),
                author: op.author.user.0.clone(),
                role: op.author.role,
                kind: op.change.kind().to_owned(),
                summary: describe(decider::definition_for(&programs, &op), &op.change, &names),
                program: op.program,
                sync_state: op.sync_state,
            })
            .collect())
    }

    /// D1–D3, the supervisor's decision queue: every proposal waiting for approval, the
    /// nearest deadline first, each with what supports it and whether `actor` may
    /// approve it.
    pub fn proposals_to_review(&self, actor: &Actor) -> Result<Vec<ProposalView>, StoreError> {
        let waiting = self.queue(&QueueQuery {
            filter: QueueFilter {
                work: Some(WorkQueue::DecisionsToReview),
                ..QueueFilter::default()
            },
            limit: 500,
            ..QueueQuery::default()
        })?;
        waiting
            .items
            .into_iter()
            .map(|case| {
                let work = self.casework(case.id, actor)?;
                let proposal = work
                    .decisions
                    .iter()
                    .rev()
                    .find(|d| d.outcome.is_none())
                    .cloned()
                    .ok_or_else(|| {
                        StoreError::Corrupt(format!(
                            "file {} waits for a decision but holds no proposal",
                            case.file_number
                        ))
                    })?;
                let missing = work
                    .checklist
                    .iter()
                    // What the rules count as lacking: missing, flagged (F2), refused letters.
                    .filter(|c| work.gaps.contains(&c.key))
                    .map(ChecklistEntry::name)
                    .collect();
                let documents: i64 = self
                    .conn()?
                    .prepare_cached(
                        "SELECT count(*) FROM documents WHERE case_id = ?1 AND letter IS NULL",
                    )?
                    .query_row([case.id], |r| r.get(0))?;
                Ok(ProposalView {
                    proposal,
                    complete: work.admissible,
                    missing,
                    requests: work.requests,
                    attestation: work.attestation,
                    fees: work.fees,
                    documents: u32::try_from(documents).unwrap_or(u32::MAX),
                    approve: work
                        .actions
                        .iter()
                        .find(|a| {
                            matches!(
                                a.action,
                                Action::ApproveSelection
                                    | Action::ApproveRefusal
                                    | Action::ApproveRejection
                            )
                        })
                        .cloned(),
                    send_back: work
                        .actions
                        .into_iter()
                        .find(|a| a.action == Action::SendBack),
                    case,
                })
            })
            .collect()
    }

    /// How many files each of the day's queues holds.
    pub fn queue_counts(&self) -> Result<QueueCounts, StoreError> {
        let count = |filter: QueueFilter| -> Result<u32, StoreError> {
            Ok(self
                .queue(&QueueQuery {
                    filter,
                    limit: 1,
                    ..QueueQuery::default()
                })?
                .total)
        };
        let due = |d| QueueFilter {
            due: Some(d),
            ..QueueFilter::default()
        };
        let work = |w| QueueFilter {
            work: Some(w),
            ..QueueFilter::default()
        };
        Ok(QueueCounts {
            due_this_week: count(due(DueFilter::ThisWeek))?,
            overdue: count(due(DueFilter::Overdue))?,
            waiting_for_applicant: count(work(WorkQueue::WaitingForApplicant))?,
            ready_for_decision: count(work(WorkQueue::ReadyForDecision))?,
            decisions_to_review: count(work(WorkQueue::DecisionsToReview))?,
        })
    }
}
