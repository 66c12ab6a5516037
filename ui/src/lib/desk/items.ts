// The review desk's view of a file's checklist: items grouped by person (the file's own
// items first), what each item waits for, the documents that belong with it, and the
// next item to verify. Pure functions over the backend's `Casework` and `DocumentView`s,
// so the rail, the pane and the keyboard agree and are tested without a window.
import type { ChecklistEntry } from '../bindings/ChecklistEntry';
import type { Defect } from '../bindings/Defect';
import type { DocumentView } from '../bindings/DocumentView';

/** A group of the rail: the file's items (`person` null), then each person's. */
export type ItemGroup = { person: string | null; name: string | null; entries: ChecklistEntry[] };

export function groupByPerson(checklist: ChecklistEntry[]): ItemGroup[] {
  const groups: ItemGroup[] = [];
  for (const entry of checklist) {
    let group = groups.find((g) => g.person === entry.person_id);
    if (!group) {
      group = { person: entry.person_id, name: entry.person_name, entries: [] };
      groups.push(group);
    }
    group.entries.push(entry);
  }
  // The file's own items first; persons keep the backend's order (principal, spouse, children).
  return [...groups.filter((g) => g.person === null), ...groups.filter((g) => g.person !== null)];
}

/** The rail's order: as grouped. */
export function railOrder(checklist: ChecklistEntry[]): ChecklistEntry[] {
  return groupByPerson(checklist).flatMap((g) => g.entries);
}

/**
 * What an item waits for on the desk:
 * - `to_verify`: a document came in for it and nobody recorded it yet (or the recorded
 *   one is flagged and another came): the officer looks and says received or defective;
 * - `missing`: nothing came;
 * - `done`: received, or an explanatory letter accepted;
 * - `problem`: defective, flagged, or a letter refused: a gap that a request names;
 * - `letter`: an explanatory letter to judge.
 */
export type DeskState = 'to_verify' | 'missing' | 'done' | 'problem' | 'letter';

export function deskState(entry: ChecklistEntry): DeskState {
  switch (entry.standing) {
    case 'received':
    case 'letter_accepted':
      return 'done';
    case 'letter_pending':
      return 'letter';
    case 'missing':
      return entry.submitted.length > 0 ? 'to_verify' : 'missing';
    case 'flagged':
    case 'defective':
    case 'letter_refused':
      return entry.submitted.length > 0 ? 'to_verify' : 'problem';
  }
}

/** The next item after `fromKey` (in rail order, wrapping) that waits for the officer. */
export function nextToVerify(checklist: ChecklistEntry[], fromKey: string | null): ChecklistEntry | null {
  const order = railOrder(checklist);
  const waits = (e: ChecklistEntry) => deskState(e) === 'to_verify' || deskState(e) === 'letter';
  const start = fromKey === null ? -1 : order.findIndex((e) => e.key === fromKey);
  for (let i = 1; i <= order.length; i++) {
    const e = order[(start + i + order.length) % order.length];
    if (waits(e) && e.key !== fromKey) return e;
  }
  return null;
}

/**
 * The documents shown with an item, as the viewer's tabs: those submitted for it
 * (newest first), then the one recorded against it. Letters the file sent are never an
 * item's document.
 */
export function documentsOf(entry: ChecklistEntry, documents: DocumentView[]): DocumentView[] {
  const ids = [...entry.submitted, ...(entry.document_id ? [entry.document_id] : [])];
  const unique = [...new Set(ids)];
  return unique
    .map((id) => documents.find((d) => d.id === id))
    .filter((d): d is DocumentView => !!d && !d.letter);
}

/** The document an item opens on: the newest submitted for it, else the recorded one. */
export function defaultDocument(entry: ChecklistEntry): string | null {
  return entry.submitted[0] ?? entry.document_id ?? null;
}

/**
 * The documents an officer may record for an item instead (reassigning one): the
 * applicant's documents of the same person, or of nobody (a form, a document filed under
 * no person), those submitted for this item first. Never a letter the file sent, never
 * another person's document; and none is chosen by default unless it was submitted for
 * the item.
 */
export function plausibleFor(entry: ChecklistEntry, documents: DocumentView[]): DocumentView[] {
  const candidates = documents.filter(
    (d) => !d.letter && (d.person_id === entry.person_id || d.person_id === null),
  );
  const mine = (d: DocumentView) => (entry.submitted.includes(d.id) ? 0 : d.checklist_code === null ? 1 : 2);
  return [...candidates].sort((a, b) => mine(a) - mine(b));
}

/** The applicant's documents filed under no item: the desk lists them "to classify". */
export function toClassify(documents: DocumentView[]): DocumentView[] {
  return documents.filter((d) => !d.letter && d.checklist_code === null);
}

/** Which of the item pane's small forms is open. */
export type PaneMode = 'idle' | 'defective' | 'letter' | 'reassign';

/** The defects an officer chooses from, the most common first (F2)… */
export const DEFECTS_OF_DOCUMENTS: Defect[] = ['not_colour_scan', 'not_legible', 'incomplete', 'not_exact', 'not_pdf', 'split_into_several_files'];
/** …and a form's own (F1) first for a form. */
export const DEFECTS_OF_FORMS: Defect[] = ['not_dated_or_signed', 'declaration_not_signed', ...DEFECTS_OF_DOCUMENTS];
