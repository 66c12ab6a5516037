//! The lifecycle of a file as a typed state machine (A1–A2, V1–V4, D1–D5, M5): the events
//! that move a file from one status to another; [`transition`], the single pure function
//! that says whether a move is allowed at all; [`check_transition`], which also checks the
//! facts of the file (deadlines, completeness, the proposed decision); and [`due_actions`],
//! what an officer or supervisor should do next given "now".

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

use crate::deadline::Deadline;
use crate::decision::{Decision, RejectionGround};
use crate::model::CaseStatus;
use vocab::Text;

/// Something that happens to a file and may change its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseEvent {
    /// An officer opens the admissibility review (A1).
    StartAdmissibilityReview,
    /// A missing-items request is sent (A2).
    RequestMissingItems,
    /// All missing items were received in time.
    MissingItemsReceived,
    /// The file is recorded as admissible (A1).
    RecordAdmissible,
    /// An attestation request is sent (V1).
    RequestAttestation,
    /// Every required person obtained the attestation or is exempt.
    AttestationCompleted,
    /// An interview is scheduled (D5).
    ScheduleInterview,
    /// The interview took place.
    InterviewHeld,
    /// A letter of intent to refuse is sent (D2).
    SendIntentToRefuse,
    /// A letter of intent to reject is sent (D3).
    SendIntentToReject,
    /// The applicant answered a letter of intent; the review continues.
    ApplicantAnswered,
    /// An officer proposes a decision for a supervisor's approval.
    ProposeDecision,
    /// A supervisor sends a proposal back to the officer.
    SendBack,
    /// A supervisor approves selection: CSQs are issued (D1).
    ApproveSelection,
    /// A refusal is final (D2).
    Refuse,
    /// A rejection is final (D3).
    Reject,
    /// The applicant asks for an administrative review (D4).
    RequestAdministrativeReview,
    /// D5: the applicant did not show up for the interview (recorded; a ground for a
    /// letter of intent to reject).
    InterviewMissed,
    /// M5: a change after the CSQ, made through the customer contact centre and recorded
    /// under a supervisor's control. The file stays selected.
    RecordSupervisedAmendment,
    /// I3, I4: intake revokes the receipt of a file whose place under a cap an
    /// application received earlier, arriving later, took (docs/intake.md).
    RevokeReceipt,
}

impl CaseEvent {
    pub const ALL: [CaseEvent; 20] = [
        CaseEvent::StartAdmissibilityReview,
        CaseEvent::RequestMissingItems,
        CaseEvent::MissingItemsReceived,
        CaseEvent::RecordAdmissible,
        CaseEvent::RequestAttestation,
        CaseEvent::AttestationCompleted,
        CaseEvent::ScheduleInterview,
        CaseEvent::InterviewHeld,
        CaseEvent::SendIntentToRefuse,
        CaseEvent::SendIntentToReject,
        CaseEvent::ApplicantAnswered,
        CaseEvent::ProposeDecision,
        CaseEvent::SendBack,
        CaseEvent::ApproveSelection,
        CaseEvent::Refuse,
        CaseEvent::Reject,
        CaseEvent::RequestAdministrativeReview,
        CaseEvent::InterviewMissed,
        CaseEvent::RecordSupervisedAmendment,
        CaseEvent::RevokeReceipt,
    ];

    /// The stable code used in storage and on the wire.
    pub fn code(self) -> &'static str {
        match self {
            CaseEvent::StartAdmissibilityReview => "start_admissibility_review",
            CaseEvent::RequestMissingItems => "request_missing_items",
            CaseEvent::MissingItemsReceived => "missing_items_received",
            CaseEvent::RecordAdmissible => "record_admissible",
            CaseEvent::RequestAttestation => "request_attestation",
            CaseEvent::AttestationCompleted => "attestation_completed",
            CaseEvent::ScheduleInterview => "schedule_interview",
            CaseEvent::InterviewHeld => "interview_held",
            CaseEvent::SendIntentToRefuse => "send_intent_to_refuse",
            CaseEvent::SendIntentToReject => "send_intent_to_reject",
            CaseEvent::ApplicantAnswered => "applicant_answered",
            CaseEvent::ProposeDecision => "propose_decision",
            CaseEvent::SendBack => "send_back",
            CaseEvent::ApproveSelection => "approve_selection",
            CaseEvent::Refuse => "refuse",
            CaseEvent::Reject => "reject",
            CaseEvent::RequestAdministrativeReview => "request_administrative_review",
            CaseEvent::InterviewMissed => "interview_missed",
            CaseEvent::RecordSupervisedAmendment => "record_supervised_amendment",
            CaseEvent::RevokeReceipt => "revoke_receipt",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }
}

/// A transition that the rules forbid, with the reason.
///
/// `Display` is for logs, the CLI and the server (English, with the event and status
/// codes); people read [`TransitionError::reason`], in their language.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{event:?} is not allowed while the file is {from:?}: {reason}")]
pub struct TransitionError {
    pub from: CaseStatus,
    pub event: CaseEvent,
    /// Why, in the catalogue's words, without the event's or status's code.
    pub reason: Text,
}

impl TransitionError {
    /// Why the move is not allowed, in French and English, for the people who asked.
    pub fn reason(&self) -> Text {
        self.reason.clone()
    }
}

