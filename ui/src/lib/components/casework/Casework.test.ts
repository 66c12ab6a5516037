import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import type { Action } from '../../bindings/Action';
import type { Casework as CaseworkView } from '../../bindings/Casework';
import type { Language } from '../../bindings/Language';
import type { RequestView } from '../../bindings/RequestView';
import { translate } from '../../i18n';
import { ACTION_LABEL } from '../../labels';
import { setLang } from '../../locale.svelte';
import { said } from '../../../test/fixtures';
import { mountAnnouncer } from '../../../test/announcer';
import Casework from './Casework.svelte';

const invokeMock = vi.mocked(invoke);

/**
 * How each step of the `Action` union shows on the casework panel: most as a button of
 * the actions' group; scheduling an interview and recording its outcome in the
 * interviews' form; `edit_file` only as the permission to change the file (the forms
 * below). A `Record` over the union: a variant added on the Rust side fails the check
 * here until it is given its place, and the test below then asks for its button.
 */
const SHOWN_AS: Record<Action, 'button' | 'interview-form' | 'permission'> = {
  start_admissibility_review: 'button',
  request_missing_items: 'button',
  missing_items_received: 'button',
  record_admissible: 'button',
  request_attestation: 'button',
  attestation_completed: 'button',
  schedule_interview: 'interview-form',
  record_interview_outcome: 'interview-form',
  send_intent_to_refuse: 'button',
  send_intent_to_reject: 'button',
  record_applicant_answer: 'button',
  propose_selection: 'button',
  propose_refusal: 'button',
  propose_rejection: 'button',
  send_back: 'button',
  approve_selection: 'button',
  approve_refusal: 'button',
  approve_rejection: 'button',
  request_administrative_review: 'button',
  record_supervised_amendment: 'button',
  edit_file: 'permission',
};

// Every variant, from the exhaustive map of labels (`Record<Action, …>`, so TypeScript
// fails there when the union gains one) — and, at the type level, nothing left out.
const ALL_ACTIONS = Object.keys(ACTION_LABEL) as Action[];
type Covered = keyof typeof ACTION_LABEL & keyof typeof SHOWN_AS;
const everyVariant: [Exclude<Action, Covered>] extends [never] ? true : false = true;
const BUTTONS = ALL_ACTIONS.filter((a) => SHOWN_AS[a] === 'button');

/** A missing-items request sent on 2024-03-04, open, 30 days left; `over` changes it. */
function request(over: Partial<RequestView> = {}): RequestView {
  return {
    id: 'r1',
    kind: 'missing_items',
    sent_at: '2024-03-04T15:00:00Z',
    deadline: '2024-05-03',
    days_left: 30,
    deadline_passed: false,
    open: true,
    closed_reason: null,
    parts: [],
    refusal_grounds: [],
    rejection_grounds: [],
    letter: null,
    ...over,
  };
}

function work(over: Partial<CaseworkView> = {}): CaseworkView {
  return {
    case_id: 'case-1',
    status: 'in_review',
    admissible: true,
    ai_notice_required: null,
    checklist: [],
    gaps: [],
    requests: [],
    attestation: [],
    interviews: [],
    fees: { due: 89500, error: null, paid: 89500, outstanding: 0, payments: [] },
    decisions: [],
    due: [],
    actions: ALL_ACTIONS.map((action) => ({ action, blocked: null })),
    suggested_rejection: [],
    ...over,
  };
}

function useInvoke(w: CaseworkView, extra: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    const a = (args ?? {}) as Record<string, unknown>;
    if (extra[cmd]) return extra[cmd](a);
    switch (cmd) {
      case 'casework':
        return w;
      case 'audit_trail':
        return [];
      default:
        throw { code: 'not_found', message: `unknown command ${cmd}` };
    }
  });
}

beforeEach(() => {
  invokeMock.mockReset();
  setLang('fr');
});

afterEach(() => vi.restoreAllMocks());

/** What a label must never look like: a message id (`work-action-…`, `work.action.…`, `some-id`). */
function looksLikeAnId(s: string): boolean {
  return /work-action-|work\.action\./.test(s) || /\p{Ll}-\p{Ll}/u.test(s);
}

