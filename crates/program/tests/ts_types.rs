//! The types that cross to the UI have TypeScript declarations (ts-rs) that can be
//! generated: a declaration that ts-rs cannot produce fails here, not in the UI build.

use program::admissibility::{Admissibility, MissingItemsRequest};
use program::attestation::{AttestationRequest, AttestationStatus};
use program::decision::{Decision, IntentToRefuse, IntentToReject};
use program::definition::ProgramDefinition;
use program::fees::{Balance, FeesDue};
use program::intake::IntakeReport;
use program::lifecycle::{CaseFacts, DueAction};
use program::{CaseEvent, CaseStatus, Deadline};
use ts_rs::TS;

#[test]
fn ui_types_have_typescript_declarations() {
    let decls = [
        (CaseStatus::decl(), "CaseStatus"),
        (CaseEvent::decl(), "CaseEvent"),
        (Deadline::decl(), "Deadline"),
        (ProgramDefinition::decl(), "ProgramDefinition"),
        (IntakeReport::decl(), "IntakeReport"),
        (FeesDue::decl(), "FeesDue"),
        (Balance::decl(), "Balance"),
        (Admissibility::decl(), "Admissibility"),
        (MissingItemsRequest::decl(), "MissingItemsRequest"),
        (AttestationRequest::decl(), "AttestationRequest"),
        (AttestationStatus::decl(), "AttestationStatus"),
        (Decision::decl(), "Decision"),
        (IntentToRefuse::decl(), "IntentToRefuse"),
        (IntentToReject::decl(), "IntentToReject"),
        (CaseFacts::decl(), "CaseFacts"),
        (DueAction::decl(), "DueAction"),
    ];
    for (decl, name) in decls {
        assert!(decl.contains(name), "{name}: {decl}");
    }
    let window = program::definition::ReceiptWindow::decl();
    assert!(window.contains("timezone: string"), "{window}");
    // Amounts are JSON numbers (cents fit well within 2^53), not bigint.
    let cad = program::Cad::decl();
    assert!(cad.contains("number"), "{cad}");
}