/// The status that `event` leads to from `from`, or why it is not allowed.
pub fn transition(from: CaseStatus, event: CaseEvent) -> Result<CaseStatus, TransitionError> {
    use CaseEvent as E;
    use CaseStatus as S;
    let to = match (from, event) {
        (S::Received, E::StartAdmissibilityReview) => S::AdmissibilityReview,
        (S::AdmissibilityReview, E::RequestMissingItems) => S::MissingItemsRequested,
        (S::AdmissibilityReview, E::RecordAdmissible) => S::InReview,
        (S::MissingItemsRequested, E::MissingItemsReceived) => S::AdmissibilityReview,
        (S::InReview, E::RequestAttestation) => S::AttestationRequested,
        (S::AttestationRequested, E::AttestationCompleted) => S::InReview,
        (S::InReview, E::ScheduleInterview) => S::InterviewScheduled,
        (S::InterviewScheduled, E::InterviewHeld | E::InterviewMissed) => S::InReview,
        (
            S::AdmissibilityReview
            | S::MissingItemsRequested
            | S::InReview
            | S::AttestationRequested
            | S::InterviewScheduled,
            E::SendIntentToRefuse,
        ) => S::IntentToRefuse,
        (
            S::AdmissibilityReview
            | S::MissingItemsRequested
            | S::InReview
            | S::AttestationRequested
            | S::InterviewScheduled,
            E::SendIntentToReject,
        ) => S::IntentToReject,
        (S::IntentToRefuse | S::IntentToReject, E::ApplicantAnswered) => S::InReview,
        // A2 and V4: a deadline missed on a request leads to a proposed rejection.
        (
            S::InReview
            | S::IntentToRefuse
            | S::IntentToReject
            | S::MissingItemsRequested
            | S::AttestationRequested,
            E::ProposeDecision,
        ) => S::DecisionProposed,
        (S::DecisionProposed, E::SendBack) => S::InReview,
        (S::DecisionProposed, E::ApproveSelection) => S::Selected,
        (S::DecisionProposed | S::IntentToRefuse, E::Refuse) => S::Refused,
        (S::DecisionProposed | S::IntentToReject, E::Reject) => S::Rejected,
        (S::Refused | S::Rejected, E::RequestAdministrativeReview) => S::AdministrativeReview,
        (S::Selected, E::RecordSupervisedAmendment) => S::Selected,
        // Before any decision: a decided file keeps its place (docs/intake.md).
        (
            S::Received
            | S::AdmissibilityReview
            | S::MissingItemsRequested
            | S::InReview
            | S::AttestationRequested
            | S::InterviewScheduled
            | S::IntentToRefuse
            | S::IntentToReject
            | S::DecisionProposed,
            E::RevokeReceipt,
        ) => S::NotReceived,
        _ => {
            return Err(TransitionError {
                from,
                event,
                reason: forbidden_reason(from, event),
            });
        }
    };
    Ok(to)
}

/// Why `event` cannot happen in `from` (only called for forbidden pairs).
fn forbidden_reason(from: CaseStatus, event: CaseEvent) -> Text {
    use CaseEvent as E;
    use CaseStatus as S;
    match from {
        S::Selected => {
            return Text::new("rule-csq-was-issued-changes-go-through-supervised");
        }
        S::Refused | S::Rejected => {
            return Text::new("rule-decision-final-applicant-may-only-ask-for");
        }
        S::AdministrativeReview => {
            return Text::new("rule-administrative-review-under-way-file-waits-for");
        }
        S::NotReceived => {
            return Text::new("rule-file-not-received-nothing-more");
        }
        S::DecisionProposed if event != E::RevokeReceipt => {
            return Text::new("rule-decision-waits-for-supervisor-approve-it-make");
        }
        _ => {}
    }
    match event {
        E::StartAdmissibilityReview => {
            Text::new("rule-admissibility-review-starts-once-on-file-just")
        }
        E::RequestMissingItems | E::RecordAdmissible => {
            Text::new("rule-admissibility-decided-during-admissibility-review")
        }
        E::MissingItemsReceived => Text::new("rule-no-missing-items-request-out"),
        E::RequestAttestation | E::ScheduleInterview => {
            Text::new("rule-attestation-request-or-interview-needs-admissible-file")
        }
        E::AttestationCompleted => Text::new("rule-no-attestation-request-out"),
        E::InterviewHeld | E::InterviewMissed => Text::new("rule-no-interview-scheduled"),
        E::SendIntentToRefuse | E::SendIntentToReject => {
            Text::new("rule-letter-intent-needs-file-under-review-with")
        }
        E::ApplicantAnswered => Text::new("rule-no-letter-intent-waiting-for-answer"),
        E::ProposeDecision => Text::new("rule-decision-proposed-from-file-in-review-after"),
        E::SendBack | E::ApproveSelection => Text::new("rule-no-decision-proposed"),
        E::Refuse => Text::new("rule-refusal-follows-letter-intent-refuse-or-proposed"),
        E::Reject => Text::new("rule-rejection-follows-letter-intent-reject-or-proposed"),
        E::RequestAdministrativeReview => Text::new("rule-only-refusal-or-rejection-can-reviewed"),
        E::RecordSupervisedAmendment => {
            Text::new("rule-supervised-amendments-are-for-files-with-csq")
        }
        E::RevokeReceipt => Text::new("rule-receipt-revoked-only-before-decision"),
    }
}

/// The events allowed from `from` (ignoring the facts of the file).
pub fn allowed_events(from: CaseStatus) -> Vec<CaseEvent> {
    CaseEvent::ALL
        .into_iter()
        .filter(|e| transition(from, *e).is_ok())
        .collect()
}

/// The kind of letter of intent a file received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IntentKind {
    Refuse,
    Reject,
}

/// What the rules need to know about a file, beyond its status, to allow a move. The
/// store fills it from the file's rows; the default is a file about which nothing is known
/// yet (incomplete, nothing out, no proposal).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseFacts {
    /// A1: the latest checklist evaluation says complete.
    pub admissible: bool,
    /// The deadline of the request or letter that is out (missing items, attestation, or
    /// letter of intent).
    pub deadline: Option<Deadline>,
    /// V1–V4: everyone who must obtain the attestation has it, within the deadline.
    pub attestation_complete: bool,
    /// D1, D5: an interview is required before a decision.
    pub interview_required: bool,
    /// D5: the required interview took place.
    pub interview_held: bool,
    /// D5: when the scheduled interview is.
    pub interview_at: Option<DateTime<Utc>>,
    /// D2, D3: the last letter of intent sent on this file, if any.
    pub last_intent: Option<IntentKind>,
    /// The decision being proposed (with `ProposeDecision`) or waiting for a supervisor.
    pub proposal: Option<Decision>,
}

/// Why a move is not allowed now.
///
/// `Display` is for logs, the CLI and the server (English, with the event's code);
/// people read [`RuleError::reason`], in their language.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RuleError {
    #[error(transparent)]
    Forbidden(#[from] TransitionError),
    #[error("{event:?} is not possible yet: {reason}")]
    Unmet { event: CaseEvent, reason: Text },
}

impl RuleError {
    /// Why the move is not allowed (now), in French and English, for the people who
    /// asked: the rule's words only, without the event's or status's code.
    pub fn reason(&self) -> Text {
        match self {
            RuleError::Forbidden(e) => e.reason(),
            RuleError::Unmet { reason, .. } => reason.clone(),
        }
    }

    /// The event that was refused.
    pub fn event(&self) -> CaseEvent {
        match self {
            RuleError::Forbidden(e) => e.event,
            RuleError::Unmet { event, .. } => *event,
        }
    }
}

