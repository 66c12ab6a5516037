import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import { save } from '@tauri-apps/plugin-dialog';
import type { Figures } from '../bindings/Figures';
import type { FiguresView } from '../bindings/FiguresView';
import { announcer, resetAnnouncer } from '../announce.svelte';
import { setLang } from '../locale.svelte';
import { wcagViolations } from '../../test/axe';
import FiguresScreen from './FiguresScreen.svelte';

const invokeMock = vi.mocked(invoke);
const saveMock = vi.mocked(save);
const NBSP = '\u00a0';

const figures: Figures = {
  generated_at: '2026-12-07T19:05:00Z',
  caps: [
    {
      cap: { stream: null, profile: null },
      name: { fr: 'Plafond du programme', en: 'Program cap' },
      limit: 1500,
      used: 1210,
      remaining: 290,
      filled_at: null,
    },
    {
      cap: { stream: 'ai', profile: 'francization' } as unknown as Figures['caps'][number]['cap'],
      name: { fr: 'Sous-plafond : volet IA; profil francisation', en: 'Sub-cap: AI stream, francization profile' },
      limit: 50,
      used: 50,
      remaining: 0,
      filled_at: '2026-11-30T15:30:00Z',
    },
  ],
  receipts_per_week: [
    { week: '2026-11-16', received: 12 },
    { week: '2026-11-30', received: 1204 },
  ],
  by_status: [
    { status: 'received', files: 800 },
    { status: 'in_review', files: 400 },
    { status: 'refused', files: 10 },
  ],
  deadlines: [
    { officer: 'alex', due_this_week: 3, overdue: 1 },
    { officer: 'sam', due_this_week: 0, overdue: 0 },
  ],
  requests: { in_time: 7, late: 1, unanswered: 0 },
  decisions: [
    { status: 'selected', files: 30 },
    { status: 'refused', files: 10 },
  ],
  median_days_to_decision: 42.46,
};

const fresh: FiguresView = { figures, copy: false, offline_reason: null, received_at: '2026-12-07T19:05:01Z' };

function serve(view: FiguresView | (() => FiguresView)) {
  invokeMock.mockImplementation(async (cmd: string) => {
    if (cmd === 'figures') return typeof view === 'function' ? view() : view;
    if (cmd === 'save_text') return null;
    throw { code: 'not_found', message: cmd };
  });
}

beforeEach(() => {
  invokeMock.mockReset();
  saveMock.mockReset();
  resetAnnouncer();
  setLang('fr');
  serve(fresh);
});

afterEach(() => {
  setLang('fr');
});

const cells = (row: HTMLElement) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim());

