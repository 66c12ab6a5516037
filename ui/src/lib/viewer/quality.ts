// Words for a document's quality report: each flag's badge text, whether it is severe
// (the document cannot be read) or a warning, and which flags an officer dismissed.
import type { DocumentView } from '../bindings/DocumentView';
import type { FlagDismissal } from '../bindings/FlagDismissal';
import type { QualityFlag } from '../bindings/QualityFlag';
import type { QualityFlagKind } from '../bindings/QualityFlagKind';
import { LETTER_NAME, SCAN_MODE_LABEL } from '../labels';
import { shown, t } from '../locale.svelte';
import type { LabelId } from '../i18n';

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
      return t('quality-many-pages', { pages: flag.pages });
    case 'not_in_colour':
      return t(SCAN_MODE_LABEL[flag.mode]);
    case 'blank_pages':
      return t('quality-blank-pages', { pages: pageList(flag.pages) });
    case 'low_resolution':
      return t('quality-low-resolution', { dpi: flag.lowest_dpi, pages: pageList(flag.pages) });
    case 'unreadable_pages':
      return t('quality-unreadable-pages', { pages: pageList(flag.pages) });
    case 'password_protected':
      return t('quality-password-protected');
    case 'corrupt':
      return t('quality-corrupt');
    case 'not_a_pdf':
      return t('quality-not-a-pdf', { detected: detectedName(flag.detected) });
    case 'empty_file':
      return t('quality-empty-file');
  }
}

/**
 * What a file that is not a PDF looks like, as `pdf::sniff` records it in the quality
 * report (a fixed English phrase kept in the operation log), in the screen's words; a
 * phrase a newer version records is shown as it is.
 */
const DETECTED_LABEL: Record<string, LabelId> = {
  'a JPEG image': 'detected-jpeg',
  'a PNG image': 'detected-png',
  'a GIF image': 'detected-gif',
  'a TIFF image': 'detected-tiff',
  'a HEIC/MP4 file (perhaps a phone photo)': 'detected-heic',
  'a ZIP archive or Office document': 'detected-zip',
  'a legacy Office document': 'detected-office',
  'a PostScript file': 'detected-postscript',
  'an RTF document': 'detected-rtf',
  'an HTML page': 'detected-html',
  'a text file': 'detected-text',
  'unrecognised binary data': 'detected-binary',
};

function detectedName(detected: string): string {
  const id = DETECTED_LABEL[detected];
  return id ? t(id) : detected;
}

export type Badge = { flag: QualityFlag; dismissal: FlagDismissal | null };

/** The document's flags in badge order, each with its dismissal if any. */
export function badgesOf(doc: DocumentView): Badge[] {
  const flags = [...(doc.quality?.flags ?? [])];
  flags.sort((a, b) => FLAG_ORDER.indexOf(a.kind) - FLAG_ORDER.indexOf(b.kind));
  return flags.map((flag) => ({ flag, dismissal: doc.dismissals.find((d) => d.flag === flag.kind) ?? null }));
}

/**
 * What a document is on the file: `Lettre — <name of the letter>` for a letter sent to the
 * applicant, else the checklist item it was filed under.
 */
export function documentLabel(doc: Pick<DocumentView, 'letter' | 'checklist_code' | 'item_label'>): string {
  if (doc.letter) return t('letter-label', { kind: t(LETTER_NAME[doc.letter]) });
  return checklistLabel(doc);
}

/**
 * The checklist item a document was filed under, as the program names it
 * (`DocumentView.item_label`); its code when the program no longer has the item, and
 * "No checklist item" when it was filed under none.
 */
export function checklistLabel(doc: Pick<DocumentView, 'checklist_code' | 'item_label'>): string {
  if (doc.item_label) return shown(doc.item_label);
  return doc.checklist_code ?? t('case-document-no-item');
}
