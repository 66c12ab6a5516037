import type { ChecklistEntry } from '../lib/bindings/ChecklistEntry';
// Fake data and a fake `invoke` for the UI tests.
import type { AppInfo } from '../lib/bindings/AppInfo';
import type { CaseDetail } from '../lib/bindings/CaseDetail';
import type { CaseRow } from '../lib/bindings/CaseRow';
import type { DocumentInfoView } from '../lib/bindings/DocumentInfoView';
import type { DocumentView } from '../lib/bindings/DocumentView';
import type { SearchResults } from '../lib/bindings/SearchResults';
import type { Page } from '../lib/bindings/Page';
import type { QueueQuery } from '../lib/bindings/QueueQuery';
import type { Text } from '../lib/bindings/Text';

/** Free words from the backend, in French and English, as a message (`reason-as-given`). */
export function said(fr: string, en: string): Text {
  return { id: 'reason-as-given', args: { text: { type: 'bilingual', value: { fr, en } } } };
}

export const appInfo: AppInfo = {
  store_path: '/tmp/dossier.db',
  user: 'mtremblay',
  role: 'officer',
  case_count: 300,
  pdfium: { available: true, message: 'ok' },
  program: {
    short_name: { fr: 'PP IA/TI-EV', en: 'PP AI/IT-VE' },
    streams: [
      { stream: 'ai', form: 'A-0524-AA', name: { fr: 'Volet intelligence artificielle', en: 'Artificial intelligence stream' }, short: { fr: 'IA', en: 'AI' } },
      {
        stream: 'it_vfx',
        form: 'A-0524-BA',
        name: { fr: 'Volet technologies de l’information et effets visuels', en: 'Information technologies and visual effects stream' },
        short: { fr: 'TI-EV', en: 'IT-VFX' },
      },
    ],
    profiles: [
      { profile: 'francization', name: { fr: 'Profil Francisation', en: 'Francization profile' }, short: { fr: 'Francisation', en: 'Francization' } },
      { profile: 'regular', name: { fr: 'Sans profil Francisation', en: 'Not in the Francization profile' }, short: { fr: 'Régulier', en: 'Regular' } },
    ],
  },
};

export function row(i: number, over: Partial<CaseRow> = {}): CaseRow {
  const n = String(i + 1).padStart(6, '0');
  return {
    id: `case-${i + 1}`,
    file_number: `2024-AI-${n}`,
    principal_name: `Nom${i + 1}, Prénom`,
    stream: i % 2 === 0 ? 'ai' : 'it_vfx',
    profile: i % 3 === 0 ? 'francization' : 'regular',
    status: 'in_review',
    received_at: '2024-01-05T19:03:00Z',
    next_deadline: '2024-02-12',
    days_left: 9,
    assigned_to: null,
    ...over,
  };
}

export function page(query: QueueQuery, total = 300): Page<CaseRow> {
  const count = Math.max(0, Math.min(query.limit, total - query.offset));
  return {
    items: Array.from({ length: count }, (_, k) => row(query.offset + k)),
    total,
    offset: query.offset,
    limit: query.limit,
  };
}

export function detail(r: CaseRow): CaseDetail {
  return {
    row: r,
    language: 'fr',
    persons: [
      {
        id: 'p1',
        role: 'principal_applicant',
        family_name: 'Nguyen',
        given_names: 'Thi Lan',
        date_of_birth: '1990-03-14',
        age: 33,
        attestation_held: true,
        removed: false,
      },
      {
        id: 'p2',
        role: 'spouse',
        family_name: 'Tran',
        given_names: 'Minh',
        date_of_birth: '1988-07-02',
        age: 35,
        attestation_held: false,
        removed: false,
      },
      {
        id: 'p3',
        role: 'dependent_child',
        family_name: 'Tran',
        given_names: 'An',
        date_of_birth: '2015-09-30',
        age: 8,
        attestation_held: false,
        removed: true,
      },
    ],
    representative: null,
    documents: documents(r.id),
    operation_count: 12,
  };
}

const LETTER = { width: 612, height: 792, pages: 1 };

/** A file's documents: a clean passport, a greyscale certificate with a blank page, a
 * corrupt scan filed under an item the program no longer names, and one that was never
 * checked nor filed under an item. */
export function documents(caseId = 'case-1'): DocumentView[] {
  const base = {
    case_id: caseId,
    sha256: 'ab'.repeat(32),
    byte_size: 1_572_864,
    received_at: '2023-11-24T15:02:00Z',
    dismissals: [],
    letter: null,
  };
  return [
    {
      ...base,
      id: 'd1',
      person_id: 'p1',
      checklist_code: 'identity',
      item_label: { fr: 'Passeport', en: 'Passport' },
      file_name: 'passeport.pdf',
      quality: { page_count: 3, page_sizes: [{ ...LETTER, pages: 3 }], checked_pages: 3, flags: [] },
    },
    {
      ...base,
      id: 'd2',
      person_id: 'p3',
      checklist_code: 'relationship_proof',
      item_label: { fr: 'Preuve de l’union', en: 'Proof of the relationship' },
      file_name: 'acte-naissance.pdf',
      quality: {
        page_count: 2,
        page_sizes: [{ ...LETTER, pages: 2 }],
        checked_pages: 2,
        flags: [
          { kind: 'blank_pages', pages: [2] },
          { kind: 'not_in_colour', mode: 'greyscale' },
        ],
      },
    },
    {
      ...base,
      id: 'd3',
      person_id: null,
      checklist_code: 'diploma',
      item_label: null,
      file_name: 'diplome-illisible.pdf',
      quality: { page_count: null, page_sizes: [], checked_pages: 0, flags: [{ kind: 'corrupt', detail: 'xref' }] },
    },
    { ...base, id: 'd4', person_id: null, checklist_code: null, item_label: null, file_name: 'inconnu.pdf', quality: null },
  ];
}

/** What `document_info` answers for the documents above (d3 is corrupt). */
export function documentInfo(id: string): DocumentInfoView {
  const doc = documents().find((d) => d.id === id);
  if (!doc) throw { code: 'store.document_not_found', message: `no document with id ${id} in this store` };
  if (id === 'd3') {
    throw {
      code: 'pdf.corrupt',
      message: 'the PDF is damaged and cannot be read (xref); ask the applicant to send it again',
    };
  }
  const count = doc.quality?.page_count ?? 1;
  return {
    document: doc,
    page_count: count,
    page_sizes: Array.from({ length: count }, () => ({ width: 612, height: 792 })),
  };
}

/** Two hits for "Tremblay": page 1 and page 2 of d1. */
export const searchResults: SearchResults = {
  hits: [
    { page: 1, text: 'TREMBLAY', rects: [{ left: 72, top: 100, width: 120, height: 14 }] },
    { page: 2, text: 'Tremblay', rects: [{ left: 306, top: 396, width: 60, height: 12 }] },
  ],
  truncated: false,
};

/** A checklist item keyed `code` or `code:person`, missing, nothing submitted; `over` changes it. */
export function checklistEntry(key: string, over: Partial<ChecklistEntry> = {}): ChecklistEntry {
  return {
    key,
    code: key.split(':')[0],
    person_id: null,
    person_name: null,
    label: { fr: `Élément ${key}`, en: `Item ${key}` },
    is_form: false,
    standing: 'missing',
    document_id: null,
    flags: [],
    comment: null,
    defects: [],
    submitted: [],
    ...over,
  };
}