describe('FiguresScreen: the program’s figures for supervisors', () => {
  it('shows each cap with its limit, use and the moment it filled, as Québec writes them', async () => {
    render(FiguresScreen, { onback: vi.fn() });
    const caps = await screen.findByTestId('figures-caps');
    expect(within(caps).getByRole('heading', { level: 2 }).textContent).toBe('Plafonds et sous-plafonds');
    const rows = within(caps).getAllByTestId('cap-row');
    expect(rows.map(cells)).toEqual([
      ['Plafond du programme', `1${NBSP}500`, `1${NBSP}210`, '290', 'non atteint'],
      ['Sous-plafond : volet IA; profil francisation', '50', '50', '0', '2026-11-30 à 10 h 30'],
    ]);
    expect(within(rows[1]).getByTestId('cap-filled').textContent).toBe('2026-11-30 à 10 h 30');
    expect(screen.getByTestId('figures-generated').textContent).toBe(
      'Chiffres calculés par le serveur le 2026-12-07 à 14 h 05.',
    );
    expect(screen.queryByTestId('figures-copy')).toBeNull();
    // The screen's title takes the focus, as every screen's does.
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }));
    expect(await wcagViolations(document.body)).toEqual([]);
  });

  it('draws the caps, the weeks, the statuses and the decisions as labelled images', async () => {
    render(FiguresScreen, { onback: vi.fn() });
    const caps = await screen.findByTestId('figures-caps');
    const charts = screen.getAllByTestId('figures-chart');
    expect(charts).toHaveLength(4);
    const svg = within(caps).getByTestId('figures-chart').querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Plafonds et sous-plafonds');
    expect(svg.getAttribute('aria-description')).toContain('Une barre par plafond');
    // One outlined bar (the limit) and one filled bar (the places used) per cap, the
    // figures written beside them in French.
    expect(svg.querySelectorAll('g.figures-limit rect')).toHaveLength(2);
    expect(svg.querySelectorAll('g.figures-bar rect')).toHaveLength(2);
    expect([...svg.querySelectorAll('g.figures-value text')].map((t) => t.textContent)).toEqual([
      `1${NBSP}210 / 1${NBSP}500`,
      '50 / 50',
    ]);
    // Every axis speaks the language: no field name of the data shows.
    expect(svg.textContent).not.toMatch(/limit|used|count/);
    // The weeks without receipts are drawn as empty weeks: 2026-11-16, -23 and -30.
    const weeks = within(screen.getByTestId('figures-receipts')).getByTestId('figures-chart');
    expect(weeks.querySelectorAll('g.figures-bar rect')).toHaveLength(3);
    expect(within(screen.getByTestId('figures-receipts')).getAllByTestId('week-row')).toHaveLength(2);
    for (const chart of charts) {
      expect(chart.querySelector('svg')?.getAttribute('aria-label')).toBeTruthy();
      expect(chart.querySelector('svg')?.getAttribute('aria-description')).toBeTruthy();
    }
  });

  it('shows statuses, deadlines, requests in time and decisions with the median', async () => {
    render(FiguresScreen, { onback: vi.fn() });
    await screen.findByTestId('figures-caps');
    expect(within(screen.getByTestId('figures-status')).getAllByTestId('status-row').map(cells)).toEqual([
      ['Reçue', '800'],
      ['En examen', '400'],
      ['Refusée', '10'],
    ]);
    const deadlines = screen.getByTestId('figures-deadlines');
    expect(within(deadlines).getAllByRole('columnheader').map((c) => c.textContent)).toEqual([
      'agent',
      'Échéance cette semaine',
      'En retard',
    ]);
    expect(within(deadlines).getAllByTestId('deadline-row').map(cells)).toEqual([
      ['alex', '3', '1'],
      ['sam', '0', '0'],
    ]);
    expect(screen.getByTestId('figures-requests-share').textContent?.trim()).toBe(
      `87,5${NBSP}% répondues dans le délai`,
    );
    expect(within(screen.getByTestId('figures-requests')).getAllByTestId('request-row').map(cells)).toEqual([
      ['Répondues dans le délai', '7', `87,5${NBSP}%`],
      ['Répondues en retard', '1', `12,5${NBSP}%`],
      ['Sans réponse', '0', `0${NBSP}%`],
    ]);
    expect(within(screen.getByTestId('figures-decisions')).getAllByTestId('decision-row').map(cells)).toEqual([
      ['Sélectionnée', '30'],
      ['Refusée', '10'],
    ]);
    expect(screen.getByTestId('figures-median').textContent?.trim()).toBe('42,5');
  });

  it('reads again in English when the language changes, charts included', async () => {
    render(FiguresScreen, { onback: vi.fn() });
    await screen.findByTestId('figures-caps');
    setLang('en');
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Program figures'));
    const caps = screen.getByTestId('figures-caps');
    expect(within(caps).getAllByTestId('cap-row').map(cells)).toEqual([
      ['Program cap', '1,500', '1,210', '290', 'not filled'],
      ['Sub-cap: AI stream, francization profile', '50', '50', '0', '2026-11-30 at 10:30'],
    ]);
    const svg = within(caps).getByTestId('figures-chart').querySelector('svg')!;
    expect(svg.getAttribute('aria-label')).toBe('Caps and sub-caps');
    expect([...svg.querySelectorAll('g.figures-value text')].map((t) => t.textContent)).toEqual(['1,210 / 1,500', '50 / 50']);
    expect(screen.getByTestId('figures-requests-share').textContent?.trim()).toBe('87.5% answered in time');
    expect(screen.getByTestId('figures-median').textContent?.trim()).toBe('42.5');
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Export CSV' })).toHaveLength(6);
    expect(await wcagViolations(document.body)).toEqual([]);
  });

  it('says when the figures are the last copy kept on this laptop, when it came and why', async () => {
    serve({
      figures,
      copy: true,
      received_at: '2026-12-05T14:00:00Z',
      offline_reason: {
        id: 'sync-error-unreachable',
        args: { url: { type: 'plain', value: 'https://dossier.example:8443' } },
      },
    });
    render(FiguresScreen, { onback: vi.fn() });
    const notice = await screen.findByTestId('figures-copy');
    expect(notice.textContent).toContain(
      `Le serveur n’a pas pu être joint${NBSP}: ces chiffres sont la dernière copie gardée sur ce portable, reçue le 2026-12-05 à 9 h.`,
    );
    expect(screen.getByTestId('figures-copy-reason').textContent).toBe(
      `Raison${NBSP}: le serveur (https://dossier.example:8443) est injoignable${NBSP}: le travail continue hors ligne`,
    );
    expect(screen.queryByTestId('figures-generated')).toBeNull();
    // The copy's figures show as the server's would.
    expect(screen.getAllByTestId('cap-row')).toHaveLength(2);
    expect(await wcagViolations(document.body)).toEqual([]);
  });

  it('shows an error it could not read past, and reads again when asked', async () => {
    let fail = true;
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'figures') {
        if (fail) throw { code: 'sync.unreachable', message: 'no server and no copy kept', reason: null };
        return fresh;
      }
      throw { code: 'not_found', message: cmd };
    });
    render(FiguresScreen, { onback: vi.fn() });
    const box = await screen.findByTestId('error');
    expect(box.getAttribute('role')).toBe('alert');
    expect(box.textContent).toContain('no server and no copy kept');
    expect(screen.queryByTestId('figures-caps')).toBeNull();
    expect(await wcagViolations(document.body)).toEqual([]);
    fail = false;
    await fireEvent.click(within(box).getByRole('button'));
    expect(await screen.findByTestId('figures-caps')).toBeTruthy();
    expect(screen.queryByTestId('error')).toBeNull();
  });

  it('reads the figures again with Refresh, and says where they come from', async () => {
    let used = 1210;
    serve(() => ({ ...fresh, figures: { ...figures, caps: [{ ...figures.caps[0], used, remaining: 1500 - used }] } }));
    render(FiguresScreen, { onback: vi.fn() });
    await screen.findByTestId('figures-caps');
    used = 1300;
    await fireEvent.click(screen.getByTestId('figures-refresh'));
    await waitFor(() => expect(cells(screen.getByTestId('cap-row'))[2]).toBe(`1${NBSP}300`));
    expect(invokeMock.mock.calls.filter(([c]) => c === 'figures')).toHaveLength(2);
    await waitFor(() => expect(announcer.text).toBe('Chiffres calculés par le serveur le 2026-12-07 à 14 h 05.'));
  });

  it('goes back to the files', async () => {
    const onback = vi.fn();
    render(FiguresScreen, { onback });
    await screen.findByTestId('figures-caps');
    await fireEvent.click(screen.getByRole('button', { name: 'Retour aux dossiers' }));
    expect(onback).toHaveBeenCalledOnce();
  });

  it('says so where there is nothing to count, and draws no empty chart', async () => {
    serve({
      ...fresh,
      figures: {
        ...figures,
        caps: [],
        receipts_per_week: [],
        by_status: [],
        deadlines: [],
        requests: { in_time: 0, late: 0, unanswered: 0 },
        decisions: [],
        median_days_to_decision: null,
      },
    });
    render(FiguresScreen, { onback: vi.fn() });
    const caps = await screen.findByTestId('figures-caps');
    expect(caps.textContent).toContain('Le programme n’a aucun plafond.');
    expect(screen.getByTestId('figures-receipts').textContent).toContain('Aucune demande reçue.');
    expect(screen.getByTestId('figures-status').textContent).toContain('Aucun dossier.');
    expect(screen.getByTestId('figures-deadlines').textContent).toContain('Aucune échéance ouverte.');
    expect(screen.getByTestId('figures-requests').textContent).toContain(
      'Aucune demande de 60 jours dont le délai est passé.',
    );
    expect(screen.getByTestId('figures-decisions').textContent).toContain('Aucune décision.');
    expect(screen.getByTestId('figures-median').textContent?.trim()).toBe('—');
    expect(screen.queryAllByTestId('figures-chart')).toHaveLength(0);
    expect(screen.queryAllByRole('button', { name: 'Exporter en CSV' })).toHaveLength(0);
    expect(await wcagViolations(document.body)).toEqual([]);
  });
});

