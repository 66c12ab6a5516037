import { describe, expect, it } from 'vitest';
import {
  EXEMPTION_KINDS,
  REFUSAL_GROUNDS,
  REJECTION_GROUNDS,
  exemptionText,
  groundLabel,
  groundText,
  groundsOf,
  isRefusalGround,
  isRejectionGround,
  refusalGrounds,
  rejectionGrounds,
} from './grounds';
import { translate } from '../i18n';

describe('grounds', () => {
  it('lists every ground in the order of the rules', () => {
    expect(REFUSAL_GROUNDS).toEqual(['conditions_not_met', 'documents_not_as_requested', 'nothing_sent']);
    expect(REJECTION_GROUNDS).toEqual([
      'doubtful_authenticity',
      'false_or_misleading',
      'no_convincing_evidence',
      'absent_from_interview',
      'missing_items_not_provided',
      'attestation_not_obtained',
    ]);
    expect(groundsOf('refusal')).toBe(REFUSAL_GROUNDS);
    expect(groundsOf('rejection')).toBe(REJECTION_GROUNDS);
    expect(EXEMPTION_KINDS).toEqual([
      'already_holds',
      'under_age',
      'permit_and_objectif_integration',
      'exempt_by_regulation',
    ]);
  });

  it('names each ground in French and English', () => {
    for (const kind of ['refusal', 'rejection'] as const) {
      for (const g of groundsOf(kind)) {
        const text = groundText(kind, g)!;
        const [label, letter] = [text.label, text.letter];
        const words = [translate('fr', label), translate('en', label), translate('fr', letter), translate('en', letter)];
        for (const s of [...words, text.rule]) expect(s.trim(), g).not.toBe('');
        // Each is in the catalogue (a missing message renders as its id).
        expect(words, g).not.toContain(label);
        expect(words, g).not.toContain(letter);
        expect(words[0]).not.toBe(words[1]);
      }
    }
    expect(groundLabel('refusal', 'nothing_sent', 'fr')).toBe('Rien n’a été transmis');
    expect(groundLabel('rejection', 'absent_from_interview', 'en')).toBe('Absent from the interview');
    expect(groundLabel('refusal', 'no_such_ground', 'fr')).toBe('no_such_ground');
    expect(translate('fr', groundText('refusal', 'nothing_sent')!.letter)).toBe('Vous n’avez rien transmis au Ministère.');
    for (const k of EXEMPTION_KINDS) {
      const label = exemptionText(k).label;
      expect(translate('fr', label).trim()).not.toBe('');
      expect(translate('fr', label)).not.toBe(label);
    }
  });

  it('keeps each kind to its own grounds', () => {
    expect(isRefusalGround('nothing_sent')).toBe(true);
    expect(isRefusalGround('absent_from_interview')).toBe(false);
    expect(isRejectionGround('absent_from_interview')).toBe(true);
    expect(isRejectionGround('toString')).toBe(false);
    expect(groundText('refusal', 'absent_from_interview')).toBeUndefined();
    expect(refusalGrounds(['nothing_sent', 'absent_from_interview', 'conditions_not_met', 'nothing_sent'])).toEqual([
      'conditions_not_met',
      'nothing_sent',
    ]);
    expect(rejectionGrounds(['nothing_sent', 'absent_from_interview'])).toEqual(['absent_from_interview']);
  });
});
