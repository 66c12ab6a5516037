import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
let emit: ((e: { payload: unknown }) => void) | null = null;
vi.mock('@tauri-apps/api/event', () => ({
  listen: vi.fn(async (_name: string, cb: (e: { payload: unknown }) => void) => {
    emit = cb;
    return () => {
      emit = null;
    };
  }),
}));

import { invoke } from '@tauri-apps/api/core';
import { renderText } from '../i18n';
import SyncIndicator from './SyncIndicator.svelte';
import type { SyncStatus } from '../bindings/SyncStatus';
import type { Conflict } from '../bindings/Conflict';
import { setLang } from '../locale.svelte';
import { mountAnnouncer } from '../../test/announcer';
import { wcagViolations } from '../../test/axe';
import { CONNECTION_LABEL } from '../labels';
import { translate } from '../i18n';

const invokeMock = vi.mocked(invoke);

function status(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'online',
    server_url: 'https://dossier.example:8443',
    user: 'ana',
    pending: 0,
    conflicts: 0,
    last_sync: '2024-06-03T15:00:00Z',
    progress: null,
    last_error: null,
    changes: 0,
    ...over,
  };
}

const conflict: Conflict = {
  operation: {
    id: 'op-1',
    case_id: 'case-1',
    change: { kind: 'missing_items_requested', request_id: 'r-1', items: ['form_part_1'], sent_at: '2024-06-03T15:00:00Z' },
    author: { user: 'ana', role: 'officer' },
    hlc: '001717426800000-0000000001-00000000000000a1',
    sync_state: 'rejected',
  } as unknown as Conflict['operation'],
  // As the audit trail says it (audit.ftl), the item named by the program's words.
  summary: {
    id: 'audit-missing-items-requested',
    args: { items: { type: 'list', value: [{ type: 'bilingual', value: { fr: 'Formulaire, partie 1', en: 'Form, part 1' } }] } },
  },
  rejection: {
    code: 'conflict.transition',
    message: 'the file is now missing_items_requested after operation 0196',
    // The server's message (rules.ftl), its own reason nested.
    reason: {
      id: 'server-changed-meanwhile',
      args: {
        author: { type: 'plain', value: 'bob' },
        operation: { type: 'plain', value: '0196' },
        reason: { type: 'message', value: { id: 'rule-no-missing-items-request-out', args: {} } },
      },
    },
  },
  file_number: '2024-AI-000020',
  current_status: 'missing_items_requested',
  current_assigned_to: 'ana',
  from_server: false,
};

function useInvoke(current: () => SyncStatus, extra: Record<string, (a?: Record<string, unknown>) => unknown> = {}) {
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    const a = args as Record<string, unknown> | undefined;
    if (extra[cmd]) return extra[cmd](a);
    switch (cmd) {
      case 'sync_status':
        return current();
      case 'sync_now':
        return null;
      case 'sync_conflicts':
        return [conflict];
    }
    throw { code: 'not_found', message: `unknown command ${cmd}` };
  });
}

beforeEach(() => {
  setLang('en');
  invokeMock.mockReset();
});
afterEach(() => {
  emit = null;
});

