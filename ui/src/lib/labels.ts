// Every label the screens derive from a value the backend sends (an enum of the
// generated bindings): one exhaustive map per enum, so that a variant added on the Rust
// side without a label fails `npm run check` here, and no message id is ever built from
// a string. The values are message ids of the catalogue (`assets/i18n/*/*.ftl`).
import type { Action } from './bindings/Action';
import type { AttestationStanding } from './bindings/AttestationStanding';
import type { CaseStatus } from './bindings/CaseStatus';
import type { ConnectionState } from './bindings/ConnectionState';
import type { Decision } from './bindings/Decision';
import type { DueAction } from './bindings/DueAction';
import type { DueFilter } from './bindings/DueFilter';
import type { InterviewOutcome } from './bindings/InterviewOutcome';
import type { ItemStanding } from './bindings/ItemStanding';
import type { Language } from './bindings/Language';
import type { LetterKind } from './bindings/LetterKind';
import type { Payer } from './bindings/Payer';
import type { PersonRole } from './bindings/PersonRole';
import type { Phase } from './bindings/Phase';
import type { Profile } from './bindings/Profile';
import type { RequestKindView } from './bindings/RequestKindView';
import type { RequestClosed } from './bindings/RequestClosed';
import type { ReviewOutcome } from './bindings/ReviewOutcome';
import type { Role } from './bindings/Role';
import type { ScanMode } from './bindings/ScanMode';
import type { Defect } from './bindings/Defect';
import type { Stream } from './bindings/Stream';
import type { DateProblem } from './casework/dates';
import type { LabelId, MessageId } from './i18n';
import type { Preset } from './queueState.svelte';
import type { DeskState } from './desk/items';

/**
 * A user's role: the rules' own name for it (`role-name-*`, rules.ftl), lower-case as the
 * audit trail says it; capitalised by CSS (`.first-upper`) where it stands alone.
 */
export const ROLE_LABEL: Record<Role, Extract<LabelId, `role-name-${string}`>> = {
  officer: 'role-name-officer',
  supervisor: 'role-name-supervisor',
};

/** A language, short (the switch’s buttons: FR, EN). */
export const LANGUAGE_LABEL: Record<Language, LabelId> = {
  fr: 'lang-fr',
  en: 'lang-en',
};

/** A language, in full (Français, English). */
export const LANGUAGE_NAME: Record<Language, LabelId> = {
  fr: 'lang-fr-long',
  en: 'lang-en-long',
};

/** The status of a file. */
export const STATUS_LABEL: Record<CaseStatus, LabelId> = {
  received: 'status-received',
  admissibility_review: 'status-admissibility-review',
  missing_items_requested: 'status-missing-items-requested',
  in_review: 'status-in-review',
  attestation_requested: 'status-attestation-requested',
  interview_scheduled: 'status-interview-scheduled',
  intent_to_refuse: 'status-intent-to-refuse',
  intent_to_reject: 'status-intent-to-reject',
  decision_proposed: 'status-decision-proposed',
  selected: 'status-selected',
  refused: 'status-refused',
  rejected: 'status-rejected',
  administrative_review: 'status-administrative-review',
  not_received: 'status-not-received',
};

/** The queue's due-date filters. */
export const DUE_FILTER_LABEL: Record<DueFilter, LabelId> = {
  overdue: 'due-overdue',
  this_week: 'due-this-week',
  next30_days: 'due-next30-days',
  no_deadline: 'due-no-deadline',
};

/**
 * A person's role on a file (F5): the shared name (`person-role-*`, names.ftl), lower-case
 * as the audit trail and the letters say it; capitalised by CSS (`.first-upper`) in a
 * table cell or a label.
 */
export const PERSON_ROLE_LABEL: Record<PersonRole, Extract<LabelId, `person-role-${string}`>> = {
  principal_applicant: 'person-role-principal-applicant',
  spouse: 'person-role-spouse',
  dependent_child: 'person-role-dependent-child',
};