async function buttons(): Promise<Map<string, HTMLButtonElement>> {
  const group = await screen.findByRole('group', { name: /Actions/ });
  const found = new Map<string, HTMLButtonElement>();
  for (const b of within(group).getAllByRole('button')) {
    const id = b.dataset.testid ?? '';
    if (id.startsWith('action-')) found.set(id.slice('action-'.length), b as HTMLButtonElement);
  }
  return found;
}

describe('Casework: the steps’ buttons', () => {
  it('gives every variant of the Action union its place', () => {
    expect(everyVariant).toBe(true);
    expect(Object.keys(SHOWN_AS).sort()).toEqual([...ALL_ACTIONS].sort());
    expect(BUTTONS).toContain('request_administrative_review');
  });

  for (const lang of ['fr', 'en'] as Language[]) {
    it(`labels every step’s button with the catalogue’s words, in ${lang === 'fr' ? 'French' : 'English'}`, async () => {
      setLang(lang);
      useInvoke(work());
      render(Casework, { caseId: 'case-1', documents: [] });
      const shown = await buttons();
      expect([...shown.keys()].sort()).toEqual([...BUTTONS].sort());
      for (const action of BUTTONS) {
        const label = translate(lang, ACTION_LABEL[action]);
        const text = shown.get(action)!.textContent?.trim() ?? '';
        expect(text, action).toBe(label);
        expect(text, action).not.toBe('');
        expect(text, action).not.toBe(ACTION_LABEL[action]);
        expect(looksLikeAnId(text), `${action}: ${text}`).toBe(false);
      }
      // The steps that send a letter say which letter their preview is for.
      for (const b of screen.getAllByRole('button', { name: new RegExp(translate(lang, 'letter-preview')) })) {
        const action = (b.dataset.testid ?? '').replace(/^preview-/, '') as Action;
        expect(b.getAttribute('aria-label')).toBe(translate(lang, 'letter-preview-of', { action: translate(lang, ACTION_LABEL[action]) }));
      }
    });
  }

  it('follows the language switch without reloading', async () => {
    useInvoke(work());
    render(Casework, { caseId: 'case-1', documents: [] });
    const before = await buttons();
    expect(before.get('request_administrative_review')!.textContent?.trim()).toBe(
      'Consigner une demande de révision administrative',
    );
    setLang('en');
    await waitFor(() =>
      expect(before.get('request_administrative_review')!.textContent?.trim()).toBe(
        'Record a request for administrative review',
      ),
    );
    expect(invokeMock.mock.calls.filter(([cmd]) => cmd === 'casework')).toHaveLength(1);
  });

  it('records a request for administrative review (D4) on the day it was received', async () => {
    const performed: unknown[] = [];
    useInvoke(work({ status: 'refused', actions: [{ action: 'request_administrative_review', blocked: null }] }), {
      perform: (a) => {
        performed.push(a.command);
        return work({ status: 'administrative_review', actions: [] });
      },
    });
    render(Casework, { caseId: 'case-1', documents: [] });
    const button = (await buttons()).get('request_administrative_review')!;
    expect(button.textContent?.trim()).toBe('Consigner une demande de révision administrative');
    // Its own small form: what the request says, and the day it was received (required).
    await fireEvent.click(button);
    const form = await screen.findByTestId('step-form-request_administrative_review');
    expect(screen.queryByTestId('work-text')).toBeNull();
    await fireEvent.input(within(form).getByTestId('step-text'), { target: { value: 'Demande reçue par courriel.' } });
    await fireEvent.click(within(form).getByTestId('step-submit-request_administrative_review'));
    expect(performed).toEqual([]);
    await fireEvent.input(within(form).getByTestId('step-day'), { target: { value: '2024-06-03' } });
    await fireEvent.blur(within(form).getByTestId('step-day'));
    await fireEvent.click(within(form).getByTestId('step-submit-request_administrative_review'));
    await waitFor(() =>
      expect(performed).toEqual([
        { command: 'request_administrative_review', received_on: '2024-06-03', note: 'Demande reçue par courriel.' },
      ]),
    );
  });

  it('gives each step that records words its own small form, which says when the words are missing', async () => {
    const performed: unknown[] = [];
    useInvoke(work({ actions: [{ action: 'record_applicant_answer', blocked: null }, { action: 'propose_selection', blocked: null }] }), {
      perform: (a) => {
        performed.push(a.command);
        return work({ actions: [] });
      },
    });
    render(Casework, { caseId: 'case-1', documents: [] });
    await fireEvent.click((await buttons()).get('record_applicant_answer')!);
    const form = await screen.findByTestId('step-form-record_applicant_answer');
    expect(within(form).getByLabelText('Résumé de la réponse de la personne requérante')).toBeTruthy();
    await fireEvent.click(within(form).getByTestId('step-submit-record_applicant_answer'));
    expect(await within(form).findByTestId('work-text-needed')).toBeTruthy();
    expect(performed).toEqual([]);
    // Another step replaces it with its own fields.
    await fireEvent.click((await buttons()).get('propose_selection')!);
    expect(screen.queryByTestId('step-form-record_applicant_answer')).toBeNull();
    const note = await screen.findByTestId('step-form-propose_selection');
    await fireEvent.input(within(note).getByTestId('step-text'), { target: { value: 'Toutes les conditions sont remplies.' } });
    await fireEvent.click(within(note).getByTestId('step-submit-propose_selection'));
    await waitFor(() =>
      expect(performed).toEqual([
        { command: 'propose_decision', decision: { decision: 'selected' }, note: 'Toutes les conditions sont remplies.' },
      ]),
    );
  });

  it('says why a step is not allowed, with its label', async () => {
    useInvoke(
      work({
        actions: [
          { action: 'request_administrative_review', blocked: { id: 'rule-only-refusal-or-rejection-can-reviewed', args: {} } },
          { action: 'send_back', blocked: said('Pas maintenant', 'Not now') },
        ],
      }),
    );
    render(Casework, { caseId: 'case-1', documents: [] });
    const review = (await buttons()).get('request_administrative_review')!;
    expect(review.disabled).toBe(true);
    const why = screen.getByTestId('blocked-request_administrative_review');
    expect(why.textContent).toBe(
      `Consigner une demande de révision administrative — ${translate('fr', 'rule-only-refusal-or-rejection-can-reviewed')}`,
    );
    expect(review.getAttribute('aria-describedby')).toBe(why.id);
    expect(screen.getByTestId('blocked-send_back').textContent).toBe('Renvoyer à l’agent — Pas maintenant');
  });
});

