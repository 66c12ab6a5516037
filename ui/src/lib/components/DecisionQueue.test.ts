import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import type { ProposalView } from '../bindings/ProposalView';
import type { RenderedLetter } from '../bindings/RenderedLetter';
import type { Text } from '../bindings/Text';
import { api } from '../api';
import { renderText } from '../i18n';
import { setLang } from '../locale.svelte';
import { row, said } from '../../test/fixtures';
import { mountAnnouncer } from '../../test/announcer';
import DecisionQueue from './DecisionQueue.svelte';

const invokeMock = vi.mocked(invoke);

function itemOf(fr: string, en: string, name: string): Text {
  return { id: 'item-label-of', args: { item: { type: 'bilingual', value: { fr, en } }, name: { type: 'plain', value: name } } };
}

function proposal(over: Partial<ProposalView> = {}): ProposalView {
  return {
    case: row(56, { status: 'decision_proposed', principal_name: 'Kim, Ishaan' }),
    proposal: {
      id: 'dec-1',
      decision: { decision: 'rejected', grounds: ['missing_items_not_provided'] },
      note: 'Aucun élément reçu.',
      proposed_by: 'agent.tremblay',
      proposed_at: '2024-05-04T14:00:00Z',
      reviewed_by: null,
      reviewed_at: null,
      outcome: null,
      comment: null,
      certificates: [],
      letter: null,
    },
    complete: false,
    missing: [
      // As the backend names a person's item (names.ftl: `item-label-of`).
      itemOf('Acte de naissance', 'Birth certificate', 'Ishaan Kim'),
      itemOf('Diplômes', 'Diplomas', 'Ishaan Kim'),
    ],
    requests: [
      {
        id: 'req-1',
        kind: 'missing_items',
        sent_at: '2024-03-04T15:00:00Z',
        deadline: '2024-05-03',
        days_left: -1,
        deadline_passed: true,
        open: true,
        closed_reason: null,
        parts: [],
        refusal_grounds: [],
        rejection_grounds: [],
        letter: 'doc-9',
      },
    ],
    attestation: [],
    fees: { due: 89500, error: null, paid: 89500, outstanding: 0, payments: [] },
    documents: 7,
    approve: { action: 'approve_rejection', blocked: null },
    send_back: { action: 'send_back', blocked: null },
    ...over,
  };
}

beforeEach(() => {
  invokeMock.mockReset();
  setLang('fr');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const letter: RenderedLetter = {
  kind: 'rejection',
  language: 'en',
  file_number: '2024-AI-000057',
  title: 'Decision: rejection',
  paragraphs: [{ type: 'lines', text: ['Your application is rejected.'] }],
};

/** A second proposal, for another file. */
function other(): ProposalView {
  const p = proposal({ case: row(57, { status: 'decision_proposed', principal_name: 'Roy, Léa' }) });
  return { ...p, proposal: { ...p.proposal, id: 'dec-2' } };
}

/**
 * A fake backend holding the queue: `perform` takes the proposal out of it (approved or
 * sent back) unless `failure` says what to throw; `preview_letter` returns `preview`.
 */
function backend(opts: { queue: ProposalView[]; preview?: RenderedLetter | null; failure?: unknown }) {
  let queue = [...opts.queue];
  const calls: { cmd: string; args: unknown }[] = [];
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case 'proposals_to_review':
        return queue;
      case 'preview_letter':
        return opts.preview === undefined ? letter : opts.preview;
      case 'perform': {
        if (opts.failure) throw opts.failure;
        const id = (args as { id: string }).id;
        queue = queue.filter((q) => q.case.id !== id);
        return {};
      }
      default:
        throw { code: 'not_found', message: cmd };
    }
  });
  return {
    calls,
    count: (cmd: string) => calls.filter((c) => c.cmd === cmd).length,
    performed: () => calls.filter((c) => c.cmd === 'perform').map((c) => c.args),
  };
}

const cardOf = async (file: string) =>
  (await screen.findAllByTestId('proposal')).find((c) => c.dataset.fileNumber === file)!;