/** A step of the casework (its button). */
export const ACTION_LABEL: Record<Action, LabelId> = {
  start_admissibility_review: 'work-action-start-admissibility-review',
  request_missing_items: 'work-action-request-missing-items',
  missing_items_received: 'work-action-missing-items-received',
  record_admissible: 'work-action-record-admissible',
  request_attestation: 'work-action-request-attestation',
  attestation_completed: 'work-action-attestation-completed',
  schedule_interview: 'work-action-schedule-interview',
  record_interview_outcome: 'work-action-record-interview-outcome',
  send_intent_to_refuse: 'work-action-send-intent-to-refuse',
  send_intent_to_reject: 'work-action-send-intent-to-reject',
  record_applicant_answer: 'work-action-record-applicant-answer',
  propose_selection: 'work-action-propose-selection',
  propose_refusal: 'work-action-propose-refusal',
  propose_rejection: 'work-action-propose-rejection',
  send_back: 'work-action-send-back',
  approve_selection: 'work-action-approve-selection',
  approve_refusal: 'work-action-approve-refusal',
  approve_rejection: 'work-action-approve-rejection',
  request_administrative_review: 'work-action-request-administrative-review',
  record_supervised_amendment: 'work-action-record-supervised-amendment',
  edit_file: 'work-action-edit-file',
};

/** What is due on a file now. */
export const DUE_ACTION_LABEL: Record<DueAction['action'], LabelId> = {
  start_admissibility_review: 'work-due-start-admissibility-review',
  record_admissible: 'work-due-record-admissible',
  propose_rejection: 'work-due-propose-rejection',
  record_attestation_completed: 'work-due-record-attestation-completed',
  record_interview_outcome: 'work-due-record-interview-outcome',
  refuse: 'work-due-refuse',
  reject: 'work-due-reject',
  request_attestation: 'work-due-request-attestation',
  propose_selection: 'work-due-propose-selection',
  review_proposal: 'work-due-review-proposal',
};

/** F1, F2: what the officer finds wrong with a document (`program::Defect::text`). */
export const DEFECT_LABEL: Record<Defect, LabelId> = {
  not_colour_scan: 'defect-not-colour-scan',
  not_legible: 'defect-not-legible',
  incomplete: 'defect-incomplete',
  not_exact: 'defect-not-exact',
  not_pdf: 'defect-not-pdf',
  split_into_several_files: 'defect-split-into-several-files',
  not_dated_or_signed: 'defect-not-dated-or-signed',
  declaration_not_signed: 'defect-declaration-not-signed',
};

/** What an item waits for on the review desk (`desk/items.ts`). */
export const DESK_STATE_LABEL: Record<DeskState, LabelId> = {
  to_verify: 'desk-state-to-verify',
  missing: 'desk-state-missing',
  done: 'desk-state-done',
  problem: 'desk-state-problem',
  letter: 'desk-state-letter',
};

/** Where a checklist item stands. */
export const ITEM_STANDING_LABEL: Record<ItemStanding, LabelId> = {
  missing: 'work-standing-missing',
  received: 'work-standing-received',
  flagged: 'work-standing-flagged',
  defective: 'work-standing-defective',
  letter_pending: 'work-standing-letter-pending',
  letter_accepted: 'work-standing-letter-accepted',
  letter_refused: 'work-standing-letter-refused',
};

/**
 * A request or letter sent to the applicant: the name of its letter (`letter-name-*`,
 * names.ftl), capitalised by CSS (`.first-upper`) where it starts a line.
 */
export const REQUEST_KIND_LABEL: Record<RequestKindView, Extract<LabelId, `letter-name-${string}`>> = {
  missing_items: 'letter-name-missing-items-request',
  attestation: 'letter-name-attestation-request',
  intent_to_refuse: 'letter-name-intent-to-refuse',
  intent_to_reject: 'letter-name-intent-to-reject',
};

/** Where a person stands with the attestation. */
export const ATTESTATION_STATE_LABEL: Record<AttestationStanding['state'], LabelId> = {
  exempt: 'work-att-exempt',
  exempt_recorded: 'work-att-exempt-recorded',
  to_request: 'work-att-to-request',
  requested: 'work-att-requested',
  obtained: 'work-att-obtained',
  late: 'work-att-late',
};

/** Who paid the fees. */
export const PAYER_LABEL: Record<Payer, LabelId> = {
  applicant: 'work-payer-applicant',
  third_party: 'work-payer-third-party',
};

/**
 * A decision proposed: the shared name of its kind (`decision-name-*`, names.ftl),
 * capitalised by CSS (`.first-upper`) where it stands alone.
 */
export const DECISION_LABEL: Record<Decision['decision'], Extract<LabelId, `decision-name-${string}`>> = {
  selected: 'decision-name-selection',
  refused: 'decision-name-refusal',
  rejected: 'decision-name-rejection',
};