describe('Casework: what the file holds, in words', () => {
  it('names requests, decisions and their review, and counts days as each language does', async () => {
    useInvoke(
      work({
        actions: [],
        requests: [
          request({
            days_left: 1,
            parts: [{ key: 'diploma', label: { id: 'item-label', args: { item: { type: 'bilingual', value: { fr: 'Diplôme', en: 'Diploma' } } } }, closed: false, answered_by: null }],
          }),
          request({
            id: 'r2',
            kind: 'intent_to_refuse',
            deadline: '2024-06-03',
            days_left: 12,
            refusal_grounds: ['nothing_sent'],
          }),
        ],
        decisions: [
          {
            id: 'dec-1',
            decision: { decision: 'refused', grounds: ['nothing_sent'] },
            note: '',
            proposed_by: 'agent.tremblay',
            proposed_at: '2024-05-04T14:00:00Z',
            reviewed_by: 'sup.roy',
            reviewed_at: '2024-05-05T14:00:00Z',
            outcome: 'sent_back',
            comment: 'À revoir',
            certificates: [],
            letter: null,
          },
          {
            id: 'dec-2',
            decision: { decision: 'selected' },
            note: '',
            proposed_by: 'agent.tremblay',
            proposed_at: '2024-05-06T14:00:00Z',
            reviewed_by: 'sup.roy',
            reviewed_at: '2024-05-07T14:00:00Z',
            outcome: 'approved',
            comment: null,
            certificates: [],
            letter: 'doc-9',
          },
        ],
      }),
    );
    render(Casework, { caseId: 'case-1', documents: [] });
    const requests = await screen.findAllByTestId('request');
    // The letters' shared names (names.ftl), capitalised by CSS.
    const names = requests.map((r) => r.querySelector('strong')!);
    expect(names.map((n) => n.textContent)).toEqual(['demande d’éléments manquants', 'lettre d’intention de refus']);
    expect(names.every((n) => n.classList.contains('first-upper'))).toBe(true);
    expect(requests[0].textContent).toContain('(1 jour)');
    expect(requests[1].textContent).toContain('(12 jours)');
    expect(within(requests[0]).getByTestId('request-part').textContent).toBe('✗ Diplôme');

    const decisions = screen.getAllByTestId('decision');
    expect(decisions.map((d) => d.dataset.outcome)).toEqual(['sent_back', 'approved']);
    expect(decisions.map((d) => d.querySelector('strong')!.textContent)).toEqual(['refus', 'sélection']);
    expect(within(decisions[0]).getByTestId('decision-outcome').textContent?.trim()).toBe('Renvoyée · sup.roy À revoir');
    expect(within(decisions[1]).getByTestId('decision-outcome').textContent?.trim()).toBe('Approuvée · sup.roy');

    setLang('en');
    await waitFor(() => expect(requests[0].textContent).toContain('(1 day)'));
    expect(requests[1].textContent).toContain('(12 days)');
    expect(names.map((n) => n.textContent)).toEqual(['missing-items request', 'letter of intent to refuse']);
    expect(within(decisions[0]).getByTestId('decision-outcome').textContent?.trim()).toBe('Sent back · sup.roy À revoir');
    expect(within(decisions[1]).getByTestId('decision-outcome').textContent?.trim()).toBe('Approved · sup.roy');
  });

  it('says why a request was closed, in words', async () => {
    useInvoke(
      work({
        actions: [],
        requests: [
          request({
            days_left: 0,
            open: false,
            closed_reason: 'received',
          }),
        ],
      }),
    );
    render(Casework, { caseId: 'case-1', documents: [] });
    const [shown] = await screen.findAllByTestId('request');
    expect(shown.textContent).toContain('fermée\u00a0: tout ce qui était demandé est reçu');
    setLang('en');
    await waitFor(() => expect(shown.textContent).toContain('closed: everything asked for was received'));
  });

  it('names a person’s checklist item and exemption as the rules do', async () => {
    useInvoke(
      work({
        actions: [],
        checklist: [
          {
            key: 'diploma:p1',
            code: 'diploma',
            person_id: 'p1',
            person_name: 'Nguyen, Thi Lan',
            label: { fr: 'Diplôme', en: 'Diploma' },
            is_form: false,
            standing: 'flagged',
            document_id: 'd3',
            flags: [{ id: 'flag-damaged-file', args: {} }],
            comment: null,
            defects: [],
            submitted: [],
          },
        ],
        attestation: [
          {
            person_id: 'p3',
            name: 'Tran, An',
            role: 'dependent_child',
            standing: { state: 'exempt_recorded', exemption: { exemption: 'under_age', min_age: 18 }, reason: 'Moins de 18 ans' },
          },
        ],
      }),
    );
    render(Casework, { caseId: 'case-1', documents: [] });
    const item = await screen.findByTestId('checklist-item');
    expect(within(item).getByRole('rowheader').textContent).toBe(
      translate('fr', 'item-label-of', { item: 'Diplôme', name: 'Nguyen, Thi Lan' }),
    );
    expect(within(item).getByTestId('item-flags').textContent).toContain(translate('fr', 'flag-damaged-file'));
    const exemption = screen.getByTestId('attestation-exemption').textContent?.trim();
    const label = translate('fr', 'exemption-under-age');
    expect(exemption).toBe(`— ${label} (18)\u00a0: Moins de 18 ans`);
    setLang('en');
    await waitFor(() =>
      expect(screen.getByTestId('attestation-exemption').textContent?.trim()).toBe(
        `— ${translate('en', 'exemption-under-age')} (18): Moins de 18 ans`,
      ),
    );
  });
});