describe('DecisionQueue', () => {
  it('lists each proposal with what supports it, and opens its file', async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'proposals_to_review') return [proposal()];
      throw { code: 'not_found', message: cmd };
    });
    const onopen = vi.fn();
    render(DecisionQueue, { onopen });
    const card = await screen.findByTestId('proposal');
    expect(card.dataset.fileNumber).toBe('2024-AI-000057');
    expect(within(card).getByRole('heading', { level: 3 }).textContent).toContain('Kim, Ishaan');
    // The decision's shared name (decision-name-rejection), capitalised by CSS.
    expect(within(card).getByRole('heading', { level: 3 }).textContent).toContain('· rejet');
    expect(within(card).getByText('rejet').classList.contains('first-upper')).toBe(true);
    expect(within(card).getByTestId('proposal-note').textContent).toBe('Aucun élément reçu.');
    const checklist = within(card).getByTestId('proposal-checklist');
    expect(checklist.textContent).toContain('2 éléments manquants');
    expect(checklist.textContent).toContain('Acte de naissance — Ishaan Kim');
    const requests = within(card).getByTestId('proposal-requests');
    expect(requests.textContent).toContain('échéance passée');
    expect(within(card).getByTestId('proposal-documents').textContent).toBe('7 documents reçus');
    expect(within(card).getByTestId('proposal-fees').textContent).toContain('solde');
    expect(within(card).queryByTestId('proposal-blocked')).toBeNull();
    await fireEvent.click(within(card).getByRole('button', { name: 'Ouvrir le dossier' }));
    expect(onopen).toHaveBeenCalledWith(expect.objectContaining({ file_number: '2024-AI-000057' }));
  });

  it('says why this user may not approve, in the chosen language', async () => {
    setLang('en');
    invokeMock.mockImplementation(async () => [
      proposal({
        approve: {
          action: 'approve_rejection',
          blocked: said('Vous ne pouvez pas approuver votre propre proposition', 'You cannot approve your own proposal'),
        },
      }),
    ]);
    render(DecisionQueue, { onopen: vi.fn() });
    const blocked = await screen.findByTestId('proposal-blocked');
    expect(blocked.textContent).toBe('You cannot approve your own proposal');
    expect(screen.getByTestId('proposal-checklist').textContent).toContain('Birth certificate — Ishaan Kim');
  });

  it('says where each person stands with the attestation, punctuated as each language does', async () => {
    invokeMock.mockImplementation(async () => [
      proposal({
        attestation: [
          { person_id: 'p1', name: 'Kim, Ishaan', role: 'principal_applicant', standing: { state: 'obtained', on: '2024-04-01' } },
          { person_id: 'p2', name: 'Kim, Lee', role: 'spouse', standing: { state: 'to_request' } },
        ],
      }),
    ]);
    render(DecisionQueue, { onopen: vi.fn() });
    const lines = () => within(screen.getByTestId('proposal-attestation')).getAllByRole('listitem').map((li) => li.textContent?.trim());
    await screen.findByTestId('proposal');
    expect(lines()).toEqual(['Kim, Ishaan\u00a0: Obtenue le 2024-04-01', 'Kim, Lee\u00a0: À demander']);
    setLang('en');
    await vi.waitFor(() => expect(lines()).toEqual(['Kim, Ishaan: Obtained on 2024-04-01', 'Kim, Lee: To request']));
  });

  it('says when nothing waits', async () => {
    invokeMock.mockImplementation(async () => []);
    render(DecisionQueue, { onopen: vi.fn() });
    expect((await screen.findByTestId('proposals-empty')).textContent).toBe('Aucune proposition n’attend d’approbation.');
  });
  it('approves after showing the decision letter, then reloads, says so and moves on to the next proposal', async () => {
    const fake = backend({ queue: [proposal(), other()] });
    const ondecided = vi.fn();
    const live = mountAnnouncer();
    render(DecisionQueue, { onopen: vi.fn(), ondecided });
    const card = await cardOf('2024-AI-000057');
    const approve = within(card).getByRole('button', { name: 'Aperçu et approbation…' });
    expect(approve.getAttribute('aria-describedby')).toBe('proposal-dec-1');
    expect(document.getElementById('proposal-dec-1')!.textContent).toContain('2024-AI-000057');
    await fireEvent.click(approve);
    const dialog = await screen.findByRole('dialog', { name: 'Aperçu de la lettre à envoyer' });
    expect(within(dialog).getByTestId('letter-preview-body').textContent).toContain('Your application is rejected.');
    expect(fake.calls.find((c) => c.cmd === 'preview_letter')?.args).toEqual({ id: 'case-57', command: { command: 'approve' } });
    // Nothing is done before the letter is sent.
    expect(fake.performed()).toEqual([]);
    await fireEvent.click(within(dialog).getByTestId('letter-preview-send'));
    const done = await screen.findByTestId('proposals-done');
    await vi.waitFor(() => expect(done.textContent).toBe('Décision approuvée\u00a0: 2024-AI-000057'));
    // Said once, by the app's live region (there before the words); the line only shows it.
    await vi.waitFor(() => expect(live().textContent).toBe('Décision approuvée\u00a0: 2024-AI-000057'));
    expect(live().getAttribute('role')).toBe('status');
    expect(live().getAttribute('aria-live')).toBe('polite');
    expect(done.getAttribute('role')).toBeNull();
    expect(done.getAttribute('aria-live')).toBeNull();
    expect(fake.performed()).toEqual([{ id: 'case-57', command: { command: 'approve' } }]);
    expect(fake.count('proposals_to_review')).toBe(2);
    // The queue below and its counts are told, to read the files again.
    expect(ondecided).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    const cards = screen.getAllByTestId('proposal');
    expect(cards.map((c) => c.dataset.fileNumber)).toEqual(['2024-AI-000058']);
    await vi.waitFor(() => expect(document.activeElement).toBe(within(cards[0]).getByTestId('proposal-approve')));
  });

  it('approves at once when the step sends no letter to preview', async () => {
    const fake = backend({ queue: [proposal()], preview: null });
    render(DecisionQueue, { onopen: vi.fn() });
    await fireEvent.click(await screen.findByTestId('proposal-approve'));
    await vi.waitFor(() => expect(screen.getByTestId('proposals-done').textContent).toBe('Décision approuvée\u00a0: 2024-AI-000057'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.performed()).toEqual([{ id: 'case-57', command: { command: 'approve' } }]);
    expect(await screen.findByTestId('proposals-empty')).toBeTruthy();
    // Nothing left: the focus goes to the list's heading.
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2 })));
  });

  it('closing the letter approves nothing and gives the focus back to the button', async () => {
    const fake = backend({ queue: [proposal()] });
    render(DecisionQueue, { onopen: vi.fn() });
    const approve = await screen.findByTestId('proposal-approve');
    approve.focus();
    await fireEvent.click(approve);
    await fireEvent.click(await screen.findByTestId('letter-preview-close'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.performed()).toEqual([]);
    expect(screen.getByTestId('proposals-done').textContent).toBe('');
    await vi.waitFor(() => expect(document.activeElement).toBe(approve));
  });

  it('cannot approve or send back one’s own proposal, and says why once, tied to both buttons', async () => {
    // The rules' own words (rules.ftl).
    const own = { id: 'refusal-you-proposed-this-decision-another-supervisor-must', args: {} };
    const fake = backend({
      queue: [
        proposal({
          approve: { action: 'approve_rejection', blocked: own },
          send_back: { action: 'send_back', blocked: own },
        }),
      ],
    });
    render(DecisionQueue, { onopen: vi.fn() });
    const approve = (await screen.findByTestId('proposal-approve')) as HTMLButtonElement;
    const sendBack = screen.getByTestId('proposal-send-back') as HTMLButtonElement;
    const blocked = screen.getByTestId('proposal-blocked');
    expect(blocked.textContent?.trim()).toBe(renderText(own, 'fr'));
    expect(blocked.textContent).toMatch(/superviseur/);
    expect(screen.queryByTestId('proposal-send-back-blocked')).toBeNull();
    for (const b of [approve, sendBack]) {
      expect(b.disabled).toBe(true);
      expect(b.getAttribute('aria-describedby')?.split(' ')).toEqual(['proposal-dec-1', blocked.id]);
    }
    await fireEvent.click(approve);
    expect(fake.count('preview_letter')).toBe(0);
    // The file can still be opened.
    expect((screen.getByTestId('proposal-open') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says why sending back is not allowed when only that is refused', async () => {
    backend({
      queue: [proposal({ send_back: { action: 'send_back', blocked: said('Pas maintenant', 'Not now') } })],
    });
    render(DecisionQueue, { onopen: vi.fn() });
    const sendBack = (await screen.findByTestId('proposal-send-back')) as HTMLButtonElement;
    expect(sendBack.disabled).toBe(true);
    const why = screen.getByTestId('proposal-send-back-blocked');
    expect(why.textContent?.trim()).toBe('Pas maintenant');
    expect(sendBack.getAttribute('aria-describedby')).toContain(why.id);
    expect((screen.getByTestId('proposal-approve') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId('proposal-blocked')).toBeNull();
  });

  it('offers no button for a step the backend does not offer', async () => {
    backend({ queue: [proposal({ approve: null, send_back: null })] });
    render(DecisionQueue, { onopen: vi.fn() });
    const card = await screen.findByTestId('proposal');
    expect(within(card).queryByTestId('proposal-approve')).toBeNull();
    expect(within(card).queryByTestId('proposal-send-back')).toBeNull();
    expect(within(card).getByTestId('proposal-open')).toBeTruthy();
  });

  it('sends a proposal back only with a comment', async () => {
    const fake = backend({ queue: [proposal(), other()] });
    render(DecisionQueue, { onopen: vi.fn() });
    const card = await cardOf('2024-AI-000057');
    const sendBack = within(card).getByRole('button', { name: 'Renvoyer à l’agent…' });
    expect(sendBack.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(sendBack);
    expect(sendBack.getAttribute('aria-expanded')).toBe('true');
    const comment = within(card).getByLabelText('Commentaire à l’agent') as HTMLTextAreaElement;
    expect(comment.dataset.testid).toBe('send-back-comment');
    await vi.waitFor(() => expect(document.activeElement).toBe(comment));

    // A blank comment is not sent: the form says so.
    await fireEvent.input(comment, { target: { value: '   ' } });
    await fireEvent.click(within(card).getByTestId('send-back-submit'));
    const required = within(card).getByTestId('send-back-required');
    expect(required.textContent?.trim()).toBe('Écrivez un commentaire pour l’agent\u00a0: il est envoyé avec la proposition.');
    expect(comment.getAttribute('aria-invalid')).toBe('true');
    expect(comment.getAttribute('aria-describedby')).toContain(required.id);
    expect(fake.performed()).toEqual([]);

    await fireEvent.input(comment, { target: { value: 'Vérifier la date de la demande.' } });
    expect(within(card).queryByTestId('send-back-required')).toBeNull();
    await fireEvent.click(within(card).getByTestId('send-back-submit'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('proposals-done').textContent).toBe('Proposition renvoyée à l’agent\u00a0: 2024-AI-000057'),
    );
    expect(fake.performed()).toEqual([
      { id: 'case-57', command: { command: 'send_back', comment: 'Vérifier la date de la demande.' } },
    ]);
    expect(fake.count('proposals_to_review')).toBe(2);
    const next = await cardOf('2024-AI-000058');
    expect(screen.getAllByTestId('proposal')).toHaveLength(1);
    expect(within(next).queryByTestId('send-back-form')).toBeNull();
    await vi.waitFor(() => expect(document.activeElement).toBe(within(next).getByTestId('proposal-approve')));
  });

  it('Escape in the comment cancels sending back', async () => {
    const fake = backend({ queue: [proposal()] });
    render(DecisionQueue, { onopen: vi.fn() });
    const sendBack = await screen.findByTestId('proposal-send-back');
    await fireEvent.click(sendBack);
    const comment = screen.getByTestId('send-back-comment');
    await fireEvent.input(comment, { target: { value: 'À revoir' } });
    await fireEvent.keyDown(comment, { key: 'Escape' });
    expect(screen.queryByTestId('send-back-form')).toBeNull();
    expect(sendBack.getAttribute('aria-expanded')).toBe('false');
    await vi.waitFor(() => expect(document.activeElement).toBe(sendBack));
    expect(fake.performed()).toEqual([]);
    // Opened again, the form starts afresh.
    await fireEvent.click(sendBack);
    expect((screen.getByTestId('send-back-comment') as HTMLTextAreaElement).value).toBe('');
  });

  it('the Cancel button closes the form too', async () => {
    const fake = backend({ queue: [proposal()] });
    render(DecisionQueue, { onopen: vi.fn() });
    await fireEvent.click(await screen.findByTestId('proposal-send-back'));
    await fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(screen.queryByTestId('send-back-form')).toBeNull();
    expect(fake.performed()).toEqual([]);
  });

  it('shows a refusal’s reason on its card, in the screen’s language', async () => {
    // The backend's words, as the IPC error carries them (code, message, reason).
    backend({
      queue: [proposal(), other()],
      failure: {
        code: 'auth.forbidden',
        message: 'You cannot approve your own proposal',
        reason: said('Vous ne pouvez pas approuver votre propre proposition', 'You cannot approve your own proposal'),
      },
    });
    const live = mountAnnouncer();
    render(DecisionQueue, { onopen: vi.fn() });
    const card = await cardOf('2024-AI-000057');
    const approve = within(card).getByTestId('proposal-approve');
    await fireEvent.click(approve);
    await fireEvent.click(await screen.findByTestId('letter-preview-send'));
    const alert = await within(card).findByTestId('proposal-error');
    expect(alert.textContent?.trim()).toBe('Refusé\u00a0: Vous ne pouvez pas approuver votre propre proposition');
    // Said once, by the app's live region: the card's box is not an alert too.
    await vi.waitFor(() =>
      expect(live().textContent).toBe('Dossier 2024-AI-000057 — Refusé\u00a0: Vous ne pouvez pas approuver votre propre proposition'),
    );
    expect(alert.getAttribute('role')).toBeNull();
    // A refusal's reason says it all: no technical details under it.
    expect(within(alert).queryByTestId('error-details')).toBeNull();
    // Only on that card; nothing announced as done; the card's buttons work again.
    expect(within(await cardOf('2024-AI-000058')).queryByTestId('proposal-error')).toBeNull();
    expect(screen.getByTestId('proposals-done').textContent).toBe('');
    expect((approve as HTMLButtonElement).disabled).toBe(false);
    await vi.waitFor(() => expect(document.activeElement).toBe(approve));
    setLang('en');
    await vi.waitFor(() =>
      expect(within(card).getByTestId('proposal-error').textContent?.trim()).toBe('Refused: You cannot approve your own proposal'),
    );
  });

  it('says an error without a reason failed, its message under technical details', async () => {
    const fake = backend({ queue: [proposal()], failure: { code: 'store.io', message: 'disk full' } });
    render(DecisionQueue, { onopen: vi.fn() });
    await fireEvent.click(await screen.findByTestId('proposal-send-back'));
    await fireEvent.input(screen.getByTestId('send-back-comment'), { target: { value: 'À revoir' } });
    await fireEvent.click(screen.getByTestId('send-back-submit'));
    const alert = await screen.findByTestId('proposal-error');
    expect(alert.textContent).toContain('L’action n’a pas pu être faite');
    expect(within(alert).getByTestId('error-details').textContent).toContain('disk full');
    expect(fake.performed()).toHaveLength(1);
    // The form stays open with the comment, to try again.
    expect((screen.getByTestId('send-back-comment') as HTMLTextAreaElement).value).toBe('À revoir');
  });

  it('still says what failed when the proposal has left the queue (the step recorded, its letter not)', async () => {
    let queue = [proposal(), other()];
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'proposals_to_review') return queue;
      if (cmd === 'preview_letter') return null;
      if (cmd === 'perform') {
        queue = [other()];
        throw { code: 'letter.pdf', message: 'the letter could not be filed' };
      }
      throw { code: 'not_found', message: cmd };
    });
    const live = mountAnnouncer();
    render(DecisionQueue, { onopen: vi.fn() });
    await fireEvent.click(within(await cardOf('2024-AI-000057')).getByTestId('proposal-approve'));
    await vi.waitFor(() => expect(screen.getAllByTestId('proposal')).toHaveLength(1));
    const alert = screen.getByTestId('proposal-error');
    expect(alert.getAttribute('role')).toBeNull();
    await vi.waitFor(() => expect(live().textContent).toContain('Dossier 2024-AI-000057 — L’action n’a pas pu être faite'));
    expect(screen.getByTestId('proposal-error-orphan').textContent).toContain('Dossier 2024-AI-000057\u00a0:');
    expect(within(alert).getByTestId('error-details').textContent).toContain('the letter could not be filed');
    expect(screen.getAllByTestId('proposal').map((c) => c.dataset.fileNumber)).toEqual(['2024-AI-000058']);
    expect(screen.getByTestId('proposals-done').textContent).toBe('');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2 })));
  });

  it('shows a failed preview on its card', async () => {
    const fake = backend({ queue: [proposal()] });
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'proposals_to_review') return [proposal()];
      throw { code: 'letter.template', message: 'template missing' };
    });
    render(DecisionQueue, { onopen: vi.fn() });
    await fireEvent.click(await screen.findByTestId('proposal-approve'));
    expect((await screen.findByTestId('proposal-error')).textContent).toContain('template missing');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.performed()).toEqual([]);
  });

  it('disables the card’s buttons while its step runs', async () => {
    backend({ queue: [proposal(), other()], preview: null });
    let finish: (v: unknown) => void = () => {};
    vi.spyOn(api, 'perform').mockReturnValue(new Promise((resolve) => (finish = resolve)) as never);
    render(DecisionQueue, { onopen: vi.fn() });
    const card = await cardOf('2024-AI-000057');
    await fireEvent.click(within(card).getByTestId('proposal-approve'));
    await vi.waitFor(() => expect(card.getAttribute('aria-busy')).toBe('true'));
    for (const b of within(card).getAllByRole('button')) expect((b as HTMLButtonElement).disabled).toBe(true);
    // The other proposals are not held up.
    const next = await cardOf('2024-AI-000058');
    for (const b of within(next).getAllByRole('button')) expect((b as HTMLButtonElement).disabled).toBe(false);
    finish({});
    await vi.waitFor(() => expect(screen.getByTestId('proposals-done').textContent).toBe('Décision approuvée\u00a0: 2024-AI-000057'));
  });
});
