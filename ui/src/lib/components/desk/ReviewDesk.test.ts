import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import type { Casework } from '../../bindings/Casework';
import type { ChecklistEntry } from '../../bindings/ChecklistEntry';
import type { CaseworkCommand } from '../../bindings/CaseworkCommand';
import { setLang } from '../../locale.svelte';
import { checklistEntry as entry, documentInfo, documents } from '../../../test/fixtures';
import { wcagViolations } from '../../../test/axe';
import ReviewDesk from './ReviewDesk.svelte';

const invokeMock = vi.mocked(invoke);

/** A file of three items, each with its document submitted (the fixtures' d1, d2, d4). */
function casework(checklist: ChecklistEntry[]): Casework {
  return {
    case_id: 'case-1',
    status: 'admissibility_review',
    admissible: checklist.every((c) => c.standing === 'received'),
    ai_notice_required: null,
    checklist,
    gaps: [],
    requests: [],
    attestation: [],
    interviews: [],
    fees: { due: 89500, error: null, paid: 89500, outstanding: 0, payments: [] },
    decisions: [],
    due: [],
    actions: [
      { action: 'edit_file', blocked: null },
      {
        action: 'record_admissible',
        blocked: checklist.every((c) => c.standing === 'received') ? null : { id: 'rule-file-incomplete-request-missing-items', args: {} },
      },
    ],
    suggested_rejection: [],
  };
}

let items: ChecklistEntry[];

beforeEach(() => {
  setLang('fr');
  invokeMock.mockReset();
  items = [
    entry('identity:p1', { person_id: 'p1', person_name: 'Nguyen, Thi Lan', submitted: ['d1'] }),
    entry('relationship_proof:p3', { person_id: 'p3', person_name: 'Tran, An', submitted: ['d2'] }),
    entry('form_part_1', { is_form: true, submitted: ['d4'] }),
  ];
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    const a = args as Record<string, unknown>;
    if (cmd === 'document_info') return documentInfo(a.documentId as string);
    if (cmd === 'perform') {
      const c = a.command as CaseworkCommand;
      if (c.command === 'receive_item' || c.command === 'mark_defective') {
        items = items.map((e) =>
          e.code === c.code && e.person_id === c.person_id
            ? {
                ...e,
                standing: c.command === 'receive_item' ? 'received' : 'defective',
                document_id: c.document_id,
                submitted: e.submitted.filter((d) => d !== c.document_id),
                defects: c.command === 'mark_defective' ? c.defects : [],
              }
            : e,
        );
      }
      return casework(items);
    }
    throw { code: 'not_found', message: cmd };
  });
});

function key(k: string) {
  return fireEvent.keyDown(document.body, { key: k });
}

function performed(): CaseworkCommand[] {
  return invokeMock.mock.calls.filter(([c]) => c === 'perform').map(([, a]) => (a as { command: CaseworkCommand }).command);
}

