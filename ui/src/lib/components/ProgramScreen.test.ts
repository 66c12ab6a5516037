import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-dialog';
import type { ProgramVersionView } from '../bindings/ProgramVersionView';
import { setLang } from '../locale.svelte';
import { wcagViolations } from '../../test/axe';
import ProgramScreen from './ProgramScreen.svelte';

const invokeMock = vi.mocked(invoke);
const openMock = vi.mocked(open);

function version(id: number, inForce: boolean, fees: ProgramVersionView['fees']): ProgramVersionView {
  return {
    id,
    effective_at: id === 1 ? '1970-01-01T00:00:00Z' : '2026-12-07T16:00:00Z',
    loaded_at: id === 1 ? '1970-01-01T00:00:00Z' : '2026-12-07T16:00:00Z',
    loaded_by: id === 1 ? 'built-in' : 'sam',
    built_in: id === 1,
    in_force: inForce,
    fees,
    window: { opens: '2023-11-23', closes: '2024-12-31', timezone: 'America/Montreal' },
    caps: [{ label: { id: 'intake-cap-label-program', args: {} }, limit: 700 }],
    deadlines: {
      missing_items_days: 60,
      attestation_days: 60,
      added_member_attestation_days: 60,
      intent_letter_days: 30,
    },
  };
}

const row2024 = { effective_from: '2024-01-01', effective_until: '2024-12-31', principal: 89500, spouse: 19200, child: 19200 };
const row2023 = { effective_from: '2023-11-23', effective_until: '2023-12-31', principal: 85000, spouse: 18000, child: 18000 };
const versions = [version(2, true, [row2023, row2024]), version(1, false, [row2024])];

beforeEach(() => {
  invokeMock.mockReset();
  openMock.mockReset();
  setLang('fr');
  invokeMock.mockImplementation(async (cmd: string) => {
    if (cmd === 'program_versions') return versions;
    if (cmd === 'load_program_version') return { id: 3 };
    throw { code: 'not_found', message: cmd };
  });
});

describe('ProgramScreen: the versions of the program definition, and loading one', () => {
  it('shows the version in force with its fee schedule, as Québec writes money and days', async () => {
    render(ProgramScreen, { role: 'officer', onback: vi.fn() });
    const cards = await screen.findAllByTestId('program-version');
    expect(cards.map((c) => c.dataset.version)).toEqual(['2', '1']);
    expect(within(cards[0]).getByTestId('in-force').textContent).toBe('en vigueur');
    expect(within(cards[1]).queryByTestId('in-force')).toBeNull();
    const table = within(cards[0]).getByTestId('fee-schedule');
    const rows = within(table).getAllByRole('row');
    expect(rows[1].textContent).toContain('du 2023-11-23 au 2023-12-31');
    expect(rows[1].textContent).toContain('850,00\u00a0$');
    expect(cards[0].textContent).toContain('700 demandes');
    expect(cards[0].textContent).toContain('60 jours');
    // An officer reads; only a supervisor has the form.
    expect(screen.queryByTestId('program-load')).toBeNull();
    expect(await wcagViolations(document.body)).toEqual([]);
  });

  it('lets a supervisor load a file from a day, and says the server took it', async () => {
    openMock.mockResolvedValue('/home/sam/pp-2027.toml');
    render(ProgramScreen, { role: 'supervisor', onback: vi.fn() });
    await screen.findAllByTestId('program-version');
    const submit = screen.getByTestId('program-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('program-choose'));
    await waitFor(() => expect(screen.getByTestId('program-file').textContent).toBe('pp-2027.toml'));
    const day = screen.getByLabelText(/En vigueur à partir du/) as HTMLInputElement;
    await fireEvent.input(day, { target: { value: '2027-01-01' } });
    await fireEvent.click(submit);
    await waitFor(() =>
      expect(invokeMock).toHaveBeenCalledWith('load_program_version', {
        path: '/home/sam/pp-2027.toml',
        effectiveOn: '2027-01-01',
      }),
    );
    expect((await screen.findByTestId('program-loaded')).textContent).toContain('Version 3 chargée');
    expect(await wcagViolations(document.body)).toEqual([]);
  });

  it('says why the server refused a file, naming its line and field', async () => {
    openMock.mockResolvedValue('/home/sam/pp-broken.toml');
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'program_versions') return versions;
      throw {
        code: 'program.invalid',
        message: 'pp-broken.toml, line 84, field `fees[0].principal`: not an amount',
        reason: {
          id: 'program-load-invalid',
          args: {
            file: { type: 'plain', value: 'pp-broken.toml' },
            line: { type: 'number', value: 84 },
            field: { type: 'plain', value: 'fees[0].principal' },
            message: { type: 'plain', value: 'not an amount' },
          },
        },
      };
    });
    render(ProgramScreen, { role: 'supervisor', onback: vi.fn() });
    await screen.findAllByTestId('program-version');
    await fireEvent.click(screen.getByTestId('program-choose'));
    await waitFor(() => expect(screen.getByTestId('program-file').textContent).toBe('pp-broken.toml'));
    await fireEvent.click(screen.getByTestId('program-submit'));
    const error = await screen.findByTestId('program-load-error');
    expect(error.textContent).toContain('pp-broken.toml, ligne 84, champ «\u00a0fees[0].principal\u00a0»');
    expect(screen.queryByTestId('program-loaded')).toBeNull();
  });
});
