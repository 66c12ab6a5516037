import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import App from './App.svelte';
import type { QueueQuery } from './lib/bindings/QueueQuery';
import { setLang } from './lib/locale.svelte';
import { resetQueueState } from './lib/queueState.svelte';
import { appInfo, detail, documentInfo, page, row } from './test/fixtures';

const invokeMock = vi.mocked(invoke);

type Handler = (cmd: string, args?: Record<string, unknown>) => unknown;

function useInvoke(overrides: Partial<Record<string, Handler>> = {}) {
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    const a = args as Record<string, unknown> | undefined;
    const o = overrides[cmd];
    if (o) return o(cmd, a);
    switch (cmd) {
      case 'startup_problem':
        return null;
      case 'app_info':
        return appInfo;
      case 'queue':
        return page(a!.query as QueueQuery);
      case 'case_detail': {
        const id = a!.id as string;
        return detail(row(Number(id.replace('case-', '')) - 1));
      }
      case 'document_info':
        return documentInfo(a!.documentId as string);
      case 'scan_matches':
        return [];
    }
    throw { code: 'not_found', message: `unknown command ${cmd}` };
  });
}

function queueCalls(): QueueQuery[] {
  return invokeMock.mock.calls.filter(([cmd]) => cmd === 'queue').map(([, a]) => (a as { query: QueueQuery }).query);
}

function lastQueueQuery(): QueueQuery {
  const calls = queueCalls();
  return calls[calls.length - 1];
}

async function renderLoaded() {
  const r = render(App);
  await screen.findByTestId('queue-table');
  await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(50));
  return r;
}