fn unmet(event: CaseEvent, reason: Text) -> RuleError {
    RuleError::Unmet { event, reason }
}

/// "jusqu’au 2024-05-03" / "until 2024-05-03", or an unknown date.
fn until_day(day: Option<NaiveDate>) -> Text {
    match day {
        Some(d) => Text::new("rule-until-day").with("day", d),
        None => Text::new("rule-until-unknown-date"),
    }
}

/// `transition`, plus the rules that depend on the facts of the file at `now`.
pub fn check_transition(
    from: CaseStatus,
    event: CaseEvent,
    facts: &CaseFacts,
    now: DateTime<Utc>,
) -> Result<CaseStatus, RuleError> {
    use CaseEvent as E;
    use CaseStatus as S;
    let to = transition(from, event)?;
    let deadline_passed = facts.deadline.is_some_and(|d| d.has_passed(now));
    let until = until_day(facts.deadline.map(|d| d.last_day));
    match (from, event) {
        (_, E::RequestMissingItems) if facts.admissible => {
            return Err(unmet(
                event,
                Text::new("rule-file-complete-record-it-as-admissible-instead"),
            ));
        }
        (_, E::RecordAdmissible) if !facts.admissible => {
            return Err(unmet(
                event,
                Text::new("rule-file-incomplete-request-missing-items"),
            ));
        }
        (_, E::AttestationCompleted) if !facts.attestation_complete => {
            return Err(unmet(
                event,
                Text::new("rule-not-every-person-who-must-obtain-attestation"),
            ));
        }
        (_, E::InterviewHeld | E::InterviewMissed) => {
            if let Some(at) = facts.interview_at
                && now < at
            {
                return Err(unmet(
                    event,
                    Text::new("rule-interview-later").with("at", at),
                ));
            }
        }
        (_, E::ApplicantAnswered) => match facts.deadline {
            None => {
                return Err(unmet(
                    event,
                    Text::new("rule-letters-deadline-not-known-record-letter-first"),
                ));
            }
            Some(d) if d.has_passed(now) => {
                return Err(unmet(
                    event,
                    Text::new("rule-answer-late").with("day", d.last_day),
                ));
            }
            Some(_) => {}
        },
        (S::IntentToRefuse, E::Refuse) | (S::IntentToReject, E::Reject) if !deadline_passed => {
            return Err(unmet(
                event,
                Text::new("rule-applicant-has-until").with("until", until.clone()),
            ));
        }
        (_, E::ProposeDecision) => check_proposal(from, facts, deadline_passed, &until)?,
        (_, E::ApproveSelection) if facts.proposal != Some(Decision::Selected) => {
            return Err(unmet(
                event,
                Text::new("rule-proposed-decision-not-selection"),
            ));
        }
        (S::DecisionProposed, E::Refuse)
            if !matches!(facts.proposal, Some(Decision::Refused { .. })) =>
        {
            return Err(unmet(
                event,
                Text::new("rule-proposed-decision-not-refusal"),
            ));
        }
        (S::DecisionProposed, E::Reject)
            if !matches!(facts.proposal, Some(Decision::Rejected { .. })) =>
        {
            return Err(unmet(
                event,
                Text::new("rule-proposed-decision-not-rejection"),
            ));
        }
        _ => {}
    }
    Ok(to)
}

fn check_proposal(
    from: CaseStatus,
    facts: &CaseFacts,
    deadline_passed: bool,
    until: &Text,
) -> Result<(), RuleError> {
    let event = CaseEvent::ProposeDecision;
    let Some(proposal) = &facts.proposal else {
        return Err(unmet(event, Text::new("rule-say-which-decision-proposed")));
    };
    match proposal_problem(from, proposal, facts, deadline_passed, until) {
        Some(reason) => Err(RuleError::Unmet { event, reason }),
        None => Ok(()),
    }
}

/// Why `proposal` cannot be proposed from `from`, if it cannot.
fn proposal_problem(
    from: CaseStatus,
    proposal: &Decision,
    facts: &CaseFacts,
    deadline_passed: bool,
    until: &Text,
) -> Option<Text> {
    use CaseStatus as S;
    let rejected_on = |ground: RejectionGround| matches!(proposal, Decision::Rejected { grounds } if grounds.contains(&ground));
    // The deadline of the request or letter that is out has not passed: wait for it.
    let wait = |what: Text| {
        (!deadline_passed).then(|| {
            Text::new("rule-wait-deadline")
                .with("what", what)
                .with("until", until.clone())
        })
    };
    let say = |reason: Text| Some(reason);
    match (from, proposal) {
        (S::InReview, Decision::Selected) => {
            if !facts.admissible {
                say(Text::new("rule-file-not-complete"))
            } else if !facts.attestation_complete {
                say(Text::new(
                    "rule-attestation-not-obtained-by-everyone-who-must",
                ))
            } else if facts.interview_required && !facts.interview_held {
                say(Text::new("rule-required-interview-has-not-taken-place"))
            } else {
                None
            }
        }
        (S::InReview, Decision::Refused { .. })
            if facts.last_intent != Some(IntentKind::Refuse) =>
        {
            say(Text::new(
                "rule-refusal-announced-first-by-letter-intent-refuse",
            ))
        }
        (S::InReview, Decision::Rejected { .. })
            if facts.last_intent != Some(IntentKind::Reject) =>
        {
            say(Text::new(
                "rule-rejection-announced-first-by-letter-intent-reject",
            ))
        }
        (S::IntentToRefuse, Decision::Refused { .. })
        | (S::IntentToReject, Decision::Rejected { .. }) => {
            wait(Text::new("rule-answer-letter-intent")).map(|b| with_rules(b, "D2, D3"))
        }
        (S::IntentToRefuse, _) => say(Text::new(
            "rule-after-letter-intent-refuse-only-refusal-can",
        )),
        (S::IntentToReject, _) => say(Text::new(
            "rule-after-letter-intent-reject-only-rejection-can",
        )),
        (S::MissingItemsRequested, _) if rejected_on(RejectionGround::MissingItemsNotProvided) => {
            wait(Text::new("rule-send-missing-items")).map(|b| with_rules(b, "A2"))
        }
        (S::MissingItemsRequested, _) => say(Text::new(
            "rule-while-missing-items-are-requested-only-rejection",
        )),
        (S::AttestationRequested, _) if rejected_on(RejectionGround::AttestationNotObtained) => {
            wait(Text::new("rule-obtain-attestation"))
                .map(|b| with_rules(b, "V1"))
                .or_else(|| {
                    facts
                        .attestation_complete
                        .then(|| Text::new("rule-everyone-who-must-obtain-attestation-has-it"))
                })
        }
        (S::AttestationRequested, _) => say(Text::new(
            "rule-while-attestation-requested-only-rejection-for-not",
        )),
        _ => None,
    }
}

