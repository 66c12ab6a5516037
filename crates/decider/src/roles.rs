//! Who may make which change (function level, ASVS 8.2.1) and the four-eyes rule: the
//! author's role, as stamped on the operation, is what counts, on the laptop and on the
//! server alike (the server also checks that the stamp is no higher than the pusher's
//! current role).

use oplog::events::lifecycle_event;
use oplog::{Actor, Change, DecisionId, Role};
use program::{Bilingual, CaseEvent};

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

/// A role in French words.
pub fn role_fr(role: Role) -> &'static str {
    match role {
        Role::Officer => "agent",
        Role::Supervisor => "superviseur",
    }
}

/// Whether `event` reviews the proposal waiting on the file (four eyes apply).
pub fn is_review(event: CaseEvent) -> bool {
    is_supervisor_event(event) && event != CaseEvent::RecordSupervisedAmendment
}

/// Function level, for a lifecycle step: the author's role may take `event`.
pub fn may_take(author: &Actor, event: CaseEvent) -> Result<(), Refusal> {
    if !is_supervisor_event(event) || author.role == Role::Supervisor {
        return Ok(());
    }
    Err(if event == CaseEvent::RecordSupervisedAmendment {
        Refusal::not_permitted(
            "après le CSQ, un changement est une modification supervisée (M5) : seul un superviseur peut la consigner",
            "after the CSQ, a change is a supervised amendment (M5): only a supervisor can record it",
        )
    } else {
        Refusal::not_permitted(
            "seul un superviseur peut approuver ou renvoyer une proposition de décision : demandez à un superviseur de l’examiner",
            "only a supervisor can approve or send back a proposed decision; ask a supervisor to review it",
        )
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
    Err(Refusal::not_permitted(
        "seul un superviseur reçoit ou attribue un dossier",
        "only a supervisor receives or assigns a file",
    ))
}

/// Four eyes: the proposal waiting on the file is `decision` (when given), and `author`
/// did not propose it.
pub fn check_reviewer(
    state: &FileState,
    author: &Actor,
    decision: Option<DecisionId>,
) -> Result<(), Refusal> {
    let pending = state.pending_decision().ok_or_else(|| {
        Refusal::refused(
            "aucune décision n’attend un superviseur dans ce dossier : rechargez le dossier",
            "no decision is waiting for a supervisor on this file; reload the file",
        )
    })?;
    if decision.is_some_and(|d| d != pending.id) {
        return Err(Refusal::refused(
            "ce n’est pas la proposition en attente dans le dossier : rechargez le dossier et examinez la proposition actuelle",
            "this is not the proposal waiting on the file; reload the file and review the current one",
        ));
    }
    if pending.proposed_by == author.user.0 {
        return Err(Refusal::NotPermitted(Bilingual::new(
            "vous avez proposé cette décision : un autre superviseur doit l’examiner (personne n’approuve sa propre proposition)",
            "you proposed this decision: another supervisor must review it (no one approves their own proposal)",
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
        assert!(refusal.reason().fr.contains("superviseur"));
        assert!(check_role(&Actor::supervisor("sam"), &approval).is_ok());
    }
}
