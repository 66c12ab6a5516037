// The grounds for refusing (D2) or rejecting (D3, A2, V4) an application, and the
// reasons a person need not obtain the attestation (V2, V3, V5), in French and English.
//
// Each list is a `Record` over the generated union, so TypeScript fails here when the Rust
// enum gains, loses or renames a variant. `letter` is the sentence the letter states
// (copied from `program::decision::{RefusalGround, RejectionGround}::label`); `label` is
// the short form for the officer's screen.
import type { Bilingual } from '../bindings/Bilingual';
import type { Exemption } from '../bindings/Exemption';
import type { Language } from '../bindings/Language';
import type { RefusalGround } from '../bindings/RefusalGround';
import type { RejectionGround } from '../bindings/RejectionGround';

export type GroundKind = 'refusal' | 'rejection';
export type AnyGround = RefusalGround | RejectionGround;

export interface GroundText {
  /** The rule that states the ground. */
  rule: string;
  label: Bilingual;
  letter: Bilingual;
}

const REFUSAL: Record<RefusalGround, GroundText> = {
  conditions_not_met: {
    rule: 'D2',
    label: { fr: 'Conditions du programme non remplies', en: 'Program conditions not met' },
    letter: {
      fr: "Vous ne remplissez pas toutes les conditions du programme.",
      en: 'You have not fulfilled all the conditions of the program.',
    },
  },
  documents_not_as_requested: {
    rule: 'D2',
    label: {
      fr: 'Documents demandés non transmis dans le format requis ou dans le délai',
      en: 'Requested documents not sent in the proper format or within the deadline',
    },
    letter: {
      fr: "Vous n'avez pas transmis tous les documents demandés dans le format requis et dans le délai imparti.",
      en: 'You have not submitted all the documents requested in the proper format and within the given deadline.',
    },
  },
  nothing_sent: {
    rule: 'D2',
    label: { fr: 'Rien n’a été transmis', en: 'Nothing was sent' },
    letter: { fr: "Vous n'avez rien transmis au Ministère.", en: 'You did not send anything to the Ministère.' },
  },
};

const REJECTION: Record<RejectionGround, GroundText> = {
  doubtful_authenticity: {
    rule: 'D3',
    label: {
      fr: 'Motifs de douter de l’authenticité de déclarations ou de documents',
      en: 'Reason to doubt the authenticity of declarations or documents',
    },
    letter: {
      fr: "Le Ministère a des motifs de douter de l'authenticité de certaines déclarations ou de certains documents.",
      en: 'The Ministère has reason to doubt the authenticity of some of your declarations or documents.',
    },
  },
  false_or_misleading: {
    rule: 'D3',
    label: {
      fr: 'Renseignements ou documents faux ou trompeurs',
      en: 'False or misleading information or documents',
    },
    letter: {
      fr: 'Vous avez fourni des renseignements ou des documents faux ou trompeurs.',
      en: 'You have provided false or misleading information or documents.',
    },
  },
  no_convincing_evidence: {
    rule: 'D3',
    label: {
      fr: 'Aucune preuve convaincante dans le délai',
      en: 'No convincing evidence within the deadline',
    },
    letter: {
      fr: "Vous n'avez pas transmis, dans le délai imparti, de preuves convaincantes pour écarter les motifs de rejet.",
      en: 'You have not sent convincing evidence, within the given deadline, to dispel the grounds for rejection.',
    },
  },
  absent_from_interview: {
    rule: 'D3, D5',
    label: { fr: 'Absence à l’entrevue', en: 'Absent from the interview' },
    letter: {
      fr: 'Vous ne vous êtes pas présenté à votre entrevue à la date prévue.',
      en: 'You did not show up for your interview at the given date.',
    },
  },
  missing_items_not_provided: {
    rule: 'A2',
    label: {
      fr: 'Éléments manquants non transmis dans le délai',
      en: 'Missing items not provided within the deadline',
    },
    letter: {
      fr: "Les éléments manquants n'ont pas été transmis dans le délai de 60 jours.",
      en: 'The missing items were not provided within 60 days.',
    },
  },
  attestation_not_obtained: {
    rule: 'V4',
    label: {
      fr: 'Attestation (valeurs démocratiques) non obtenue dans le délai',
      en: 'Attestation (democratic values) not obtained within the deadline',
    },
    letter: {
      fr: "L'attestation d'apprentissage des valeurs démocratiques et des valeurs québécoises n'a pas été obtenue dans le délai.",
      en: 'The attestation of learning about democratic values and Québec values was not obtained within the deadline.',
    },
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

export function groundLabel(kind: GroundKind, g: string, lang: Language): string {
  return groundText(kind, g)?.label[lang] ?? g;
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

const EXEMPTIONS: Record<ExemptionKind, { rule: string; label: Bilingual }> = {
  already_holds: {
    rule: 'V3',
    label: { fr: 'Détient déjà l’attestation', en: 'Already holds the attestation' },
  },
  under_age: {
    rule: 'V2',
    label: { fr: 'N’a pas l’âge à partir duquel l’attestation est exigée', en: 'Younger than the age from which the attestation is required' },
  },
  permit_and_objectif_integration: {
    rule: 'V5',
    label: {
      fr: 'Permis d’études ou de travail valide et séance Objectif Intégration suivie',
      en: 'Valid study or work permit and the Objectif Intégration session attended',
    },
  },
  exempt_by_regulation: {
    rule: 'V5',
    label: { fr: 'Exemptée par règlement', en: 'Exempt by regulation' },
  },
};

export const EXEMPTION_KINDS = Object.keys(EXEMPTIONS) as ExemptionKind[];

export function exemptionText(kind: ExemptionKind): { rule: string; label: Bilingual } {
  return EXEMPTIONS[kind];
}
