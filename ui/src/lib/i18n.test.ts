import { describe, expect, it } from 'vitest';
import { en, fr } from './i18n';
import { STATUSES, STREAMS, PROFILES, DUE_FILTERS } from './queueState.svelte';

describe('i18n dictionaries', () => {
  it('have identical key sets', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('have no empty strings', () => {
    for (const dict of [fr, en]) {
      for (const [k, v] of Object.entries(dict)) {
        expect(typeof v, k).toBe('string');
        expect(v.trim(), k).not.toBe('');
      }
    }
  });

  it('name every status, stream, profile and due filter', () => {
    const keys = new Set(Object.keys(fr));
    for (const s of STATUSES) expect(keys.has(`status.${s}`), s).toBe(true);
    for (const s of STREAMS) expect(keys.has(`stream.${s}`), s).toBe(true);
    for (const p of PROFILES) expect(keys.has(`profile.${p}`), p).toBe(true);
    for (const d of DUE_FILTERS) expect(keys.has(`due.${d}`), d).toBe(true);
  });

  it('uses the program names', () => {
    expect([fr['stream.ai'], en['stream.ai']]).toEqual(['IA', 'AI']);
    expect([fr['stream.it_vfx'], en['stream.it_vfx']]).toEqual(['TI-EV', 'IT-VFX']);
    expect([fr['profile.francization'], en['profile.francization']]).toEqual(['Francisation', 'Francization']);
    expect([fr['profile.regular'], en['profile.regular']]).toEqual(['Régulier', 'Regular']);
  });
});
