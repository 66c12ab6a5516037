import { describe, expect, it } from 'vitest';
import type { ChecklistEntry } from '../bindings/ChecklistEntry';
import type { DocumentView } from '../bindings/DocumentView';
import { checklistEntry } from '../../test/fixtures';
import { defaultDocument, deskState, documentsOf, groupByPerson, nextToVerify, plausibleFor, railOrder } from './items';

function entry(over: Partial<ChecklistEntry> & { key: string }): ChecklistEntry {
  return checklistEntry(over.key, over);
}

function doc(id: string, code: string | null, person: string | null, letter = false): DocumentView {
  return {
    id,
    case_id: 'case-1',
    person_id: person,
    checklist_code: code,
    file_name: `${id}.pdf`,
    sha256: 'a'.repeat(64),
    byte_size: 100,
    received_at: '2024-01-05T14:03:00Z',
    quality: null,
    dismissals: [],
    letter: letter ? 'missing_items_request' : null,
    item_label: null,
  };
}

describe('the desk’s view of a checklist', () => {
  const checklist = [
    entry({ key: 'diplomas:p1', person_id: 'p1', person_name: 'Huang, Amina', submitted: ['d-diploma'] }),
    entry({ key: 'form_part_1', is_form: true, submitted: ['d-form'] }),
    entry({ key: 'identity_document:p2', person_id: 'p2', person_name: 'Huang, Li' }),
    entry({ key: 'identity_document:p1', person_id: 'p1', person_name: 'Huang, Amina', standing: 'received', document_id: 'd-pass' }),
    entry({ key: 'employer_documents', standing: 'defective', document_id: 'd-emp', defects: ['not_colour_scan'] }),
  ];

  it('groups items by person, the file’s own first', () => {
    const groups = groupByPerson(checklist);
    expect(groups.map((g) => g.person)).toEqual([null, 'p1', 'p2']);
    expect(groups[0].entries.map((e) => e.key)).toEqual(['form_part_1', 'employer_documents']);
    expect(railOrder(checklist).map((e) => e.key)).toEqual([
      'form_part_1',
      'employer_documents',
      'diplomas:p1',
      'identity_document:p1',
      'identity_document:p2',
    ]);
  });

  it('says what each item waits for', () => {
    expect(checklist.map(deskState)).toEqual(['to_verify', 'to_verify', 'missing', 'done', 'problem']);
  });

  it('moves to the next item to verify, in rail order, wrapping', () => {
    expect(nextToVerify(checklist, null)?.key).toBe('form_part_1');
    expect(nextToVerify(checklist, 'form_part_1')?.key).toBe('diplomas:p1');
    expect(nextToVerify(checklist, 'diplomas:p1')?.key).toBe('form_part_1');
    const done = checklist.map((e) => ({ ...e, standing: 'received' as const, submitted: [] }));
    expect(nextToVerify(done, 'form_part_1')).toBeNull();
  });

  it('opens an item on the document submitted for it, and never on another item’s', () => {
    const documents = [
      doc('d-diploma', 'diplomas', 'p1'),
      doc('d-birth-dmitri', 'child_relationship_proof', 'p3'),
      doc('d-form', 'form_part_1', null),
      doc('d-letter', null, null, true),
      doc('d-loose', null, null),
      doc('d-pass', 'identity_document', 'p1'),
    ];
    expect(defaultDocument(checklist[0])).toBe('d-diploma');
    expect(defaultDocument(checklist[2])).toBeNull();
    expect(documentsOf(checklist[0], documents).map((d) => d.id)).toEqual(['d-diploma']);
    // The wrong default of old: no item is offered a document submitted for another by default.
    for (const e of checklist) {
      const first = defaultDocument(e);
      if (first) expect([...e.submitted, e.document_id]).toContain(first);
    }
    // Reassigning: the same person's or nobody's documents, the item's own first; never a
    // letter, never another person's.
    expect(plausibleFor(checklist[0], documents).map((d) => d.id)).toEqual(['d-diploma', 'd-loose', 'd-form', 'd-pass']);
    expect(plausibleFor(checklist[2], documents).map((d) => d.id)).toEqual(['d-loose', 'd-form']);
  });
});