beforeEach(() => {
  invokeMock.mockReset();
  localStorage.clear();
  setLang('fr');
  resetQueueState();
  useInvoke();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('queue', () => {
  it('renders rows from the page with formatted dates and the total', async () => {
    await renderLoaded();
    const rows = screen.getAllByTestId('queue-row');
    expect(rows[0].dataset.fileNumber).toBe('2024-AI-000001');
    expect(rows[0].textContent).toContain('Nom1, Prénom');
    expect(rows[0].textContent).toContain('IA');
    // 19:03 UTC on 5 January is 14:03 in Montréal (EST), written 14 h 03 in French.
    expect(rows[0].textContent).toContain('2024-01-05 14 h 03');
    expect(rows[0].textContent).toContain('2024-02-12');
    expect(rows[0].textContent).toContain('dans 9 jours');
    expect(screen.getByTestId('queue-total').textContent).toBe('300 dossiers');
    expect(screen.getByTestId('current-user').textContent).toContain('mtremblay');
    // The rules' name of the role (role-name-officer), capitalised by CSS only.
    expect(screen.getByTestId('current-role').textContent).toBe('agent');
    expect(screen.getByTestId('current-role').classList.contains('first-upper')).toBe(true);

    const q = queueCalls()[0];
    expect(q).toEqual({
      filter: { stream: null, profile: null, status: null, due: null, search: null, work: null, assignee: null },
      sort: 'due_date',
      direction: 'asc',
      offset: 0,
      limit: 50,
    });
  });

  it('asks for filter.stream = "ai" when the stream filter changes', async () => {
    await renderLoaded();
    const select = screen.getByLabelText('Volet') as HTMLSelectElement;
    expect(select.id).toBe('filter-stream');
    await fireEvent.change(select, { target: { value: 'ai' } });
    await waitFor(() => expect(lastQueueQuery().filter.stream).toBe('ai'));
    expect(lastQueueQuery().offset).toBe(0);
  });

  it('sends filter.search after the debounce', async () => {
    await renderLoaded();
    const before = queueCalls().length;
    const input = document.getElementById('search') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'ngu' } });
    await fireEvent.input(input, { target: { value: 'nguyen' } });
    expect(queueCalls().length).toBe(before); // not yet: debounced
    await waitFor(() => expect(lastQueueQuery().filter.search).toBe('nguyen'));
    // Only one request for the two keystrokes.
    expect(queueCalls().length).toBe(before + 1);
  });

  it('sorts by a column header and reflects it in aria-sort', async () => {
    await renderLoaded();
    const btn = screen.getByRole('button', { name: /No de dossier/ });
    await fireEvent.click(btn);
    await waitFor(() => expect(lastQueueQuery().sort).toBe('file_number'));
    expect(lastQueueQuery().direction).toBe('asc');
    expect(btn.closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    await fireEvent.click(btn);
    await waitFor(() => expect(lastQueueQuery().direction).toBe('desc'));
    expect(btn.closest('th')!.getAttribute('aria-sort')).toBe('descending');
  });

  it('pages with next/previous', async () => {
    await renderLoaded();
    await fireEvent.click(screen.getByTestId('page-next'));
    await waitFor(() => expect(lastQueueQuery().offset).toBe(50));
    await waitFor(() => expect(screen.getAllByTestId('queue-row')[0].dataset.fileNumber).toBe('2024-AI-000051'));
    await fireEvent.click(screen.getByTestId('page-prev'));
    await waitFor(() => expect(lastQueueQuery().offset).toBe(0));
  });

  it('shows the empty state', async () => {
    useInvoke({ queue: (_c, a) => page((a as { query: QueueQuery }).query, 0) });
    render(App);
    expect(await screen.findByText('Aucun dossier ne correspond')).toBeTruthy();
    expect(screen.getByTestId('queue-total').textContent).toBe('0 dossier');
  });

  it('shows an IPC error message with what to do, and retries', async () => {
    let fail = true;
    useInvoke({
      queue: (_c, a) => {
        if (fail) throw { code: 'store_unavailable', message: 'La base de données locale est verrouillée.' };
        return page((a as { query: QueueQuery }).query);
      },
    });
    render(App);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('La base de données locale est verrouillée.');
    expect(alert.textContent).toContain('Réessayez');
    expect(alert.textContent).toContain('store_unavailable');
    fail = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Réessayer' }));
    await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(50));
  });

  it('moves the selection with j/k and arrows', async () => {
    await renderLoaded();
    const rows = () => screen.getAllByTestId('queue-row');
    expect(rows()[0].getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(document.body, { key: 'j' });
    await fireEvent.keyDown(document.body, { key: 'ArrowDown' });
    await waitFor(() => expect(rows()[2].getAttribute('aria-selected')).toBe('true'));
    expect(rows()[0].getAttribute('aria-selected')).toBe('false');
    expect(document.activeElement).toBe(rows()[2]);
    await fireEvent.keyDown(document.activeElement!, { key: 'k' });
    await waitFor(() => expect(rows()[1].getAttribute('aria-selected')).toBe('true'));
  });

  it('opens with the focus on the search box, and comes back from a file to its row', async () => {
    await renderLoaded();
    // At start the officer can type a file number or a name at once.
    expect(document.activeElement?.id).toBe('search');
    await fireEvent.click(screen.getByRole('button', { name: 'Ouvrir le dossier 2024-AI-000003' }));
    await screen.findByTestId('case-view');
    await fireEvent.click(screen.getByTestId('back-to-queue'));
    await screen.findByTestId('queue-table');
    // Back from the file: on that file's row, not on the search box.
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.dataset.fileNumber).toBe('2024-AI-000003'));
    expect(document.activeElement?.getAttribute('data-testid')).toBe('queue-row');
  });

  it('"/" focuses the search box and "?" opens the shortcuts', async () => {
    await renderLoaded();
    await fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement?.id).toBe('search');
    (document.activeElement as HTMLElement).blur();
    await fireEvent.keyDown(document.body, { key: '?' });
    const dialog = await screen.findByTestId('shortcuts-dialog');
    expect(dialog.getAttribute('role')).toBe('dialog');
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('shortcuts-dialog')).toBeNull());
    // Escape in the dialog did not leave the queue.
    expect(screen.getByTestId('queue-table')).toBeTruthy();
  });
});

