import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import type { ProposalView } from '../bindings/ProposalView';
import { setLang } from '../locale.svelte';
import { row } from '../../test/fixtures';
import DecisionQueue from './DecisionQueue.svelte';

const invokeMock = vi.mocked(invoke);

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
      { fr: 'Acte de naissance — Ishaan Kim', en: 'Birth certificate — Ishaan Kim' },
      { fr: 'Diplômes — Ishaan Kim', en: 'Diplomas — Ishaan Kim' },
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
    ...over,
  };
}

beforeEach(() => {
  invokeMock.mockReset();
  setLang('fr');
});

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
    expect(within(card).getByRole('heading', { level: 3 }).textContent).toContain('Rejet');
    expect(within(card).getByTestId('proposal-note').textContent).toBe('Aucun élément reçu.');
    const checklist = within(card).getByTestId('proposal-checklist');
    expect(checklist.textContent).toContain('2 éléments manquants');
    expect(checklist.textContent).toContain('Acte de naissance — Ishaan Kim');
    const requests = within(card).getByTestId('proposal-requests');
    expect(requests.textContent).toContain('échéance passée');
    expect(within(card).getByTestId('proposal-documents').textContent).toBe('7 documents reçus');
    expect(within(card).getByTestId('proposal-fees').textContent).toContain('solde');
    expect(within(card).queryByTestId('proposal-blocked')).toBeNull();
    await fireEvent.click(within(card).getByRole('button', { name: 'Ouvrir le dossier pour approuver ou renvoyer' }));
    expect(onopen).toHaveBeenCalledWith(expect.objectContaining({ file_number: '2024-AI-000057' }));
  });

  it('says why this user may not approve, in the chosen language', async () => {
    setLang('en');
    invokeMock.mockImplementation(async () => [
      proposal({
        approve: {
          action: 'approve_rejection',
          blocked: { fr: 'Vous ne pouvez pas approuver votre propre proposition', en: 'You cannot approve your own proposal' },
        },
      }),
    ]);
    render(DecisionQueue, { onopen: vi.fn() });
    const blocked = await screen.findByTestId('proposal-blocked');
    expect(blocked.textContent).toBe('You cannot approve your own proposal');
    expect(screen.getByTestId('proposal-checklist').textContent).toContain('Birth certificate — Ishaan Kim');
  });

  it('says when nothing waits', async () => {
    invokeMock.mockImplementation(async () => []);
    render(DecisionQueue, { onopen: vi.fn() });
    expect((await screen.findByTestId('proposals-empty')).textContent).toBe('Aucune proposition n’attend d’approbation.');
  });
});