/// `reason` followed by the ids of the rules it applies, in parentheses.
fn with_rules(reason: Text, rules: &str) -> Text {
    Text::new("rule-with-rules")
        .with("reason", reason)
        .with("rules", rules)
}

/// Something an officer or supervisor should do on a file now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum DueAction {
    /// A1: a received file waits for its admissibility review.
    StartAdmissibilityReview,
    /// A1: the file is complete: record it as admissible.
    RecordAdmissible,
    /// A2, V4: a request's deadline passed without everything: a rejection may be proposed.
    ProposeRejection {
        ground: RejectionGround,
        deadline_ended: DateTime<Utc>,
    },
    /// V1–V3: every required person has the attestation.
    RecordAttestationCompleted,
    /// D5: the interview date has passed; record whether it took place.
    RecordInterviewOutcome { scheduled_at: DateTime<Utc> },
    /// D2: no answer to the letter of intent to refuse by the deadline: refuse.
    Refuse { deadline_ended: DateTime<Utc> },
    /// D3: no answer to the letter of intent to reject by the deadline: reject.
    Reject { deadline_ended: DateTime<Utc> },
    /// V1: the file is admissible and the attestation is not obtained yet: request it
    /// (when nobody must obtain it, V3, the store records the attestation as complete).
    RequestAttestation,
    /// D1: everything is in order: selection may be proposed.
    ProposeSelection,
    /// A supervisor should approve or send back the proposed decision.
    ReviewProposal,
}

