import { describe, expect, it } from 'vitest';
import casesJson from '../../../assets/i18n/format-cases.json?raw';
import type { Arg } from './bindings/Arg';
import { formatBytes, formatDate, formatDateTime, formatMoney, formatNumber } from './format';
import { renderArg, renderText } from './i18n';
import { toIpcError } from './api';

// The cases the Rust side checks too (crates/vocab): each argument, as French and English write it.
const CASES = JSON.parse(casesJson) as Array<{ arg: Arg; fr: string; en: string }>;

describe('format-cases.json', () => {
  it('covers every kind of argument', () => {
    const kinds: Record<Arg['type'], true> = {
      plain: true,
      number: true,
      date: true,
      instant: true,
      money: true,
      bilingual: true,
      message: true,
      list: true,
    };
    expect(new Set(CASES.map((c) => c.arg.type))).toEqual(new Set(Object.keys(kinds)));
  });

  it('writes each argument as the Rust side does', () => {
    for (const c of CASES) {
      expect(renderArg(c.arg, 'fr'), JSON.stringify(c.arg)).toBe(c.fr);
      expect(renderArg(c.arg, 'en'), JSON.stringify(c.arg)).toBe(c.en);
    }
  });

  it('writes each argument the same inside a message', () => {
    for (const c of CASES) {
      if (c.arg.type === 'number') continue; // a number chooses plural forms; written the same
      const text = { id: 'conflicts-reason', args: { reason: c.arg } };
      expect(renderText(text, 'fr')).toBe(`Motif\u00a0: ${c.fr}`);
      expect(renderText(text, 'en')).toBe(`Reason: ${c.en}`);
    }
  });
});

describe('format', () => {
  it('shows instants in Montréal time, winter and summer', () => {
    expect(formatDateTime('2024-01-05T19:03:00Z', 'en')).toBe('2024-01-05 14:03');
    expect(formatDateTime('2024-07-01T03:30:00Z', 'en')).toBe('2024-06-30 23:30');
    expect(formatDateTime('2024-01-05T19:03:00Z', 'fr')).toBe('2024-01-05 14 h 03');
    expect(formatDateTime('2024-04-10T14:30:00Z', 'fr')).toBe('2024-04-10 10 h 30');
    expect(formatDate('2024-01-06T02:00:00Z')).toBe('2024-01-05');
    expect(formatDate('2024-02-12')).toBe('2024-02-12');
  });

  it('groups digits and writes amounts as Québec does', () => {
    expect(formatNumber(1234567, 'fr')).toBe('1\u00a0234\u00a0567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(-42, 'fr')).toBe('-42');
    expect(formatNumber(1.25, 'fr', 2)).toBe('1,25');
    expect(formatMoney(127900, 'fr')).toBe('1\u00a0279,00\u00a0$');
    expect(formatMoney(-5, 'en')).toBe('-$0.05');
  });

  it('formats sizes per locale', () => {
    expect(formatBytes(512, 'en')).toBe('512\u00a0B');
    expect(formatBytes(1536, 'en')).toBe('1.5\u00a0KB');
    expect(formatBytes(1536, 'fr')).toBe('1,5\u00a0ko');
    expect(formatBytes(1_572_864, 'fr')).toBe('1,5\u00a0Mo');
  });
});

describe('toIpcError', () => {
  it('keeps {code, message}, wraps strings, never exposes a stack', () => {
    expect(toIpcError({ code: 'x', message: 'boom' })).toEqual({ code: 'x', message: 'boom', reason: null });
    expect(toIpcError('command queue not found')).toEqual({ code: 'unknown', message: 'command queue not found', reason: null });
    const e = toIpcError(new Error('bad'));
    expect(e).toEqual({ code: 'unknown', message: 'bad', reason: null });
  });

  it('keeps a refusal’s reason as a message of the catalogue, and drops a malformed one', () => {
    const reason = { id: 'refusal-only-supervisor-can-approve-or-send-back', args: {} };
    expect(toIpcError({ code: 'auth.forbidden', message: 'only a supervisor', reason })).toEqual({
      code: 'auth.forbidden',
      message: 'only a supervisor',
      reason,
    });
    const withArgs = { id: 'refusal-text-empty', args: { what: { type: 'plain', value: 'la note' } } };
    expect(toIpcError({ code: 'rules.unmet', message: 'm', reason: withArgs }).reason).toEqual(withArgs);
    for (const bad of [{ id: 'x' }, { id: '', args: {} }, { id: 'x', args: [] }, { fr: 'seulement' }, 'texte', 3]) {
      expect(toIpcError({ code: 'x', message: 'm', reason: bad }).reason, JSON.stringify(bad)).toBeNull();
    }
  });

  it('reads a reason in French and English (an older backend) as the words given', () => {
    const e = toIpcError({ code: 'auth.forbidden', message: 'm', reason: { fr: 'seul un superviseur', en: 'only a supervisor' } });
    expect(e.reason).toEqual({
      id: 'reason-as-given',
      args: { text: { type: 'bilingual', value: { fr: 'seul un superviseur', en: 'only a supervisor' } } },
    });
    expect(renderText(e.reason!, 'en')).toBe('only a supervisor');
  });
});