describe('ReviewDesk: the checklist beside the page, one key per item', () => {
  it('shows the rail grouped by person, the first item to verify open on its own document', async () => {
    render(ReviewDesk, { caseId: 'case-1', work: casework(items), documents: documents() });
    const rail = screen.getByTestId('desk-rail');
    expect(within(rail).getAllByRole('heading').map((h) => h.textContent)).toEqual(['Dossier', 'Nguyen, Thi Lan', 'Tran, An', 'À classer']);
    expect(screen.getByTestId('desk-remaining').textContent).toBe('3 éléments à vérifier');
    const current = rail.querySelector('[aria-current="true"]') as HTMLElement;
    expect(current.dataset.key).toBe('form_part_1');
    await waitFor(() => expect(screen.getByTestId('open-document').dataset.documentId).toBe('d4'));
    expect(screen.getByTestId('item-document').textContent).toContain('soumis pour cet élément');
    expect(await wcagViolations(document.body)).toEqual([]);
  });

  it('verifies every item with one key each, then offers the next step, focused', async () => {
    render(ReviewDesk, { caseId: 'case-1', work: casework(items), documents: documents() });
    await screen.findByTestId('open-document');
    for (let i = 0; i < 3; i++) {
      const before = performed().length;
      await key('v');
      await waitFor(() => expect(performed().length).toBe(before + 1));
    }
    expect(performed()).toEqual([
      { command: 'receive_item', code: 'form_part_1', person_id: null, document_id: 'd4' },
      { command: 'receive_item', code: 'identity', person_id: 'p1', document_id: 'd1' },
      { command: 'receive_item', code: 'relationship_proof', person_id: 'p3', document_id: 'd2' },
    ]);
    const step = await screen.findByTestId('desk-step-record_admissible');
    await waitFor(() => expect(document.activeElement).toBe(step));
    expect(screen.getByTestId('desk-remaining').textContent).toBe('Rien à vérifier');
  });

  it('j and k move along the rail; d opens the defects, Space ticks the first, Enter records it', async () => {
    render(ReviewDesk, { caseId: 'case-1', work: casework(items), documents: documents() });
    await screen.findByTestId('open-document');
    await key('j');
    await waitFor(() => expect(screen.getByTestId('item-pane').dataset.key).toBe('identity:p1'));
    await key('j');
    await key('k');
    await waitFor(() => expect(screen.getByTestId('item-pane').dataset.key).toBe('identity:p1'));
    await key('j');
    await waitFor(() => expect(screen.getByTestId('item-pane').dataset.key).toBe('relationship_proof:p3'));
    await key('d');
    const first = (await screen.findByTestId('defect-not_colour_scan')) as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(first));
    // A document offers no form defect (F1 is a form's).
    expect(screen.queryByTestId('defect-not_dated_or_signed')).toBeNull();
    await fireEvent.click(first);
    await fireEvent.keyDown(first, { key: 'Enter' });
    await waitFor(() =>
      expect(performed().at(-1)).toEqual({
        command: 'mark_defective',
        code: 'relationship_proof',
        person_id: 'p3',
        document_id: 'd2',
        defects: ['not_colour_scan'],
        note: '',
      }),
    );
  });

  it('refuses to record a defect without one, and Escape closes the form', async () => {
    render(ReviewDesk, { caseId: 'case-1', work: casework(items), documents: documents() });
    await screen.findByTestId('open-document');
    await key('d');
    await screen.findByTestId('defective-form');
    await fireEvent.submit(screen.getByTestId('defective-form'));
    expect(await screen.findByTestId('defects-missing')).toBeTruthy();
    expect(performed()).toEqual([]);
    // A form's defects come first for a form.
    expect(screen.getByTestId('defect-not_dated_or_signed')).toBeTruthy();
    await fireEvent.keyDown(screen.getByTestId('defect-not_dated_or_signed'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('defective-form')).toBeNull());
  });

  it('says in one line why the file cannot change, the reason behind a disclosure', async () => {
    const locked = casework(items);
    locked.actions = [{ action: 'edit_file', blocked: { id: 'refusal-csq-was-issued-changes-go-through-supervised', args: {} } }];
    render(ReviewDesk, { caseId: 'case-1', work: locked, documents: documents() });
    expect(screen.getByTestId('desk-blocked').textContent).toBe('Le dossier ne peut plus changer ainsi.');
    expect(screen.queryByTestId('desk-receive')).toBeNull();
    await key('v');
    expect(performed()).toEqual([]);
  });
});

describe('ReviewDesk: documents filed under no item', () => {
  it('lists them to classify, and records one for the item the officer chooses', async () => {
    render(ReviewDesk, { caseId: 'case-1', work: casework(items), documents: documents() });
    const loose = await screen.findAllByTestId('rail-loose');
    expect(loose.map((b) => b.dataset.documentId)).toEqual(['d4']);
    await fireEvent.click(loose[0]);
    await waitFor(() => expect(screen.getByTestId('open-document').dataset.documentId).toBe('d4'));
    const select = screen.getByTestId('classify-item') as HTMLSelectElement;
    // A document of nobody may answer any item.
    expect([...select.options].map((o) => o.value).filter(Boolean)).toEqual(['form_part_1', 'identity:p1', 'relationship_proof:p3']);
    await fireEvent.change(select, { target: { value: 'identity:p1' } });
    await fireEvent.click(screen.getByTestId('classify-submit'));
    await waitFor(() =>
      expect(performed().at(-1)).toEqual({ command: 'receive_item', code: 'identity', person_id: 'p1', document_id: 'd4' }),
    );
  });
});

describe('ReviewDesk: the file’s next step', () => {
  it('keeps the request for what is missing at hand while items remain', async () => {
    const w = casework(items);
    w.actions.push({ action: 'request_missing_items', blocked: null });
    render(ReviewDesk, { caseId: 'case-1', work: w, documents: documents() });
    const next = await screen.findByTestId('desk-next');
    expect(within(next).getByRole('heading').textContent).toBe('Étape du dossier');
    await fireEvent.click(within(next).getByTestId('desk-step-request_missing_items'));
    await waitFor(() => expect(performed().at(-1)).toEqual({ command: 'request_missing_items' }));
  });
});
