//! The rules of the pilot program for workers in AI, IT and visual effects (PP AI/IT-VE),
//! as pure functions over a program definition. This crate does no I/O beyond reading a
//! definition it is handed (a string, or a file path given to
//! [`ProgramDefinition::load_file`]); the app, the CLI and the server all ask it what is
//! allowed. Rule ids (P1, I2, $1, ...) refer to the domain brief; each is named by a test
//! (`$1` is spelled `dollar1` in test names).
//!
//! Contents, in the order a file lives:
//! - [`model`]: the shared words (streams, profiles, roles, statuses) and typed ids.
//! - [`definition`]: the program definition as data (P1–P5), loaded and validated.
//! - [`versions`]: the definition as live data: numbered versions, the one in force at an
//!   instant, and what a new version may not change.
//! - [`intake`]: receipt window, caps and sub-caps in receipt order (I1–I5).
//! - [`money`] and [`fees`]: amounts in cents, the fee schedule, balances ($1–$4).
//! - [`family`]: who is on a file, ages, family changes after submission (F5, F6, M1–M5).
//! - [`admissibility`]: the checklist, its evaluation, missing-items requests (A1–A2, F1–F4).
//! - [`attestation`]: who must obtain the values attestation, by when (V1–V5).
//! - [`decision`]: grounds, letters of intent, decisions, CSQs, interviews (D1–D5).
//! - [`lifecycle`]: the state machine of a file and the actions due now.
//! - [`deadline`]: deadline arithmetic in Québec time, and the clock.
//! - [`replay`]: the text formats for replaying the rules from files (`dossier rules`).

pub mod admissibility;
pub mod attestation;
pub mod deadline;
pub mod decision;
pub mod definition;
pub mod family;
pub mod fees;
pub mod intake;
pub mod lifecycle;
pub mod model;
pub mod money;
pub mod replay;
pub mod versions;

pub use admissibility::{
    Admissibility, CaseFile, Missing, MissingItemsRequest, RequiredItem, Submission,
};
pub use attestation::{AttestationPerson, AttestationRequest, AttestationStatus, Duty, Exemption};
pub use deadline::{Clock, Deadline, FixedClock, SystemClock, deadline_after, montreal_date};
pub use decision::{Decision, IntentToRefuse, IntentToReject, RefusalGround, RejectionGround};
pub use definition::{CapScope, DefinitionError, ProgramDefinition};
pub use family::{FamilyChange, FamilyMember};
pub use fees::{Balance, FamilyComposition, FeeError, FeesDue};
pub use intake::{Application, IntakeReport, Outcome};
pub use lifecycle::{
    CaseEvent, CaseFacts, DueAction, RuleError, TransitionError, check_transition, due_actions,
    transition,
};
pub use model::{
    ApplicationId, Bilingual, CaseStatus, ChecklistCode, Language, PersonKey, PersonRole, Profile,
    Stream,
};
pub use money::Cad;
pub use versions::{ProgramVersion, ProgramVersionId, ProgramVersions};