describe('case view', () => {
  it('j then Enter opens the case; persons show with ages; back keeps the filters', async () => {
    await renderLoaded();
    await fireEvent.change(screen.getByLabelText('Volet'), { target: { value: 'ai' } });
    await waitFor(() => expect(lastQueueQuery().filter.stream).toBe('ai'));
    await fireEvent.keyDown(document.body, { key: 'j' });
    await waitFor(() =>
      expect(screen.getAllByTestId('queue-row')[1].getAttribute('aria-selected')).toBe('true'),
    );
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });

    const view = await screen.findByTestId('case-view');
    // The family is one key away: 4.
    await waitFor(() => expect(within(view).getByTestId('case-tabs')).toBeTruthy());
    await fireEvent.keyDown(document.body, { key: '4' });
    await waitFor(() => expect(within(view).getAllByTestId('person-row')).toHaveLength(3));
    expect(invokeMock).toHaveBeenCalledWith('case_detail', { id: 'case-2' });
    const ages = within(view).getAllByTestId('person-age').map((td) => td.textContent);
    expect(ages).toEqual(['33', '35', '8']);
    expect(view.textContent).toContain('2024-AI-000002');
    // The shared names of the roles (names.ftl), as the audit trail and letters say them;
    // the table capitalises them with CSS.
    const roles = within(view).getAllByTestId('person-role');
    expect(roles.map((td) => td.textContent)).toEqual([
      'personne requérante principale',
      'conjoint ou conjoint de fait',
      'enfant à charge',
    ]);
    expect(roles.every((td) => td.classList.contains('first-upper'))).toBe(true);
    expect(view.textContent).toContain('1990-03-14');
    expect(view.textContent).toContain('Aucun représentant');
    // Every document of the file: 2.
    await fireEvent.keyDown(document.body, { key: '2' });
    await waitFor(() => expect(view.textContent).toContain('passeport.pdf'));
    expect(within(view).getAllByTestId('document-item')[0].textContent).toContain('Passeport');
    expect(view.textContent).toContain('Français');

    await fireEvent.click(screen.getByTestId('back-to-queue'));
    await screen.findByTestId('queue-table');
    expect((screen.getByLabelText('Volet') as HTMLSelectElement).value).toBe('ai');
    await waitFor(() => expect(lastQueueQuery().filter.stream).toBe('ai'));
  });

  it('Escape goes back to the queue', async () => {
    await renderLoaded();
    await fireEvent.click(screen.getByRole('button', { name: 'Ouvrir le dossier 2024-AI-000003' }));
    await screen.findByTestId('case-view');
    await fireEvent.keyDown(document.body, { key: 'Escape' });
    await screen.findByTestId('queue-table');
    expect(screen.queryByTestId('case-view')).toBeNull();
  });

  it('shows a case_detail error', async () => {
    useInvoke({
      case_detail: () => {
        throw { code: 'not_found', message: 'Dossier introuvable.' };
      },
    });
    await renderLoaded();
    await fireEvent.keyDown(document.body, { key: 'Enter' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Dossier introuvable.');
  });
});

describe('language switch', () => {
  it('switches labels, aria-pressed and <html lang>', async () => {
    await renderLoaded();
    const fr = screen.getByTestId('lang-fr');
    const en = screen.getByTestId('lang-en');
    expect(document.documentElement.lang).toBe('fr');
    expect(fr.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('columnheader', { name: /No de dossier/ })).toBeTruthy();

    await fireEvent.click(en);
    expect(en.getAttribute('aria-pressed')).toBe('true');
    expect(fr.getAttribute('aria-pressed')).toBe('false');
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByRole('columnheader', { name: /File number/ })).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: /No de dossier/ })).toBeNull();
    expect(screen.getByTestId('queue-total').textContent).toBe('300 files');
    expect(screen.getAllByTestId('queue-row')[0].textContent).toContain('AI');
    expect(screen.getAllByTestId('queue-row')[1].textContent).toContain('IT-VFX');
    expect(screen.getByLabelText('Stream')).toBeTruthy();
  });
});