describe('SyncIndicator', () => {
  it('shows online, waiting operations and the last sync, and syncs now from the keyboard', async () => {
    useInvoke(() => status({ pending: 3 }));
    render(SyncIndicator);
    expect((await screen.findByTestId('sync-state')).textContent).toContain('Online');
    expect((screen.getByTestId('sync-pending')).textContent).toContain('Waiting: 3');
    expect((screen.getByTestId('sync-last')).textContent).toContain('Last sync');
    const button = screen.getByRole('button', { name: 'Sync now' });
    button.focus();
    await fireEvent.click(button);
    expect(invokeMock).toHaveBeenCalledWith('sync_now', undefined);
  });

  it('follows the sync-status event: offline, then download progress', async () => {
    useInvoke(() => status());
    render(SyncIndicator);
    await screen.findByTestId('sync-state');
    await waitFor(() => expect(emit).not.toBeNull());
    emit!({
      payload: status({
        state: 'offline',
        pending: 1,
        last_error: {
          code: 'sync.unreachable',
          message: 'the server cannot be reached; work continues offline',
          text: { id: 'sync-error-unreachable', args: { url: { type: 'plain', value: 'https://dossier.example' } } },
        },
      }),
    });
    await waitFor(() => expect((screen.getByTestId('sync-state')).textContent).toContain('Offline'));
    // In the screen's language (English here); the code and English words for support.
    const error = screen.getByTestId('sync-error');
    expect(error.textContent).toBe('the server (https://dossier.example) cannot be reached: work continues offline');
    expect(error.dataset.code).toBe('sync.unreachable');
    emit!({
      payload: status({
        state: 'syncing',
        progress: { phase: 'downloading', done: 2, total: 5, bytes_done: 200, bytes_total: 500 },
      }),
    });
    await waitFor(() =>
      expect((screen.getByTestId('sync-progress')).textContent).toContain('Downloading documents: 2 of 5'),
    );
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('2');
  });

  it('asks to sign in again when the session expired, in French too', async () => {
    setLang('fr');
    useInvoke(() => status({ state: 'sign_in_required', pending: 2 }), {
      sign_in: () => ({ user: 'ana', role: 'officer', keyring_warning: null }),
    });
    const onsignedin = vi.fn();
    render(SyncIndicator, { onsignedin });
    expect((await screen.findByTestId('sync-state')).textContent).toContain('Reconnectez-vous');
    expect((screen.getByTestId('sync-pending')).textContent).toContain('En attente\u00a0: 2');
    const form = screen.getByTestId('sync-sign-in');
    expect(await wcagViolations()).toEqual([]);
    await fireEvent.input(within(form).getByPlaceholderText('Nom d’utilisateur'), { target: { value: 'ana' } });
    await fireEvent.input(within(form).getByPlaceholderText('Mot de passe'), { target: { value: 'secret' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Se connecter' }));
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith('sign_in', { user: 'ana', password: 'secret' }));
    // The signed-in user acts from now on: the app reads who is using it again.
    await waitFor(() => expect(onsignedin).toHaveBeenCalledTimes(1));
  });

  it('says clearly when the keyring could not keep the sign-in', async () => {
    useInvoke(() => status({ state: 'signed_out' }), {
      sign_in: () => ({ user: 'ana', role: 'officer', keyring_warning: { id: 'sync-error-keyring-session', args: {} } }),
    });
    render(SyncIndicator);
    const form = await screen.findByTestId('sync-sign-in');
    await fireEvent.input(within(form).getByPlaceholderText('User name'), { target: { value: 'ana' } });
    await fireEvent.input(within(form).getByPlaceholderText('Password'), { target: { value: 'pw' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/no keyring keeps the session/)).toBeTruthy();
  });

  it('says why a sign-in failed in the screen’s language, the English words kept for support', async () => {
    setLang('fr');
    useInvoke(() => status({ state: 'signed_out' }), {
      sign_in: () => {
        throw { code: 'sync.auth', message: 'the server refused the credentials', reason: { id: 'sync-error-forbidden', args: {} } };
      },
    });
    render(SyncIndicator);
    const form = await screen.findByTestId('sync-sign-in');
    await fireEvent.input(within(form).getByPlaceholderText('Nom d’utilisateur'), { target: { value: 'ana' } });
    await fireEvent.input(within(form).getByPlaceholderText('Mot de passe'), { target: { value: 'pw' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Se connecter' }));
    const failure = await screen.findByTestId('sync-failure');
    expect(failure.textContent).toBe(renderText({ id: 'sync-error-forbidden', args: {} }, 'fr'));
    expect(failure.dataset.code).toBe('sync.auth');
    expect(failure.getAttribute('title')).toBe('the server refused the credentials');
  });

  it('shows nothing when the app has no sync commands', async () => {
    invokeMock.mockRejectedValue({ code: 'not_found', message: 'unknown command' });
    render(SyncIndicator);
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByTestId('sync-indicator')).toBeNull();
  });
});

describe('SyncIndicator: what a screen reader hears', () => {
  const unreachable = {
    code: 'sync.unreachable',
    message: 'the server cannot be reached; work continues offline',
    text: { id: 'sync-error-unreachable', args: { url: { type: 'plain' as const, value: 'https://dossier.example' } } },
  };

  it('shows every state in words of its own, its colour only repeating them', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const words = Object.values(CONNECTION_LABEL).map((id) => translate(lang, id));
      expect(new Set(words).size, lang).toBe(Object.keys(CONNECTION_LABEL).length);
      for (const w of words) expect(w, lang).toMatch(/\p{L}{2,}/u);
    }
    useInvoke(() => status({ state: 'offline' }));
    render(SyncIndicator);
    const shown = await screen.findByTestId('sync-state');
    expect(shown.classList.contains('state-offline')).toBe(true);
    expect(shown.textContent).toBe('Offline');
  });

  it('says each change of state in its own polite region, there before the first change', async () => {
    useInvoke(() => status());
    render(SyncIndicator);
    const live = screen.getByTestId('sync-live');
    // In the DOM from the start, empty; the state first read is not a change.
    expect(live.getAttribute('role')).toBe('status');
    expect(live.getAttribute('aria-live')).toBe('polite');
    await screen.findByTestId('sync-state');
    await waitFor(() => expect(emit).not.toBeNull());
    expect(live.textContent).toBe('');
    // The shown state is not a second live region.
    const shown = screen.getByTestId('sync-state');
    expect(shown.getAttribute('role')).toBeNull();
    expect(shown.getAttribute('aria-live')).toBeNull();

    emit!({ payload: status({ state: 'offline', last_error: unreachable }) });
    await waitFor(() =>
      expect(live.textContent).toBe('Offline — the server (https://dossier.example) cannot be reached: work continues offline'),
    );
    // Said there once: the reason shown beside the state is not an alert too.
    expect(screen.getByTestId('sync-error').getAttribute('role')).toBeNull();
    emit!({ payload: status({ state: 'syncing' }) });
    await waitFor(() => expect(live.textContent).toBe('Syncing…'));
    emit!({ payload: status({ state: 'online' }) });
    await waitFor(() => expect(live.textContent).toBe('Online'));
    emit!({ payload: status({ state: 'error', last_error: unreachable }) });
    await waitFor(() => expect(live.textContent).toContain('Sync error — '));
    expect(screen.getByTestId('sync-live')).toBe(live);
    // Progress within a state is not a change of state.
    const before = live.textContent;
    emit!({ payload: status({ state: 'error', last_error: unreachable, pending: 4 }) });
    await waitFor(() => expect(screen.getByTestId('sync-pending').textContent).toContain('4'));
    expect(live.textContent).toBe(before);
  });

  it('says the change in French', async () => {
    setLang('fr');
    useInvoke(() => status());
    render(SyncIndicator);
    await screen.findByTestId('sync-state');
    await waitFor(() => expect(emit).not.toBeNull());
    emit!({ payload: status({ state: 'offline', last_error: unreachable }) });
    await waitFor(() =>
      expect(screen.getByTestId('sync-live').textContent).toBe(
        'Hors ligne — le serveur (https://dossier.example) est injoignable\u00a0: le travail continue hors ligne',
      ),
    );
    emit!({ payload: status({ state: 'syncing' }) });
    await waitFor(() => expect(screen.getByTestId('sync-live').textContent).toBe('Synchronisation…'));
  });

  it('says a signed-in state after signing in, and a failed step in an alert region there beforehand', async () => {
    let current = status({ state: 'signed_out' });
    let refuse = true;
    useInvoke(() => current, {
      sign_in: () => {
        if (refuse) throw { code: 'sync.auth', message: 'the server refused the credentials', reason: { id: 'sync-error-forbidden', args: {} } };
        current = status();
        return { user: 'ana', role: 'officer', keyring_warning: { id: 'sync-error-keyring-session', args: {} } };
      },
    });
    const announced = mountAnnouncer();
    render(SyncIndicator);
    const form = await screen.findByTestId('sync-sign-in');
    const alert = screen.getByTestId('sync-alert');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent?.trim()).toBe('');
    await fireEvent.input(within(form).getByPlaceholderText('User name'), { target: { value: 'ana' } });
    await fireEvent.input(within(form).getByPlaceholderText('Password'), { target: { value: 'pw' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(alert.textContent?.trim()).toBe(renderText({ id: 'sync-error-forbidden', args: {} }, 'en')));
    expect(screen.getByTestId('sync-alert')).toBe(alert);

    refuse = false;
    await fireEvent.input(within(form).getByPlaceholderText('Password'), { target: { value: 'pw' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByTestId('sync-live').textContent).toBe('Online'));
    expect(alert.textContent?.trim()).toBe('');
    // The keyring's warning: said in the app's live region, shown beside the state.
    const warning = renderText({ id: 'sync-error-keyring-session', args: {} }, 'en');
    await waitFor(() => expect(announced().textContent).toBe(warning));
    expect(screen.getByTestId('sync-warning').textContent).toBe(warning);
  });
});

describe('Conflicts', () => {
  it('lists each rejected operation with both versions and closes with Escape', async () => {
    useInvoke(() => status({ conflicts: 1 }));
    render(SyncIndicator);
    await fireEvent.click(await screen.findByTestId('sync-conflicts'));
    const dialog = await screen.findByRole('dialog', { name: 'Sync conflicts' });
    const item = await within(dialog).findByTestId('conflict');
    expect((item).textContent).toContain('File 2024-AI-000020');
    const mine = within(item).getByRole('region', { name: 'Your version' });
    // As the audit trail says it, the item in the program's words.
    expect(renderText(conflict.summary, 'en')).toContain('Form, part 1');
    expect((mine).textContent).toContain(`${renderText(conflict.summary, 'en')} — by ana`);
    const theirs = within(item).getByRole('region', { name: 'The server’s version' });
    expect((theirs).textContent).toContain('Status now:');
    expect((theirs).textContent).toContain('conflict.transition');
    expect((theirs).textContent).toContain(`Reason: ${renderText(conflict.rejection.reason!, 'en')}`);
    expect((theirs).textContent).toContain('bob');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    expect(await wcagViolations()).toEqual([]);
    // In French: the operation and the reason in French words, the code kept for support.
    setLang('fr');
    await waitFor(() =>
      expect(theirs.textContent).toContain(`Motif\u00a0: ${renderText(conflict.rejection.reason!, 'fr')}`),
    );
    expect(mine.textContent).toContain(`${renderText(conflict.summary, 'fr')} — par ana`);
    expect(mine.textContent).toContain('Formulaire, partie 1');
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
