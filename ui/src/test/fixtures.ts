// Fake data and a fake `invoke` for the UI tests.
import type { AppInfo } from '../lib/bindings/AppInfo';
import type { CaseDetail } from '../lib/bindings/CaseDetail';
import type { CaseRow } from '../lib/bindings/CaseRow';
import type { Page } from '../lib/bindings/Page';
import type { QueueQuery } from '../lib/bindings/QueueQuery';

export const appInfo: AppInfo = {
  store_path: '/tmp/dossier.db',
  user: 'mtremblay',
  role: 'officer',
  case_count: 300,
  pdfium: { available: true, message: 'ok' },
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
    documents: [
      {
        id: 'd1',
        person_id: 'p1',
        checklist_code: 'passport',
        file_name: 'passeport.pdf',
        sha256: 'ab'.repeat(32),
        byte_size: 1_572_864,
        received_at: '2023-11-24T15:02:00Z',
      },
    ],
    operation_count: 12,
  };
}
