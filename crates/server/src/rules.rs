//! Who may make which change (function level, ASVS 8.2.1), as pure functions. The file
//! lifecycle itself is not decided here: that is `program::transition`, reached through
//! `oplog::events::lifecycle_event`, the same mapping the app's store uses.

use program::CaseEvent;
use oplog::Change;
use oplog::events::lifecycle_event;
use oplog::ids::Role;

/// Lifecycle steps that only a supervisor takes: decisions and what follows them.
pub fn is_supervisor_event(event: CaseEvent) -> bool {
    matches!(
        event,
        CaseEvent::ApproveSelection
            | CaseEvent::Refuse
            | CaseEvent::Reject
            | CaseEvent::SendBack
            | CaseEvent::RecordSupervisedAmendment
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
}
