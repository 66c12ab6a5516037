// The grounds for refusing (D2) or rejecting (D3, A2, V4) an application, and the
// reasons a person need not obtain the attestation (V2, V3, V5): the rule that states
// each, and its messages in the catalogue (`assets/i18n/*/terms.ftl`, which the Rust
// side's letters read too).
//
// Each list is a `Record` over the generated union, so TypeScript fails here when the Rust
// enum gains, loses or renames a variant. `letter` is the sentence the letter states
// (`ground-…-letter`); `label` is the short form for the officer's screen (`ground-…-label`).
import type { Exemption } from '../bindings/Exemption';
import type { Language } from '../bindings/Language';
import type { RefusalGround } from '../bindings/RefusalGround';
import type { RejectionGround } from '../bindings/RejectionGround';
import { translate, type LabelId } from '../i18n';

export type GroundKind = 'refusal' | 'rejection';
export type AnyGround = RefusalGround | RejectionGround;

export interface GroundText {
  /** The rule that states the ground. */
  rule: string;
  /** The short form for the officer's screen. */
  label: Extract<LabelId, `ground-${string}-label`>;
  /** The sentence the letter states. */
  letter: Extract<LabelId, `ground-${string}-letter`>;
}

const REFUSAL: Record<RefusalGround, GroundText> = {
  conditions_not_met: {
    rule: 'D2',
    label: 'ground-conditions-not-met-label',
    letter: 'ground-conditions-not-met-letter',
  },
  documents_not_as_requested: {
    rule: 'D2',
    label: 'ground-documents-not-as-requested-label',
    letter: 'ground-documents-not-as-requested-letter',
  },
  nothing_sent: {
    rule: 'D2',
    label: 'ground-nothing-sent-label',
    letter: 'ground-nothing-sent-letter',
  },
};

const REJECTION: Record<RejectionGround, GroundText> = {
  doubtful_authenticity: {
    rule: 'D3',
    label: 'ground-doubtful-authenticity-label',
    letter: 'ground-doubtful-authenticity-letter',
  },
  false_or_misleading: {
    rule: 'D3',
    label: 'ground-false-or-misleading-label',
    letter: 'ground-false-or-misleading-letter',
  },
  no_convincing_evidence: {
    rule: 'D3',
    label: 'ground-no-convincing-evidence-label',
    letter: 'ground-no-convincing-evidence-letter',
  },
  absent_from_interview: {
    rule: 'D3, D5',
    label: 'ground-absent-from-interview-label',
    letter: 'ground-absent-from-interview-letter',
  },
  missing_items_not_provided: {
    rule: 'A2',
    label: 'ground-missing-items-not-provided-label',
    letter: 'ground-missing-items-not-provided-letter',
  },
  attestation_not_obtained: {
    rule: 'V4',
    label: 'ground-attestation-not-obtained-label',
    letter: 'ground-attestation-not-obtained-letter',
  },
};

/** D2, in the order of `RefusalGround::ALL`. */
export const REFUSAL_GROUNDS = Object.keys(REFUSAL) as RefusalGround[];
/** D3, A2, V4, in the order of `RejectionGround::ALL`. */
export const REJECTION_GROUNDS = Object.keys(REJECTION) as RejectionGround[];

export function groundsOf(kind: GroundKind): readonly AnyGround[] {
  return kind === 'refusal' ? REFUSAL_GROUNDS : REJECTION_GROUNDS;
}

export function isRefusalGround(g: string): g is RefusalGround {
  return Object.hasOwn(REFUSAL, g);
}

export function isRejectionGround(g: string): g is RejectionGround {
  return Object.hasOwn(REJECTION, g);
}

/** The texts of ground `g` of `kind`, or undefined if `g` is not one of that kind. */
export function groundText(kind: GroundKind, g: string): GroundText | undefined {
  if (kind === 'refusal') return isRefusalGround(g) ? REFUSAL[g] : undefined;
  return isRejectionGround(g) ? REJECTION[g] : undefined;
}

/** The short form of ground `g` in `lang`, or `g` itself if it is not one of that kind. */
export function groundLabel(kind: GroundKind, g: string, lang: Language): string {
  const text = groundText(kind, g);
  return text ? translate(lang, text.label) : g;
}

/** The refusal grounds among `values`, in the list's order, each once. */
export function refusalGrounds(values: readonly string[]): RefusalGround[] {
  return REFUSAL_GROUNDS.filter((g) => values.includes(g));
}

/** The rejection grounds among `values`, in the list's order, each once. */
export function rejectionGrounds(values: readonly string[]): RejectionGround[] {
  return REJECTION_GROUNDS.filter((g) => values.includes(g));
}

export type ExemptionKind = Exemption['exemption'];

export interface ExemptionText {
  /** The rule that states the exemption. */
  rule: string;
  label: Extract<LabelId, `exemption-${string}`>;
}

const EXEMPTIONS: Record<ExemptionKind, ExemptionText> = {
  already_holds: { rule: 'V3', label: 'exemption-already-holds' },
  under_age: { rule: 'V2', label: 'exemption-under-age' },
  permit_and_objectif_integration: { rule: 'V5', label: 'exemption-permit-and-objectif-integration' },
  exempt_by_regulation: { rule: 'V5', label: 'exemption-exempt-by-regulation' },
};

export const EXEMPTION_KINDS = Object.keys(EXEMPTIONS) as ExemptionKind[];

export function exemptionText(kind: ExemptionKind): ExemptionText {
  return EXEMPTIONS[kind];
}