/// What is due on a file in `status` with `facts` at `now`.
pub fn due_actions(status: CaseStatus, facts: &CaseFacts, now: DateTime<Utc>) -> Vec<DueAction> {
    use CaseStatus as S;
    let passed = facts
        .deadline
        .filter(|d| d.has_passed(now))
        .map(|d| d.ends_at);
    let mut due = Vec::new();
    match status {
        S::Received => due.push(DueAction::StartAdmissibilityReview),
        S::AdmissibilityReview if facts.admissible => due.push(DueAction::RecordAdmissible),
        S::MissingItemsRequested => {
            if let Some(deadline_ended) = passed {
                due.push(DueAction::ProposeRejection {
                    ground: RejectionGround::MissingItemsNotProvided,
                    deadline_ended,
                });
            }
        }
        S::AttestationRequested => {
            if facts.attestation_complete {
                due.push(DueAction::RecordAttestationCompleted);
            } else if let Some(deadline_ended) = passed {
                due.push(DueAction::ProposeRejection {
                    ground: RejectionGround::AttestationNotObtained,
                    deadline_ended,
                });
            }
        }
        S::InterviewScheduled => {
            if let Some(at) = facts.interview_at.filter(|at| *at <= now) {
                due.push(DueAction::RecordInterviewOutcome { scheduled_at: at });
            }
        }
        S::IntentToRefuse => {
            if let Some(deadline_ended) = passed {
                due.push(DueAction::Refuse { deadline_ended });
            }
        }
        S::IntentToReject => {
            if let Some(deadline_ended) = passed {
                due.push(DueAction::Reject { deadline_ended });
            }
        }
        S::InReview if facts.admissible && !facts.attestation_complete => {
            due.push(DueAction::RequestAttestation);
        }
        S::InReview
            if facts.admissible
                && facts.attestation_complete
                && (!facts.interview_required || facts.interview_held) =>
        {
            due.push(DueAction::ProposeSelection);
        }
        S::DecisionProposed => due.push(DueAction::ReviewProposal),
        _ => {}
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::RefusalGround;
    use crate::definition::ProgramDefinition;
    use CaseEvent as E;
    use CaseStatus as S;
    use chrono::{Duration, TimeZone};

    /// The allowed moves, written out independently of `transition`.
    const ALLOWED: &[(CaseStatus, CaseEvent, CaseStatus)] = &[
        (
            S::Received,
            E::StartAdmissibilityReview,
            S::AdmissibilityReview,
        ),
        (
            S::AdmissibilityReview,
            E::RequestMissingItems,
            S::MissingItemsRequested,
        ),
        (S::AdmissibilityReview, E::RecordAdmissible, S::InReview),
        (
            S::AdmissibilityReview,
            E::SendIntentToRefuse,
            S::IntentToRefuse,
        ),
        (
            S::AdmissibilityReview,
            E::SendIntentToReject,
            S::IntentToReject,
        ),
        (
            S::MissingItemsRequested,
            E::MissingItemsReceived,
            S::AdmissibilityReview,
        ),
        (
            S::MissingItemsRequested,
            E::SendIntentToRefuse,
            S::IntentToRefuse,
        ),
        (
            S::MissingItemsRequested,
            E::SendIntentToReject,
            S::IntentToReject,
        ),
        (
            S::MissingItemsRequested,
            E::ProposeDecision,
            S::DecisionProposed,
        ),
        (S::InReview, E::RequestAttestation, S::AttestationRequested),
        (S::InReview, E::ScheduleInterview, S::InterviewScheduled),
        (S::InReview, E::SendIntentToRefuse, S::IntentToRefuse),
        (S::InReview, E::SendIntentToReject, S::IntentToReject),
        (S::InReview, E::ProposeDecision, S::DecisionProposed),
        (
            S::AttestationRequested,
            E::AttestationCompleted,
            S::InReview,
        ),
        (
            S::AttestationRequested,
            E::SendIntentToRefuse,
            S::IntentToRefuse,
        ),
        (
            S::AttestationRequested,
            E::SendIntentToReject,
            S::IntentToReject,
        ),
        (
            S::AttestationRequested,
            E::ProposeDecision,
            S::DecisionProposed,
        ),
        (S::InterviewScheduled, E::InterviewHeld, S::InReview),
        (S::InterviewScheduled, E::InterviewMissed, S::InReview),
        (
            S::InterviewScheduled,
            E::SendIntentToRefuse,
            S::IntentToRefuse,
        ),
        (
            S::InterviewScheduled,
            E::SendIntentToReject,
            S::IntentToReject,
        ),
        (S::IntentToRefuse, E::ApplicantAnswered, S::InReview),
        (S::IntentToRefuse, E::ProposeDecision, S::DecisionProposed),
        (S::IntentToRefuse, E::Refuse, S::Refused),
        (S::IntentToReject, E::ApplicantAnswered, S::InReview),
        (S::IntentToReject, E::ProposeDecision, S::DecisionProposed),
        (S::IntentToReject, E::Reject, S::Rejected),
        (S::DecisionProposed, E::SendBack, S::InReview),
        (S::DecisionProposed, E::ApproveSelection, S::Selected),
        (S::DecisionProposed, E::Refuse, S::Refused),
        (S::DecisionProposed, E::Reject, S::Rejected),
        (S::Selected, E::RecordSupervisedAmendment, S::Selected),
        (
            S::Refused,
            E::RequestAdministrativeReview,
            S::AdministrativeReview,
        ),
        (
            S::Rejected,
            E::RequestAdministrativeReview,
            S::AdministrativeReview,
        ),
        // I3, I4: a late arrival takes the place of a file not yet decided.
        (S::Received, E::RevokeReceipt, S::NotReceived),
        (S::AdmissibilityReview, E::RevokeReceipt, S::NotReceived),
        (S::MissingItemsRequested, E::RevokeReceipt, S::NotReceived),
        (S::InReview, E::RevokeReceipt, S::NotReceived),
        (S::AttestationRequested, E::RevokeReceipt, S::NotReceived),
        (S::InterviewScheduled, E::RevokeReceipt, S::NotReceived),
        (S::IntentToRefuse, E::RevokeReceipt, S::NotReceived),
        (S::IntentToReject, E::RevokeReceipt, S::NotReceived),
        (S::DecisionProposed, E::RevokeReceipt, S::NotReceived),
    ];

    #[test]
    fn d1_d5_m5_every_status_event_pair_matches_the_allowed_table() {
        let mut forbidden = 0;
        for from in CaseStatus::ALL {
            for event in CaseEvent::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(f, e, _)| *f == from && *e == event)
                    .map(|(_, _, to)| *to);
                match (transition(from, event), expected) {
                    (Ok(to), Some(want)) => assert_eq!(to, want, "{from:?} + {event:?}"),
                    (Err(err), None) => {
                        forbidden += 1;
                        assert_eq!((err.from, err.event), (from, event));
                        assert!(
                            !err.reason.both().en.is_empty() && !err.reason.both().fr.is_empty()
                        );
                        assert!(err.to_string().contains(&err.reason.both().en));
                    }
                    (got, want) => panic!("{from:?} + {event:?}: got {got:?}, table says {want:?}"),
                }
            }
        }
        assert_eq!(
            forbidden,
            CaseStatus::ALL.len() * CaseEvent::ALL.len() - ALLOWED.len()
        );
    }

    #[test]
    fn m5_after_csq_only_supervised_amendments() {
        assert_eq!(allowed_events(S::Selected), [E::RecordSupervisedAmendment]);
        let err = transition(S::Selected, E::SendIntentToRefuse).unwrap_err();
        assert!(
            err.reason.both().en.contains("supervised amendment"),
            "{err}"
        );
        assert!(
            err.reason.both().fr.contains("modification supervisée"),
            "{err}"
        );
    }

    #[test]
    fn d4_only_refusal_or_rejection_can_be_reviewed() {
        for from in CaseStatus::ALL {
            let ok = transition(from, E::RequestAdministrativeReview).is_ok();
            assert_eq!(ok, matches!(from, S::Refused | S::Rejected), "{from:?}");
        }
        assert!(allowed_events(S::AdministrativeReview).is_empty());
        let err = transition(S::Refused, E::ApproveSelection).unwrap_err();
        assert!(err.reason.both().en.contains("administrative review"));
        assert!(err.reason.both().fr.contains("révision administrative"));
    }

    /// The ids of the rules a reason names (A2, D2, V1–V4 ...).
    fn rule_ids(text: &str) -> Vec<String> {
        let mut ids: Vec<String> = text
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '$')
            .filter(|t| {
                let mut chars = t.chars();
                chars.next().is_some_and(|c| "ADFIMPV$".contains(c))
                    && t.len() > 1
                    && chars.all(|c| c.is_ascii_digit())
            })
            .map(str::to_owned)
            .collect();
        ids.sort();
        ids
    }

    /// Every refusal the lifecycle can give, over statuses × events × representative facts
    /// at a fixed "now".
    fn every_refusal() -> Vec<(CaseStatus, CaseEvent, RuleError)> {
        let now = at(2024, 6, 1, 12);
        let deadlines = [
            None,
            Some(Deadline::after(at(2024, 3, 1, 14), 60)), // passed
            Some(Deadline::after(at(2024, 5, 20, 14), 60)), // running
        ];
        let proposals = [
            None,
            Some(Decision::Selected),
            Some(Decision::refused(vec![RefusalGround::ConditionsNotMet]).unwrap()),
            Some(Decision::rejected(vec![RejectionGround::MissingItemsNotProvided]).unwrap()),
            Some(Decision::rejected(vec![RejectionGround::AttestationNotObtained]).unwrap()),
            Some(Decision::rejected(vec![RejectionGround::NoConvincingEvidence]).unwrap()),
        ];
        let interviews = [
            (false, false, None),
            (true, false, Some(at(2024, 6, 10, 14))), // ahead
            (
                true,
                false,
                Some(at(2024, 6, 10, 14) + Duration::minutes(30)),
            ),
            (true, false, Some(at(2024, 5, 10, 14))), // past
            (true, true, Some(at(2024, 5, 10, 14))),
        ];
        let mut out = Vec::new();
        for from in CaseStatus::ALL {
            for event in CaseEvent::ALL {
                for admissible in [false, true] {
                    for attestation_complete in [false, true] {
                        for deadline in deadlines {
                            for (interview_required, interview_held, interview_at) in interviews {
                                for last_intent in
                                    [None, Some(IntentKind::Refuse), Some(IntentKind::Reject)]
                                {
                                    for proposal in &proposals {
                                        let facts = CaseFacts {
                                            admissible,
                                            deadline,
                                            attestation_complete,
                                            interview_required,
                                            interview_held,
                                            interview_at,
                                            last_intent,
                                            proposal: proposal.clone(),
                                        };
                                        if let Err(e) = check_transition(from, event, &facts, now) {
                                            out.push((from, event, e));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_refusal_reads_in_french_and_english_without_codes() {
        let refusals = every_refusal();
        let mut texts = std::collections::BTreeSet::new();
        for (from, event, err) in &refusals {
            let reason = err.reason();
            let vocab::Bilingual { fr, en } = &reason.both();
            let context = format!("{from:?} + {event:?}: {err}");
            assert!(!fr.trim().is_empty() && !en.trim().is_empty(), "{context}");
            assert_ne!(fr, en, "{context}");
            assert_eq!(err.event(), *event, "{context}");
            // Display stays English (logs, CLI, server), with the reason in it.
            assert!(err.to_string().contains(en.as_str()), "{context}");
            if let RuleError::Forbidden(t) = err {
                assert_eq!(t.reason(), reason, "{context}");
            }
            // For people: no Rust names of events or statuses, in either language.
            for text in [fr, en] {
                for name in [format!("{event:?}"), format!("{from:?}")] {
                    assert!(!text.contains(&name), "{name} in {text:?}");
                }
            }
            // The same rules are named in both languages, and French typography is used.
            assert_eq!(rule_ids(fr), rule_ids(en), "{context}");
            assert!(!fr.contains('\''), "straight apostrophe in {fr:?}");
            assert!(!fr.contains("until") && !fr.contains(" the "), "{fr:?}");
            texts.insert((fr.clone(), en.clone()));
        }
        // Different English reasons have different French reasons, and vice versa.
        let fr: std::collections::BTreeSet<_> = texts.iter().map(|(f, _)| f).collect();
        let en: std::collections::BTreeSet<_> = texts.iter().map(|(_, e)| e).collect();
        assert_eq!(fr.len(), texts.len());
        assert_eq!(en.len(), texts.len());
        // Every message of the lifecycle is reached (forbidden moves and unmet facts).
        for en_part in [
            "a CSQ was issued",
            "the decision is final",
            "an administrative review is under way",
            "a decision waits for a supervisor",
            "the admissibility review starts once",
            "admissibility is decided during",
            "no missing-items request is out",
            "an attestation request or an interview needs",
            "no attestation request is out",
            "no interview is scheduled",
            "a letter of intent needs",
            "no letter of intent is waiting",
            "a decision is proposed from a file in review",
            "no decision is proposed",
            "a refusal follows",
            "a rejection follows",
            "only a refusal or a rejection can be reviewed",
            "supervised amendments are for files with a CSQ",
            "the file is complete (A1)",
            "the file is incomplete (A1)",
            "not every person who must obtain the attestation",
            "the interview is on 2024-06-10 at 10:00",
            "the interview is on 2024-06-10 at 10:30",
            "the letter’s deadline is not known",
            "the answer is late",
            "the applicant has until 2024-07-19",
            "the applicant has until an unknown date",
            "say which decision is proposed",
            "the file is not complete (A1)",
            "the attestation is not obtained by everyone",
            "a required interview has not taken place",
            "a refusal is announced first",
            "a rejection is announced first",
            "there is until 2024-07-19 to answer the letter of intent (D2, D3)",
            "there is until an unknown date to answer",
            "there is until 2024-07-19 to send the missing items (A2)",
            "there is until 2024-07-19 to obtain the attestation (V1)",
            "after a letter of intent to refuse",
            "after a letter of intent to reject",
            "while missing items are requested",
            "everyone who must obtain the attestation has it",
            "while the attestation is requested",
            "the proposed decision is not a selection",
            "the proposed decision is not a refusal",
            "the proposed decision is not a rejection",
        ] {
            assert!(
                en.iter().any(|e| e.contains(en_part)),
                "no refusal says {en_part:?}"
            );
        }
    }

    #[test]
    fn reasons_for_people_carry_dates_and_times_in_both_languages() {
        let mut w = Walk::new();
        w.go(E::StartAdmissibilityReview, at(2024, 9, 1, 14))
            .go(E::RequestMissingItems, at(2024, 9, 3, 14));
        w.facts.deadline = Some(Deadline::after(at(2024, 9, 3, 14), 60));
        w.facts.proposal =
            Some(Decision::rejected(vec![RejectionGround::MissingItemsNotProvided]).unwrap());
        let err = w.refused(E::ProposeDecision, at(2024, 10, 1, 12));
        assert_eq!(
            err.reason().both(),
            vocab::Bilingual::new(
                "le délai pour fournir les éléments manquants court jusqu’au 2024-11-02 (A2)",
                "there is until 2024-11-02 to send the missing items (A2)",
            )
        );
        // Logs keep the event's name; people do not see it.
        assert!(
            err.to_string()
                .starts_with("ProposeDecision is not possible yet: ")
        );

        w.facts.proposal = Some(Decision::Selected);
        let err = w.refused(E::ProposeDecision, at(2024, 10, 1, 12));
        assert_eq!(
            err.reason().both().fr,
            "tant que des éléments manquants sont demandés, seul un rejet pour éléments manquants peut être proposé (A2)"
        );

        let mut w = Walk::new();
        w.facts.admissible = true;
        w.go(E::StartAdmissibilityReview, at(2024, 2, 1, 14))
            .go(E::RecordAdmissible, at(2024, 2, 2, 14))
            .go(E::ScheduleInterview, at(2024, 2, 3, 14));
        // 14:30 UTC in March (EDT) is 10:30 in Montréal.
        w.facts.interview_at = Some(at(2024, 4, 10, 14) + Duration::minutes(30));
        let err = w.refused(E::InterviewHeld, at(2024, 4, 10, 13));
        assert!(
            err.reason()
                .both()
                .fr
                .starts_with("l’entrevue a lieu le 2024-04-10 à 10 h 30 (heure de Montréal)"),
            "{:?}",
            err.reason()
        );
        assert!(
            err.reason()
                .both()
                .en
                .starts_with("the interview is on 2024-04-10 at 10:30 (Montréal time)"),
            "{:?}",
            err.reason()
        );

        let err = transition(S::Selected, E::SendIntentToRefuse).unwrap_err();
        assert_eq!(
            err.reason().render(crate::Language::Fr),
            "un CSQ a été délivré\u{a0}; les changements passent par une modification supervisée (M5)"
        );
        assert!(
            err.to_string()
                .starts_with("SendIntentToRefuse is not allowed while the file is Selected: ")
        );
    }

    #[test]
    fn event_codes_round_trip() {
        for e in CaseEvent::ALL {
            assert_eq!(CaseEvent::from_code(e.code()), Some(e));
            assert_eq!(serde_json::to_value(e).unwrap(), e.code());
        }
    }

    // ---- walks through the lifecycle ----

    fn def() -> &'static ProgramDefinition {
        ProgramDefinition::builtin()
    }

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    /// A file and a log of its moves, for walking the lifecycle.
    struct Walk {
        status: CaseStatus,
        facts: CaseFacts,
    }

    impl Walk {
        fn new() -> Self {
            Walk {
                status: S::Received,
                facts: CaseFacts::default(),
            }
        }

        fn go(&mut self, event: CaseEvent, now: DateTime<Utc>) -> &mut Self {
            self.status = check_transition(self.status, event, &self.facts, now)
                .unwrap_or_else(|e| panic!("{e}"));
            self
        }

        fn refused(&self, event: CaseEvent, now: DateTime<Utc>) -> RuleError {
            check_transition(self.status, event, &self.facts, now).unwrap_err()
        }
    }

    #[test]
    fn d1_walk_from_receipt_to_csq_with_missing_items_attestation_and_interview() {
        let mut w = Walk::new();
        assert_eq!(
            due_actions(w.status, &w.facts, at(2024, 2, 1, 14)),
            [DueAction::StartAdmissibilityReview]
        );
        w.go(E::StartAdmissibilityReview, at(2024, 2, 1, 14));
        assert!(matches!(
            w.refused(E::RecordAdmissible, at(2024, 2, 1, 15)),
            RuleError::Unmet { .. }
        ));
        w.go(E::RequestMissingItems, at(2024, 2, 1, 15));
        w.facts.deadline = Some(Deadline::after(
            at(2024, 2, 1, 15),
            def().deadlines.missing_items_days,
        ));
        assert!(due_actions(w.status, &w.facts, at(2024, 3, 1, 12)).is_empty());
        w.go(E::MissingItemsReceived, at(2024, 3, 1, 12));
        w.facts.admissible = true;
        w.facts.deadline = None;
        assert_eq!(
            due_actions(w.status, &w.facts, at(2024, 3, 2, 12)),
            [DueAction::RecordAdmissible]
        );
        w.go(E::RecordAdmissible, at(2024, 3, 2, 12));
        assert_eq!(
            due_actions(w.status, &w.facts, at(2024, 3, 3, 12)),
            [DueAction::RequestAttestation]
        );
        w.go(E::RequestAttestation, at(2024, 3, 5, 12));
        w.facts.deadline = Some(Deadline::after(
            at(2024, 3, 5, 12),
            def().deadlines.attestation_days,
        ));
        assert!(matches!(
            w.refused(E::AttestationCompleted, at(2024, 3, 20, 12)),
            RuleError::Unmet { .. }
        ));
        w.facts.attestation_complete = true;
        assert_eq!(
            due_actions(w.status, &w.facts, at(2024, 3, 21, 12)),
            [DueAction::RecordAttestationCompleted]
        );
        w.go(E::AttestationCompleted, at(2024, 3, 21, 12));
        w.facts.deadline = None;
        w.facts.interview_required = true;
        // D1: no selection while a required interview has not taken place.
        w.facts.proposal = Some(Decision::Selected);
        assert!(matches!(
            w.refused(E::ProposeDecision, at(2024, 3, 22, 12)),
            RuleError::Unmet { .. }
        ));
        w.go(E::ScheduleInterview, at(2024, 3, 22, 12));
        w.facts.interview_at = Some(at(2024, 4, 10, 14));
        assert!(matches!(
            w.refused(E::InterviewHeld, at(2024, 4, 10, 13)),
            RuleError::Unmet { .. }
        ));
        assert_eq!(
            due_actions(w.status, &w.facts, at(2024, 4, 10, 16)),
            [DueAction::RecordInterviewOutcome {
                scheduled_at: at(2024, 4, 10, 14)
            }]
        );
        w.go(E::InterviewHeld, at(2024, 4, 10, 16));
        w.facts.interview_held = true;
        assert_eq!(
            due_actions(w.status, &w.facts, at(2024, 4, 11, 12)),
            [DueAction::ProposeSelection]
        );
        w.go(E::ProposeDecision, at(2024, 4, 11, 12));
        assert_eq!(
            due_actions(w.status, &w.facts, at(2024, 4, 11, 13)),
            [DueAction::ReviewProposal]
        );
        assert!(matches!(
            w.refused(E::Refuse, at(2024, 4, 12, 12)),
            RuleError::Unmet { .. }
        ));
        w.go(E::ApproveSelection, at(2024, 4, 12, 12));
        assert_eq!(w.status, S::Selected);
        w.go(E::RecordSupervisedAmendment, at(2024, 6, 1, 12));
        assert_eq!(w.status, S::Selected);
    }

    #[test]
    fn d2_walk_to_refusal_without_answer_then_administrative_review() {
        let mut w = Walk::new();
        w.facts.admissible = true;
        w.go(E::StartAdmissibilityReview, at(2024, 2, 1, 14))
            .go(E::RecordAdmissible, at(2024, 2, 2, 14));
        let letter = crate::decision::IntentToRefuse::new(
            def(),
            vec![RefusalGround::ConditionsNotMet],
            at(2024, 9, 20, 14),
        )
        .unwrap();
        w.go(E::SendIntentToRefuse, letter.sent_at);
        w.facts.deadline = Some(letter.deadline);
        w.facts.last_intent = Some(IntentKind::Refuse);
        // The deadline spans the 2024-11-03 DST change: last day 2024-11-19, ends 05:00 UTC on the 20th.
        assert_eq!(letter.deadline.ends_at, at(2024, 11, 20, 5));
        assert!(matches!(
            w.refused(E::Refuse, at(2024, 11, 20, 4)),
            RuleError::Unmet { .. }
        ));
        assert!(due_actions(w.status, &w.facts, at(2024, 11, 20, 4)).is_empty());
        assert_eq!(
            due_actions(w.status, &w.facts, at(2024, 11, 20, 5)),
            [DueAction::Refuse {
                deadline_ended: at(2024, 11, 20, 5)
            }]
        );
        // A late answer is refused.
        assert!(matches!(
            w.refused(E::ApplicantAnswered, at(2024, 11, 21, 12)),
            RuleError::Unmet { .. }
        ));
        w.go(E::Refuse, at(2024, 11, 21, 12));
        assert_eq!(w.status, S::Refused);
        w.go(E::RequestAdministrativeReview, at(2024, 12, 1, 12));
        assert_eq!(w.status, S::AdministrativeReview);
    }

    #[test]
    fn d2_answer_in_time_continues_review_then_proposed_refusal() {
        let mut w = Walk::new();
        w.facts.admissible = true;
        w.go(E::StartAdmissibilityReview, at(2024, 2, 1, 14))
            .go(E::RecordAdmissible, at(2024, 2, 2, 14));
        // A refusal cannot be proposed before a letter of intent.
        w.facts.proposal = Some(Decision::refused(vec![RefusalGround::ConditionsNotMet]).unwrap());
        assert!(matches!(
            w.refused(E::ProposeDecision, at(2024, 2, 3, 12)),
            RuleError::Unmet { .. }
        ));
        w.go(E::SendIntentToRefuse, at(2024, 3, 1, 14));
        w.facts.deadline = Some(Deadline::after(
            at(2024, 3, 1, 14),
            def().deadlines.intent_letter_days,
        ));
        w.facts.last_intent = Some(IntentKind::Refuse);
        w.go(E::ApplicantAnswered, at(2024, 4, 30, 12));
        assert_eq!(w.status, S::InReview);
        w.facts.deadline = None;
        w.go(E::ProposeDecision, at(2024, 5, 10, 12))
            .go(E::Refuse, at(2024, 5, 11, 12));
        assert_eq!(w.status, S::Refused);
    }

    #[test]
    fn d3_walk_to_rejection_after_interview_absence_then_administrative_review() {
        let mut w = Walk::new();
        w.facts.admissible = true;
        w.go(E::StartAdmissibilityReview, at(2024, 2, 1, 14))
            .go(E::RecordAdmissible, at(2024, 2, 2, 14));
        w.go(E::ScheduleInterview, at(2024, 2, 3, 14));
        w.facts.interview_required = true;
        w.facts.interview_at = Some(at(2024, 3, 1, 15));
        w.go(E::InterviewMissed, at(2024, 3, 1, 18));
        let letter = crate::decision::IntentToReject::new(
            def(),
            vec![
                crate::decision::InterviewOutcome::Absent
                    .rejection_ground()
                    .unwrap(),
            ],
            at(2024, 3, 4, 14),
        )
        .unwrap();
        w.go(E::SendIntentToReject, letter.sent_at);
        w.facts.deadline = Some(letter.deadline);
        w.facts.last_intent = Some(IntentKind::Reject);
        assert_eq!(
            due_actions(w.status, &w.facts, letter.deadline.ends_at),
            [DueAction::Reject {
                deadline_ended: letter.deadline.ends_at
            }]
        );
        // Proposed rejection after the deadline, approved as final by the supervisor.
        w.facts.proposal = Some(Decision::rejected(letter.grounds.clone()).unwrap());
        assert!(matches!(
            w.refused(
                E::ProposeDecision,
                letter.deadline.ends_at - Duration::seconds(1)
            ),
            RuleError::Unmet { .. }
        ));
        w.go(E::ProposeDecision, letter.deadline.ends_at);
        assert!(matches!(
            w.refused(E::ApproveSelection, letter.deadline.ends_at),
            RuleError::Unmet { .. }
        ));
        w.go(E::Reject, letter.deadline.ends_at + Duration::days(1));
        assert_eq!(w.status, S::Rejected);
        w.go(E::RequestAdministrativeReview, at(2024, 6, 1, 12));
        assert_eq!(w.status, S::AdministrativeReview);
    }

    #[test]
    fn a2_missing_items_not_received_by_deadline_rejection_may_be_proposed() {
        let mut w = Walk::new();
        w.go(E::StartAdmissibilityReview, at(2024, 9, 1, 14))
            .go(E::RequestMissingItems, at(2024, 9, 3, 14));
        let d = Deadline::after(at(2024, 9, 3, 14), def().deadlines.missing_items_days);
        w.facts.deadline = Some(d);
        assert_eq!(d.last_day, "2024-11-02".parse().unwrap());
        assert_eq!(d.ends_at, at(2024, 11, 3, 4)); // midnight EDT, hours before the DST change
        assert!(due_actions(w.status, &w.facts, at(2024, 11, 3, 3)).is_empty());
        assert_eq!(
            due_actions(w.status, &w.facts, at(2024, 11, 3, 4)),
            [DueAction::ProposeRejection {
                ground: RejectionGround::MissingItemsNotProvided,
                deadline_ended: d.ends_at
            }]
        );
        w.facts.proposal =
            Some(Decision::rejected(vec![RejectionGround::MissingItemsNotProvided]).unwrap());
        assert!(matches!(
            w.refused(E::ProposeDecision, at(2024, 11, 3, 3)),
            RuleError::Unmet { .. }
        ));
        w.go(E::ProposeDecision, at(2024, 11, 4, 12))
            .go(E::Reject, at(2024, 11, 5, 12));
        assert_eq!(w.status, S::Rejected);
    }

    #[test]
    fn v4_attestation_not_obtained_by_deadline_rejection_may_be_proposed() {
        let mut w = Walk::new();
        w.facts.admissible = true;
        w.go(E::StartAdmissibilityReview, at(2024, 2, 1, 14))
            .go(E::RecordAdmissible, at(2024, 2, 2, 14));
        w.go(E::RequestAttestation, at(2024, 2, 5, 14));
        let d = Deadline::after(at(2024, 2, 5, 14), def().deadlines.attestation_days);
        w.facts.deadline = Some(d);
        assert_eq!(
            due_actions(w.status, &w.facts, d.ends_at),
            [DueAction::ProposeRejection {
                ground: RejectionGround::AttestationNotObtained,
                deadline_ended: d.ends_at
            }]
        );
        // Selection cannot be proposed from here; a rejection on another ground neither.
        w.facts.proposal = Some(Decision::Selected);
        assert!(matches!(
            w.refused(E::ProposeDecision, d.ends_at),
            RuleError::Unmet { .. }
        ));
        w.facts.proposal =
            Some(Decision::rejected(vec![RejectionGround::AttestationNotObtained]).unwrap());
        w.go(E::ProposeDecision, d.ends_at)
            .go(E::Reject, d.ends_at + Duration::days(2));
        assert_eq!(w.status, S::Rejected);
    }
}
