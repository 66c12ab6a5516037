import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import type { Team } from '../bindings/Team';
import type { TeamFile } from '../bindings/TeamFile';
import { setLang } from '../locale.svelte';
import { wcagViolations } from '../../test/axe';
import TeamScreen from './TeamScreen.svelte';

const invokeMock = vi.mocked(invoke);

function person(name: string, role: 'officer' | 'supervisor', open: number, away = false, administrator = false) {
  return { name, role, away, administrator, open, due_this_week: 1, overdue: open > 3 ? 2 : 0, proposals_waiting: 0 };
}

const team: Team = {
  generated_at: '2026-12-07T15:00:00Z',
  people: [person('ana', 'officer', 4), person('bob', 'officer', 1, true), person('cy', 'officer', 0), person('sam', 'supervisor', 0, false, true)],
  unassigned: 6,
};

const files: TeamFile[] = Array.from({ length: 6 }, (_, i) => ({
  case_id: `00000000-0000-0000-0000-00000000000${i}`,
  file_number: `2024-AI-00000${i}`,
  status: 'received',
  received_at: `2024-03-04T14:0${i}:00Z`,
  assigned_to: null,
  assigned_by: null,
  assigned_at: null,
  next_deadline: null,
}));

let calls: Array<{ cmd: string; args: unknown }> = [];

beforeEach(() => {
  calls = [];
  invokeMock.mockReset();
  setLang('fr');
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case 'team':
        return team;
      case 'team_files':
        return files;
      case 'user_events':
        return [{ at: '2026-12-07T14:00:00Z', by: 'sam', user: 'bob', action: 'away', role: null }];
      case 'assign_files':
        return { assigned: (args as { caseIds: string[] }).caseIds.length, unchanged: 0 };
      case 'distribution_preview':
        return {
          assignments: Array.from({ length: 4 }, (_, i) => ({ case_id: files[i].case_id, file_number: files[i].file_number, officer: i % 2 ? 'ana' : 'cy' })),
          shares: [
            { officer: 'ana', before: 4, after: 5 },
            { officer: 'cy', before: 0, after: 3 },
          ],
          left: 2,
        };
      case 'distribute':
        return { assignments: [{ case_id: files[0].case_id, file_number: files[0].file_number, officer: 'cy' }], shares: [], left: 5 };
      case 'set_away':
      case 'set_role':
      case 'reset_password':
        return null;
    }
    throw { code: 'not_found', message: cmd };
  });
});

describe('TeamScreen: the team, distribution, and assigning many files at once', () => {
  it('shows each person’s workload and availability, readable and accessible', async () => {
    render(TeamScreen, { me: 'sam', onback: vi.fn() });
    const rows = await screen.findAllByTestId('team-person');
    expect(rows.map((r) => r.dataset.name)).toEqual(['ana', 'bob', 'cy', 'sam']);
    expect(rows[1].textContent).toContain('Absent');
    expect(within(rows[0]).getByTestId('team-open').textContent).toBe('4');
    // Nobody changes their own role; an administrator may set passwords.
    expect(within(rows[3]).queryByTestId('team-set-role')).toBeNull();
    expect(within(rows[0]).getByTestId('team-reset-password')).toBeTruthy();
    expect(screen.getByTestId('team-unassigned').textContent).toContain('6 dossiers ouverts');
    // The officer who is away is not offered as a target.
    const targets = Array.from((screen.getByTestId('team-assign-to') as HTMLSelectElement).options).map((o) => o.value);
    expect(targets).toEqual(['', 'ana', 'cy']);
    await screen.findByTestId('team-events');
    expect(await wcagViolations(document.body)).toEqual([]);
  });

  it('selects a range with Shift and assigns it in one action', async () => {
    render(TeamScreen, { me: 'sam', onback: vi.fn() });
    const boxes = (await screen.findAllByTestId('team-file-select')) as HTMLInputElement[];
    await fireEvent.click(boxes[1]);
    await fireEvent.click(boxes[4], { shiftKey: true });
    expect(boxes.map((b) => b.checked)).toEqual([false, true, true, true, true, false]);
    // Space toggles; Shift+ArrowDown extends.
    await fireEvent.keyDown(boxes[4], { key: ' ' });
    expect(boxes[4].checked).toBe(false);
    // Shift+ArrowDown extends from the anchor (the row last toggled) to the next row.
    await fireEvent.keyDown(boxes[4], { key: 'ArrowDown', shiftKey: true });
    expect(boxes.map((b) => b.checked)).toEqual([false, true, true, true, true, true]);
    await fireEvent.click(boxes[2]);
    await fireEvent.change(screen.getByTestId('team-assign-to'), { target: { value: 'cy' } });
    const assign = screen.getByTestId('team-assign');
    expect(assign.textContent).toContain('Attribuer les 4 dossiers choisis');
    await fireEvent.click(assign);
    await waitFor(() => expect(calls.some((c) => c.cmd === 'assign_files')).toBe(true));
    const call = calls.find((c) => c.cmd === 'assign_files')!.args as { caseIds: string[]; officer: string };
    expect(call.officer).toBe('cy');
    expect(call.caseIds).toEqual([files[1].case_id, files[3].case_id, files[4].case_id, files[5].case_id]);
  });

  it('previews a distribution before applying it', async () => {
    render(TeamScreen, { me: 'sam', onback: vi.fn() });
    await screen.findAllByTestId('team-person');
    await fireEvent.input(screen.getByTestId('team-distribute-count'), { target: { value: '4' } });
    await fireEvent.click(screen.getByTestId('team-preview'));
    const shares = await screen.findAllByTestId('team-share');
    expect(shares.map((s) => within(s).getByTestId('team-share-after').textContent)).toEqual(['5', '3']);
    expect(calls.some((c) => c.cmd === 'distribute')).toBe(false);
    await fireEvent.click(screen.getByTestId('team-distribute-apply'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'distribute' && (c.args as { count: number }).count === 4)).toBe(true));
  });

  it('marks an officer back, and sets a password only when typed twice alike', async () => {
    render(TeamScreen, { me: 'sam', onback: vi.fn() });
    const rows = await screen.findAllByTestId('team-person');
    await fireEvent.click(within(rows[1]).getByTestId('team-mark-back'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'set_away')?.args).toEqual({ name: 'bob', away: false }));
    await fireEvent.click(within(rows[0]).getByTestId('team-reset-password'));
    const form = await screen.findByTestId('team-password-form');
    const [first, second] = within(form).getAllByLabelText(/mot de passe|même/i) as HTMLInputElement[];
    await fireEvent.input(first, { target: { value: 'un-long-mot' } });
    await fireEvent.input(second, { target: { value: 'un-autre' } });
    const submit = within(form).getByRole('button', { name: 'Définir le mot de passe' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await fireEvent.input(second, { target: { value: 'un-long-mot' } });
    expect(submit.disabled).toBe(false);
    await fireEvent.click(submit);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'reset_password')?.args).toEqual({ name: 'ana', password: 'un-long-mot' }),
    );
  });
});
