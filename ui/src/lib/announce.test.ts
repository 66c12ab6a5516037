import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { ANNOUNCE_DELAY_MS, announce, announcer, failureSentence, resetAnnouncer } from './announce.svelte';
import { setLang } from './locale.svelte';
import { said } from '../test/fixtures';
import App from '../App.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(async () => null) }));

beforeEach(() => {
  resetAnnouncer();
  setLang('fr');
});
afterEach(() => vi.useRealTimers());

describe('announce', () => {
  it('empties the region, then says the words: the same words twice are read twice', () => {
    vi.useFakeTimers();
    announce('Étape consignée');
    expect(announcer.text).toBe('');
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    expect(announcer.text).toBe('Étape consignée');
    announce('Étape consignée');
    expect(announcer.text).toBe('');
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    expect(announcer.text).toBe('Étape consignée');
  });

  it('says only the last of words said in quick succession', () => {
    vi.useFakeTimers();
    announce('Page 2 sur 12');
    announce('Page 3 sur 12');
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    expect(announcer.text).toBe('Page 3 sur 12');
  });

  it('words a failure as the error box does: refused with its reason, or failed', () => {
    const reason = said('Pas maintenant', 'Not now');
    expect(failureSentence({ code: 'rules.unmet', message: 'not now', reason })).toBe('Refusé\u00a0: Pas maintenant');
    setLang('en');
    expect(failureSentence({ code: 'rules.unmet', message: 'not now', reason })).toBe('Refused: Not now');
    expect(failureSentence({ code: 'store.io', message: 'disk full', reason: null })).toMatch(/^The action could not be done/);
  });

  it('has one polite region in the app, mounted from the start', async () => {
    render(App);
    const regions = screen.getAllByTestId('announcer');
    expect(regions).toHaveLength(1);
    expect(regions[0].getAttribute('role')).toBe('status');
    expect(regions[0].getAttribute('aria-live')).toBe('polite');
    expect(regions[0].classList.contains('visually-hidden')).toBe(true);
  });
});