describe('Casework: what a screen reader hears', () => {
  const refusal = {
    code: 'rules.unmet',
    message: 'the checklist is not complete',
    reason: said('La liste de vérification n’est pas complète', 'The checklist is not complete'),
  };

  for (const lang of ['fr', 'en'] as Language[]) {
    it(`says a refused step and its reason in the live region, in ${lang === 'fr' ? 'French' : 'English'}`, async () => {
      setLang(lang);
      const live = mountAnnouncer();
      // The region is there, empty, before the step: a region added with its words is not read.
      const region = live();
      expect(region.getAttribute('role')).toBe('status');
      expect(region.getAttribute('aria-live')).toBe('polite');
      expect(region.textContent).toBe('');
      useInvoke(work({ actions: [{ action: 'record_admissible', blocked: null }] }), {
        perform: () => {
          throw refusal;
        },
      });
      render(Casework, { caseId: 'case-1', documents: [] });
      await fireEvent.click((await buttons()).get('record_admissible')!);
      const said = lang === 'fr' ? 'Refusé\u00a0: La liste de vérification n’est pas complète' : 'Refused: The checklist is not complete';
      await waitFor(() => expect(live().textContent).toBe(said));
      expect(live()).toBe(region);
      // Shown on the panel too, but not an alert: it is said once.
      const shown = screen.getByTestId('casework-error');
      expect(shown.textContent?.trim()).toBe(said);
      expect(shown.getAttribute('role')).toBeNull();
      // No other live region says it.
      const regions = [...document.querySelectorAll('[role="status"], [role="alert"], [aria-live]')];
      expect(regions.filter((r) => r.textContent?.includes(said))).toEqual([region]);
    });
  }

  it('says a step done, and a letter sent when the step sent one', async () => {
    const live = mountAnnouncer();
    const letterSent = work({
      actions: [{ action: 'request_missing_items', blocked: null }],
      requests: [
        request({
          letter: 'doc-7',
        }),
      ],
    });
    let next = work({ actions: [{ action: 'start_admissibility_review', blocked: null }, { action: 'request_missing_items', blocked: null }] });
    useInvoke(next, { perform: () => next });
    const onopen = vi.fn();
    render(Casework, { caseId: 'case-1', documents: [], onopen });
    await fireEvent.click((await buttons()).get('start_admissibility_review')!);
    await waitFor(() => expect(live().textContent).toBe('Étape consignée'));
    next = letterSent;
    await fireEvent.click((await buttons()).get('request_missing_items')!);
    await waitFor(() => expect(live().textContent).toBe('Lettre envoyée'));
    expect(onopen).toHaveBeenCalledWith('doc-7');
  });

  it('says the letter sent from its preview, once the dialog is closed', async () => {
    const live = mountAnnouncer();
    const before = work({ actions: [{ action: 'request_missing_items', blocked: null }] });
    const after = work({
      actions: [],
      requests: [
        request({
          letter: 'doc-8',
        }),
      ],
    });
    let current = before;
    useInvoke(before, {
      casework: () => current,
      preview_letter: () => ({
        kind: 'missing_items_request',
        language: 'fr',
        file_number: '2024-AI-000001',
        title: 'Demande',
        paragraphs: [{ type: 'lines', text: ['Bonjour'] }],
      }),
      perform: () => (current = after),
    });
    setLang('en');
    render(Casework, { caseId: 'case-1', documents: [], onopen: vi.fn() });
    await fireEvent.click(await screen.findByTestId('preview-request_missing_items'));
    const dialog = await screen.findByRole('dialog');
    expect(live().textContent).toBe('');
    await fireEvent.click(within(dialog).getByTestId('letter-preview-send'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(live().textContent).toBe('Letter sent'));
  });

  it('says the same words again for the next step (the region empties first)', async () => {
    const live = mountAnnouncer();
    const w = work({ actions: [{ action: 'missing_items_received', blocked: null }] });
    useInvoke(w, { perform: () => w });
    render(Casework, { caseId: 'case-1', documents: [] });
    await fireEvent.click((await buttons()).get('missing_items_received')!);
    await waitFor(() => expect(live().textContent).toBe('Étape consignée'));
    await fireEvent.click((await buttons()).get('missing_items_received')!);
    await waitFor(() => expect(live().textContent).toBe(''));
    await waitFor(() => expect(live().textContent).toBe('Étape consignée'));
  });

  it('keeps an alert for a file that could not be read (no step said it)', async () => {
    const live = mountAnnouncer();
    invokeMock.mockImplementation(async () => {
      throw { code: 'store.io', message: 'disk full' };
    });
    render(Casework, { caseId: 'case-1', documents: [] });
    const box = await screen.findByTestId('casework-error');
    expect(box.getAttribute('role')).toBe('alert');
    expect(live().textContent).toBe('');
  });
});

describe('Casework: marks that mean something carry words', () => {
  it('says whether each part of a request is settled or outstanding, not by the mark alone', async () => {
    useInvoke(
      work({
        actions: [],
        requests: [
          request({
            days_left: 3,
            parts: [
              { key: 'diploma', label: said('Diplôme', 'Diploma'), closed: true, answered_by: null },
              { key: 'passport', label: said('Passeport', 'Passport'), closed: false, answered_by: null },
              { key: 'photo', label: said('Photo', 'Photo'), closed: false, answered_by: 'doc-9' },
            ],
          }),
        ],
      }),
    );
    render(Casework, { caseId: 'case-1', documents: [] });
    const parts = await screen.findAllByTestId('request-part');
    const marks = parts.map((p) => within(p).getByTestId('request-part-mark'));
    expect(marks.map((m) => m.getAttribute('role'))).toEqual(['img', 'img', 'img']);
    expect(marks.map((m) => m.getAttribute('aria-label'))).toEqual(['Réglé', 'En attente', 'réponse reçue, à vérifier']);
    expect(within(parts[0]).getByRole('img', { name: 'Réglé' }).textContent).toBe('✓');
    // A part the applicant answered (F4) says so beside its label, until the officer verifies it.
    expect(parts[2].getAttribute('data-answered')).toBe('true');
    expect(parts[2].textContent).toContain('réponse reçue, à vérifier');
    setLang('en');
    await waitFor(() =>
      expect(marks.map((m) => m.getAttribute('aria-label'))).toEqual(['Settled', 'Outstanding', 'answered, to verify']),
    );
  });

  it('names each checklist standing in words beside its mark', async () => {
    const standings = ['missing', 'received', 'flagged', 'letter_pending', 'letter_accepted', 'letter_refused'] as const;
    useInvoke(
      work({
        actions: [],
        checklist: standings.map((standing, i) => ({
          key: `item-${i}`,
          code: `item-${i}`,
          person_id: null,
          person_name: null,
          label: { fr: `Élément ${i}`, en: `Item ${i}` },
          is_form: false,
          standing,
          document_id: null,
          flags: [],
          comment: null,
          defects: [],
          submitted: [],
        })),
      }),
    );
    render(Casework, { caseId: 'case-1', documents: [] });
    const rows = await screen.findAllByTestId('checklist-item');
    const words = rows.map((r) => r.querySelector('td')!.textContent ?? '');
    // Each in letters, not only a mark or a colour; and no two the same.
    for (const w of words) expect(w).toMatch(/\p{L}{4,}/u);
    expect(new Set(words).size).toBe(standings.length);
  });
});

describe('Casework: receiving an item never defaults to another item’s document', () => {
  it('offers the document submitted for the item first, and nothing chosen otherwise', async () => {
    const { documents } = await import('../../../test/fixtures');
    const entry = (key: string, person: string | null, submitted: string[]) => ({
      key,
      code: key.split(':')[0],
      person_id: person,
      person_name: person ? 'Nguyen, Thi Lan' : null,
      label: { fr: `Élément ${key}`, en: `Item ${key}` },
      is_form: false,
      standing: 'missing' as const,
      document_id: null,
      flags: [],
      comment: null,
      defects: [],
      submitted,
    });
    useInvoke(
      work({
        status: 'admissibility_review',
        checklist: [entry('identity:p1', 'p1', ['d1']), entry('employer_documents', null, [])],
      }),
    );
    render(Casework, { caseId: 'case-1', documents: documents() });
    const rows = await screen.findAllByTestId('checklist-item');
    const select = (i: number) => within(rows[i]).getByTestId('receive-document') as HTMLSelectElement;
    // The passport submitted for the passport item.
    expect(select(0).value).toBe('d1');
    expect((within(rows[0]).getByTestId('receive-item') as HTMLButtonElement).disabled).toBe(false);
    // An item nothing was submitted for: no default, and the button waits for a choice;
    // the choices are nobody's documents (never another person's, never a letter).
    expect(select(1).value).toBe('');
    expect((within(rows[1]).getByTestId('receive-item') as HTMLButtonElement).disabled).toBe(true);
    const offered = [...select(1).options].map((o) => o.value).filter(Boolean);
    expect(offered).toEqual(['d4', 'd3']);
  });
});
