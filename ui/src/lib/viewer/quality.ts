// Words for a document's quality report: each flag's badge text, whether it is severe
// (the document cannot be read) or a warning, and which flags an officer dismissed.
import type { DocumentView } from '../bindings/DocumentView';
import type { FlagDismissal } from '../bindings/FlagDismissal';
import type { QualityFlag } from '../bindings/QualityFlag';
import type { QualityFlagKind } from '../bindings/QualityFlagKind';
import type { Key } from '../i18n';
import { fr } from '../i18n';
import { t } from '../locale.svelte';

/** Badge order: what stops reading first, then what the officer should look at. */
export const FLAG_ORDER: QualityFlagKind[] = [
  'corrupt',
  'not_a_pdf',
  'empty_file',
  'password_protected',
  'unreadable_pages',
  'not_in_colour',
  'low_resolution',
  'blank_pages',
  'many_pages',
];

const SEVERE = new Set<QualityFlagKind>(['corrupt', 'not_a_pdf', 'empty_file', 'password_protected', 'unreadable_pages']);

export function isSevere(kind: QualityFlagKind): boolean {
  return SEVERE.has(kind);
}

function pageList(pages: number[]): string {
  const shown = pages.slice(0, 6).join(', ');
  return pages.length > 6 ? `${shown}…` : shown;
}

/** The badge text of a flag, in the current language. */
export function flagLabel(flag: QualityFlag): string {
  switch (flag.kind) {
    case 'many_pages':
      return t('quality.many_pages', { pages: flag.pages });
    case 'not_in_colour':
      return t(`quality.not_in_colour.${flag.mode}`);
    case 'blank_pages':
      return t('quality.blank_pages', { pages: pageList(flag.pages) });
    case 'low_resolution':
      return t('quality.low_resolution', { dpi: flag.lowest_dpi, pages: pageList(flag.pages) });
    case 'unreadable_pages':
      return t('quality.unreadable_pages', { pages: pageList(flag.pages) });
    case 'password_protected':
      return t('quality.password_protected');
    case 'corrupt':
      return t('quality.corrupt');
    case 'not_a_pdf':
      return t('quality.not_a_pdf', { detected: flag.detected });
    case 'empty_file':
      return t('quality.empty_file');
  }
}

export type Badge = { flag: QualityFlag; dismissal: FlagDismissal | null };

/** The document's flags in badge order, each with its dismissal if any. */
export function badgesOf(doc: DocumentView): Badge[] {
  const flags = [...(doc.quality?.flags ?? [])];
  flags.sort((a, b) => FLAG_ORDER.indexOf(a.kind) - FLAG_ORDER.indexOf(b.kind));
  return flags.map((flag) => ({ flag, dismissal: doc.dismissals.find((d) => d.flag === flag.kind) ?? null }));
}

/** The checklist item's short name, or the code itself when it has no translation. */
/// What a document is on the file: the letter's kind for a letter sent to the applicant,
/// else the checklist item it was filed under.
export function documentLabel(doc: { letter: string | null; checklist_code: string | null }): string {
  if (doc.letter) return t(`letter.kind.${doc.letter}` as Key);
  return checklistLabel(doc.checklist_code);
}

export function checklistLabel(code: string | null): string {
  if (!code) return t('checklist.none');
  const key = `checklist.${code}`;
  return key in fr ? t(key as Key) : code;
}