/**
 * The name of a letter filed on the file (`letter-name-*`, names.ftl, as the audit trail
 * and the letters say it); the document list shows it as `letter-label` (`letterLabel`).
 */
export const LETTER_NAME: Record<LetterKind, Extract<LabelId, `letter-name-${string}`>> = {
  missing_items_request: 'letter-name-missing-items-request',
  attestation_request: 'letter-name-attestation-request',
  intent_to_refuse: 'letter-name-intent-to-refuse',
  intent_to_reject: 'letter-name-intent-to-reject',
  selection_decision: 'letter-name-selection-decision',
  refusal: 'letter-name-refusal',
  rejection: 'letter-name-rejection',
  acknowledgement: 'letter-name-acknowledgement',
  not_received_notice: 'letter-name-not-received-notice',
};

/** The badge of a document that is not in colour. */
export const SCAN_MODE_LABEL: Record<ScanMode, LabelId> = {
  greyscale: 'quality-not-in-colour-greyscale',
  black_and_white: 'quality-not-in-colour-black-and-white',
};

/** Where the app stands with the server. */
export const CONNECTION_LABEL: Record<ConnectionState, LabelId> = {
  not_configured: 'sync-state-not-configured',
  signed_out: 'sync-state-signed-out',
  syncing: 'sync-state-syncing',
  online: 'sync-state-online',
  offline: 'sync-state-offline',
  sign_in_required: 'sync-state-sign-in-required',
  error: 'sync-state-error',
};
/** What a sync round is doing; every phase but pulling counts what it moves (`{ $done }`, `{ $total }`). */
export const PHASE_LABEL = {
  uploading: 'sync-progress-uploading',
  pushing: 'sync-progress-pushing',
  pulling: 'sync-progress-pulling',
  downloading: 'sync-progress-downloading',
} as const satisfies Record<Phase, MessageId>;

/** The queue's presets (the day's work queues). */
export const PRESET_LABEL: Record<Preset['id'], LabelId> = {
  all: 'queue-preset-all',
  due_this_week: 'queue-preset-due-this-week',
  overdue: 'queue-preset-overdue',
  waiting_for_applicant: 'queue-preset-waiting-for-applicant',
  ready_for_decision: 'queue-preset-ready-for-decision',
  decisions_to_review: 'queue-preset-decisions-to-review',
};

/** What is wrong with a typed day (`DateField`). */
export const DATE_PROBLEM_LABEL: Record<DateProblem, LabelId> = {
  required: 'form-date-required',
  malformed: 'form-date-malformed',
  impossible: 'form-date-impossible',
};

/** What a supervisor did with a proposal (`DecisionView.outcome`). */
export const REVIEW_OUTCOME_LABEL: Record<ReviewOutcome, LabelId> = {
  approved: 'work-outcome-approved',
  sent_back: 'work-outcome-sent-back',
};

/** Why a request or letter was closed (`RequestView.closed_reason`). */
export const REQUEST_CLOSED_LABEL: Record<RequestClosed, LabelId> = {
  received: 'work-closed-received',
  completed: 'work-closed-completed',
  answered: 'work-closed-answered',
  decision_proposed: 'work-closed-decision-proposed',
};

/** D5: what happened at an interview (`InterviewView.outcome`, the form's choices). */
export const INTERVIEW_OUTCOME_LABEL: Record<InterviewOutcome, LabelId> = {
  held: 'form-interview-attended',
  absent: 'form-interview-absent',
};

/**
 * Why the store could not be opened, by the error's code (`IpcError.code`, a plain
 * string: the codes of `keychain::CredentialError` and `store::StoreError`). Any other
 * code is explained by `startup-other`.
 */
export const STARTUP_PROBLEM_LABEL = {
  'keyring.unavailable': 'startup-keyring-unavailable',
  'keyring.refused': 'startup-keyring-refused',
  'keyring.store_key_missing': 'startup-keyring-store-key-missing',
  'keyring.store_key_damaged': 'startup-keyring-store-key-damaged',
  'store.wrong_key': 'startup-store-wrong-key',
  'store.newer_schema': 'startup-store-newer-schema',
} as const satisfies Record<string, LabelId>;

export function startupProblemLabel(code: string): LabelId {
  return Object.hasOwn(STARTUP_PROBLEM_LABEL, code)
    ? STARTUP_PROBLEM_LABEL[code as keyof typeof STARTUP_PROBLEM_LABEL]
    : 'startup-other';
}