describe('work queues', () => {
  const counts = {
    due_this_week: 12,
    overdue: 3,
    waiting_for_applicant: 40,
    ready_for_decision: 7,
    decisions_to_review: 2,
  };

  it('shows each of the day’s queues with its count and filters by it', async () => {
    useInvoke({ queue_counts: () => counts });
    await renderLoaded();
    const presets = within(screen.getByTestId('queue-presets'));
    const overdue = await presets.findByTestId('preset-overdue');
    await waitFor(() => expect(overdue.textContent).toContain('3'));
    expect(overdue.textContent).toContain('En retard');
    expect(presets.getByTestId('preset-all').getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(presets.getByTestId('preset-decisions_to_review'));
    await waitFor(() => expect(lastQueueQuery().filter.work).toBe('decisions_to_review'));
    expect(lastQueueQuery().filter.due).toBeNull();
    expect(presets.getByTestId('preset-decisions_to_review').getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(presets.getByTestId('preset-overdue'));
    await waitFor(() => expect(lastQueueQuery().filter.due).toBe('overdue'));
    expect(lastQueueQuery().filter.work).toBeNull();
  });

  it('names the queues in English', async () => {
    setLang('en');
    useInvoke({ queue_counts: () => counts });
    await renderLoaded();
    const ready = screen.getByTestId('preset-ready_for_decision');
    await waitFor(() => expect(ready.textContent).toContain('7'));
    expect(ready.textContent).toContain('Ready for a decision');
  });
});

describe('when pdfium is missing', () => {
  it('says so in the header, with what to do in the chosen language', async () => {
    useInvoke({
      app_info: () => ({
        ...appInfo,
        pdfium: { available: false, message: 'the pdfium library was not found (looked in: /x)' },
      }),
    });
    await renderLoaded();
    const notice = await screen.findByTestId('pdfium-notice');
    expect(notice.querySelector('summary')!.textContent).toBe('Affichage des pages indisponible');
    expect(notice.textContent).toContain('scripts/install-pdfium.sh');
    expect(notice.textContent).toContain('DOSSIER_PDFIUM_LIB');
    expect(within(notice).getByTestId('error-details').textContent).toContain('looked in: /x');
    await fireEvent.click(screen.getByTestId('lang-en'));
    expect(notice.querySelector('summary')!.textContent).toBe('Page rendering unavailable');
    expect(notice.textContent).toContain('Run scripts/install-pdfium.sh');
  });

  it('says nothing when pdfium is there', async () => {
    await renderLoaded();
    expect(screen.queryByTestId('pdfium-notice')).toBeNull();
  });
});

describe('when the store cannot be opened', () => {
  beforeEach(() => {
    invokeMock.mockReset();
    setLang('fr');
  });

  it('says why and what to do, in both languages, and shows nothing else', async () => {
    useInvoke({
      startup_problem: () => ({
        code: 'keyring.store_key_missing',
        message: 'the key of the local store at /home/x/dossier.db is not in your keyring',
      }),
    });
    render(App);
    const screenEl = await screen.findByTestId('startup-problem');
    expect(screenEl.dataset.code).toBe('keyring.store_key_missing');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Dossier ne peut pas ouvrir vos dossiers');
    expect(screen.getByRole('alert').textContent).toContain('n’est plus dans votre trousseau');
    expect(screenEl.textContent).toContain('/home/x/dossier.db');
    expect(screen.queryByTestId('queue-table')).toBeNull();
    expect(invokeMock.mock.calls.map(([cmd]) => cmd)).toEqual(['startup_problem']);
    await fireEvent.click(screen.getByTestId('lang-en'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Dossier cannot open your files');
    expect(screen.getByRole('alert').textContent).toContain('no longer in your keyring');
  });

  it('explains an unknown problem with the app’s own words', async () => {
    useInvoke({ startup_problem: () => ({ code: 'app.startup', message: 'disk on fire' }) });
    render(App);
    await screen.findByTestId('startup-problem');
    expect(screen.getByRole('alert').textContent).toContain('Le détail ci-dessous dit pourquoi');
    expect(screen.getByTestId('startup-problem').textContent).toContain('disk on fire');
  });
});

describe('the header’s places', () => {
  it('offers a supervisor “Décisions”, which shows the decisions to approve; an officer has the queue alone', async () => {
    await renderLoaded();
    expect(screen.getByTestId('nav-queue').getAttribute('aria-current')).toBe('page');
    expect(screen.queryByTestId('nav-decisions')).toBeNull();
    cleanup();
    useInvoke({ app_info: () => ({ ...appInfo, role: 'supervisor' }), proposals_to_review: () => [] });
    await renderLoaded();
    const decisions = await screen.findByTestId('nav-decisions');
    await fireEvent.click(decisions);
    await waitFor(() => expect(lastQueueQuery().filter.work).toBe('decisions_to_review'));
    expect(screen.getByTestId('nav-decisions').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('preset-decisions_to_review').getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(screen.getByTestId('nav-queue'));
    await waitFor(() => expect(lastQueueQuery().filter.work).toBeNull());
  });
});
