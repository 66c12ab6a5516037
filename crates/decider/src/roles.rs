//! Who may make which change (function level, ASVS 8.2.1) and the four-eyes rule: the
//! author's role, as stamped on the operation, is what counts, on the laptop and on the
//! server alike (the server also checks that the stamp is no higher than the pusher's
//! current role).

use oplog::events::lifecycle_event;
use oplog::{Actor, Change, DecisionId, Role};
use program::CaseEvent;
use vocab::Text;

use crate::refusal::Refusal;
use crate::state::FileState;

/// Lifecycle steps that only a supervisor takes: decisions and what follows them.
pub fn is_supervisor_event(event: CaseEvent) -> bool {
    matches!(
        event,
        CaseEvent::ApproveSelection
            | CaseEvent::Refuse
            | CaseEvent::Reject
            | CaseEvent::SendBack
            | CaseEvent::RecordSupervisedAmendment
            | CaseEvent::RevokeReceipt
    )
}

/// The least role that may make `change`.
pub fn required_role(change: &Change) -> Role {
    match change {
        // Intake and assignment are a supervisor's.
        Change::CaseReceived { .. } | Change::CaseAssigned { .. } => Role::Supervisor,
        other => match lifecycle_event(other) {
            Some(event) if is_supervisor_event(event) => Role::Supervisor,
            _ => Role::Officer,
        },
    }
}

/// Whether someone with role `has` may do what needs `needs`.
pub fn role_allows(has: Role, needs: Role) -> bool {
    match needs {
        Role::Officer => true,
        Role::Supervisor => has == Role::Supervisor,
    }
}

/// Whether `event` reviews the proposal waiting on the file (four eyes apply).
pub fn is_review(event: CaseEvent) -> bool {
    is_supervisor_event(event)
        && !matches!(
            event,
            CaseEvent::RecordSupervisedAmendment | CaseEvent::RevokeReceipt
        )
}

/// Function level, for a lifecycle step: the author's role may take `event`.
pub fn may_take(author: &Actor, event: CaseEvent) -> Result<(), Refusal> {
    if !is_supervisor_event(event) || author.role == Role::Supervisor {
        return Ok(());
    }
    Err(if event == CaseEvent::RecordSupervisedAmendment {
        Refusal::not_permitted(Text::new(
            "refusal-after-csq-change-supervised-amendment-only-supervisor",
        ))
    } else {
        Refusal::not_permitted(Text::new(
            "refusal-only-supervisor-can-approve-or-send-back",
        ))
    })
}

/// Function level: the author's role allows this kind of change.
pub(crate) fn check_role(author: &Actor, change: &Change) -> Result<(), Refusal> {
    if let Some(event) = lifecycle_event(change) {
        return may_take(author, event);
    }
    if role_allows(author.role, required_role(change)) {
        return Ok(());
    }
    Err(Refusal::not_permitted(Text::new(
        "refusal-only-supervisor-receives-or-assigns-file",
    )))
}

/// Four eyes: the proposal waiting on the file is `decision` (when given), and `author`
/// did not propose it.
pub fn check_reviewer(
    state: &FileState,
    author: &Actor,
    decision: Option<DecisionId>,
) -> Result<(), Refusal> {
    let pending = state.pending_decision().ok_or_else(|| {
        Refusal::refused(Text::new(
            "refusal-no-decision-waiting-for-supervisor-on-this",
        ))
    })?;
    if decision.is_some_and(|d| d != pending.id) {
        return Err(Refusal::refused(Text::new(
            "refusal-this-not-proposal-waiting-on-file-reload",
        )));
    }
    if pending.proposed_by == author.user.0 {
        return Err(Refusal::NotPermitted(Text::new(
            "refusal-you-proposed-this-decision-another-supervisor-must",
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oplog::ids::{NoteId, UserId};

    #[test]
    fn decisions_assignment_and_intake_need_a_supervisor() {
        for e in [
            CaseEvent::ApproveSelection,
            CaseEvent::Refuse,
            CaseEvent::Reject,
            CaseEvent::SendBack,
        ] {
            assert!(is_supervisor_event(e), "{e:?}");
        }
        assert!(!is_supervisor_event(CaseEvent::ProposeDecision));
        assert!(!is_supervisor_event(CaseEvent::RecordAdmissible));
        assert_eq!(
            required_role(&Change::CaseAssigned {
                officer: UserId("ana".into())
            }),
            Role::Supervisor
        );
        assert_eq!(required_role(&Change::AdmissibleRecorded), Role::Officer);
        // P4: whether the employer needed the notice is read in the file by its officer.
        assert_eq!(
            required_role(&Change::AiNoticeRequirementRecorded { required: true }),
            Role::Officer
        );
        assert_eq!(
            required_role(&Change::NoteAdded {
                note_id: NoteId::new(),
                body: "n".into()
            }),
            Role::Officer
        );
        assert!(role_allows(Role::Supervisor, Role::Officer));
        assert!(!role_allows(Role::Officer, Role::Supervisor));
    }

    #[test]
    fn the_stamped_role_is_what_counts() {
        let approval = Change::RefusalApproved {
            decision_id: DecisionId::new(),
        };
        let lowered = Actor::officer("sam");
        let refusal = check_role(&lowered, &approval).unwrap_err();
        assert_eq!(refusal.code(), "auth.role");
        assert!(refusal.reason().both().fr.contains("superviseur"));
        assert!(check_role(&Actor::supervisor("sam"), &approval).is_ok());
    }
}
