import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import UpdateNotice from './UpdateNotice.svelte';
import { setLang } from '../locale.svelte';
import { wcagViolations } from '../../test/axe';
import type { UpdateOffer } from '../bindings/UpdateOffer';
import type { UpdateStatus } from '../bindings/UpdateStatus';

const invokeMock = vi.mocked(invoke);

const offer: UpdateOffer = { version: '0.2.0', notes_fr: 'Corrections.', notes_en: 'Fixes.' };

function backend(status: UpdateStatus, check: () => Promise<unknown>, install: () => Promise<unknown>) {
  invokeMock.mockImplementation(async (cmd: string) => {
    if (cmd === 'update_status') return status;
    if (cmd === 'check_for_update') return check();
    if (cmd === 'install_update') return install();
    throw { code: 'unknown', message: cmd, reason: null };
  });
}

describe('UpdateNotice', () => {
  beforeEach(() => {
    invokeMock.mockReset();
    setLang('fr');
  });

  it('shows the version, finds an update, shows its notes in the screen’s language and installs it', async () => {
    let installed = false;
    backend(
      { current_version: '0.1.0', unavailable: null },
      async () => offer,
      async () => {
        installed = true;
        return null;
      },
    );
    const { container } = render(UpdateNotice);
    const summary = await screen.findByTestId('update-summary');
    expect(summary.textContent?.trim()).toBe('Version 0.1.0');
    await fireEvent.click(screen.getByTestId('update-check'));
    await waitFor(() => expect(screen.getByTestId('update-state').textContent).toBe('La version 0.2.0 est disponible.'));
    expect(summary.textContent?.trim()).toBe('Mise à jour 0.2.0 disponible');
    expect(screen.getByTestId('update-notes').textContent).toBe('Corrections.');
    setLang('en');
    await waitFor(() => expect(screen.getByTestId('update-notes').textContent).toBe('Fixes.'));
    container.querySelector('details')!.open = true;
    expect(await wcagViolations(container)).toEqual([]);
    await fireEvent.click(screen.getByTestId('update-install'));
    await waitFor(() => expect(installed).toBe(true));
  });

  it('says when the app is up to date', async () => {
    backend({ current_version: '0.2.0', unavailable: null }, async () => null, async () => null);
    render(UpdateNotice);
    await fireEvent.click(await screen.findByTestId('update-check'));
    await waitFor(() => expect(screen.getByTestId('update-state').textContent).toBe('Dossier est à jour.'));
    expect(screen.queryByTestId('update-install')).toBeNull();
  });

  it('says why a refused package was not installed, and offers it no more', async () => {
    backend(
      { current_version: '0.1.0', unavailable: null },
      async () => offer,
      async () => {
        throw {
          code: 'update.signature',
          message: 'the update to 0.2.0 does not carry a valid signature',
          reason: { id: 'update-error-signature', args: { version: '0.2.0' } },
        };
      },
    );
    render(UpdateNotice);
    await fireEvent.click(await screen.findByTestId('update-check'));
    await fireEvent.click(await screen.findByTestId('update-install'));
    const error = await screen.findByTestId('update-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('ne porte pas une signature valide');
    expect(screen.queryByTestId('update-install')).toBeNull();
    expect(screen.getByTestId('update-summary').textContent?.trim()).toBe('Version 0.1.0');
  });

  it('says why a copy cannot update itself, and offers no check', async () => {
    backend(
      { current_version: '0.1.0', unavailable: { id: 'update-unavailable-not-packaged', args: {} } },
      async () => offer,
      async () => null,
    );
    render(UpdateNotice);
    const why = await screen.findByTestId('update-unavailable');
    expect(why.textContent).toContain('n’a pas été installée à partir d’un paquet');
    expect(screen.queryByTestId('update-check')).toBeNull();
  });
});
