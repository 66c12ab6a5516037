import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDateTime } from './format';
import { toIpcError } from './api';

describe('format', () => {
  it('shows instants in Montréal time, winter and summer', () => {
    expect(formatDateTime('2024-01-05T19:03:00Z')).toBe('2024-01-05 14:03');
    expect(formatDateTime('2024-07-01T03:30:00Z')).toBe('2024-06-30 23:30');
    expect(formatDate('2024-01-06T02:00:00Z')).toBe('2024-01-05');
    expect(formatDate('2024-02-12')).toBe('2024-02-12');
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

  it('keeps a refusal’s reason in French and English, and drops a malformed one', () => {
    const reason = { fr: 'seul un superviseur', en: 'only a supervisor' };
    expect(toIpcError({ code: 'auth.forbidden', message: 'only a supervisor', reason })).toEqual({
      code: 'auth.forbidden',
      message: 'only a supervisor',
      reason,
    });
    expect(toIpcError({ code: 'x', message: 'm', reason: { fr: 'seulement' } }).reason).toBeNull();
  });
});