describe('FiguresScreen: exporting a table as CSV', () => {
  it('saves the caps where the supervisor chose, in French with ; and a byte order mark', async () => {
    saveMock.mockResolvedValue('/home/sam/plafonds.csv');
    render(FiguresScreen, { onback: vi.fn() });
    await screen.findByTestId('figures-caps');
    const button = screen.getByTestId('figures-export-caps');
    expect(button.textContent).toBe('Exporter en CSV');
    expect(button.getAttribute('aria-describedby')).toBe('figures-caps-title');
    await fireEvent.click(button);
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith('save_text', expect.anything()));
    expect(saveMock).toHaveBeenCalledWith({
      defaultPath: 'plafonds-2026-12-07.csv',
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    const args = invokeMock.mock.calls.find(([c]) => c === 'save_text')![1] as { path: string; text: string };
    expect(args.path).toBe('/home/sam/plafonds.csv');
    expect(args.text).toBe(
      '\ufeffPlafond;Limite;Utilisées;Restantes;Atteint le\r\n' +
        'Plafond du programme;1500;1210;290;\r\n' +
        '"Sous-plafond : volet IA; profil francisation";50;50;0;2026-11-30 à 10 h 30\r\n',
    );
    expect((await screen.findByTestId('figures-exported')).textContent).toBe('Tableau exporté dans /home/sam/plafonds.csv.');
    await waitFor(() => expect(announcer.text).toBe('Tableau exporté dans /home/sam/plafonds.csv.'));
  });

  it('writes English with , and each table with its own columns', async () => {
    setLang('en');
    saveMock.mockResolvedValue('/tmp/x.csv');
    render(FiguresScreen, { onback: vi.fn() });
    await screen.findByTestId('figures-caps');
    const exported = async (section: string) => {
      invokeMock.mockClear();
      await fireEvent.click(screen.getByTestId(`figures-export-${section}`));
      await waitFor(() => expect(invokeMock).toHaveBeenCalledWith('save_text', expect.anything()));
      return (invokeMock.mock.calls.find(([c]) => c === 'save_text')![1] as { text: string }).text;
    };
    expect(await exported('caps')).toBe(
      '\ufeffCap,Limit,Used,Remaining,Filled on\r\n' +
        'Program cap,1500,1210,290,\r\n' +
        '"Sub-cap: AI stream, francization profile",50,50,0,2026-11-30 at 10:30\r\n',
    );
    expect(saveMock).toHaveBeenLastCalledWith(expect.objectContaining({ defaultPath: 'caps-2026-12-07.csv' }));
    expect(await exported('receipts')).toBe('\ufeffWeek of,Applications received\r\n2026-11-16,12\r\n2026-11-30,1204\r\n');
    expect(await exported('status')).toBe('\ufeffStatus,Files\r\nReceived,800\r\nIn review,400\r\nRefused,10\r\n');
    expect(await exported('deadlines')).toBe('\ufeffOfficer,Due this week,Overdue\r\nalex,3,1\r\nsam,0,0\r\n');
    expect(await exported('requests')).toBe(
      '\ufeffAnswer,Requests,Share\r\nAnswered in time,7,87.5%\r\nAnswered late,1,12.5%\r\nUnanswered,0,0%\r\n',
    );
    expect(await exported('decisions')).toBe('\ufeffOutcome,Decisions\r\nSelected,30\r\nRefused,10\r\n');
    expect(saveMock).toHaveBeenLastCalledWith(expect.objectContaining({ defaultPath: 'decisions-2026-12-07.csv' }));
  });

  it('writes nothing when the dialog is closed', async () => {
    saveMock.mockResolvedValue(null);
    render(FiguresScreen, { onback: vi.fn() });
    await screen.findByTestId('figures-caps');
    await fireEvent.click(screen.getByTestId('figures-export-status'));
    await waitFor(() => expect(saveMock).toHaveBeenCalled());
    expect(invokeMock.mock.calls.some(([c]) => c === 'save_text')).toBe(false);
    expect(screen.queryByTestId('figures-exported')).toBeNull();
    expect(screen.queryByTestId('figures-export-error')).toBeNull();
  });

  it('says which file could not be written, in the screen’s language', async () => {
    saveMock.mockResolvedValue('/media/usb/echeances-2026-12-07.csv');
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'figures') return fresh;
      if (cmd === 'save_text') {
        throw {
          code: 'export.write',
          message: 'writing /media/usb/echeances-2026-12-07.csv: No space left on device (os error 28)',
          reason: {
            id: 'export-write-failed',
            args: { path: { type: 'plain', value: '/media/usb/echeances-2026-12-07.csv' } },
          },
        };
      }
      throw { code: 'not_found', message: cmd };
    });
    render(FiguresScreen, { onback: vi.fn() });
    await screen.findByTestId('figures-caps');
    await fireEvent.click(screen.getByTestId('figures-export-deadlines'));
    const error = await screen.findByTestId('figures-export-error');
    expect(error.textContent).toContain(
      'Le fichier /media/usb/echeances-2026-12-07.csv n’a pas pu être écrit. Choisissez un autre dossier ou vérifiez l’espace disque.',
    );
    // Beside the table it belongs to, and nowhere else.
    expect(within(screen.getByTestId('figures-deadlines')).getByTestId('figures-export-error')).toBe(error);
    expect(screen.queryByTestId('figures-exported')).toBeNull();
    expect(await wcagViolations(document.body)).toEqual([]);
  });
});
