import { describe, expect, it } from 'vitest';
import { checkDate, isCalendarDate, montrealToUtc, parseDate, parseTime, DATE_PATTERN, TIME_PATTERN } from './dates';
import { formatDateTime } from '../format';

describe('checkDate', () => {
  it('reads AAAA-MM-JJ, with or without dashes, around spaces', () => {
    expect(checkDate('2024-02-12')).toEqual({ state: 'valid', iso: '2024-02-12' });
    expect(checkDate(' 2024-11-20 ')).toEqual({ state: 'valid', iso: '2024-11-20' });
    expect(checkDate('20241120')).toEqual({ state: 'valid', iso: '2024-11-20' });
    expect(parseDate('2024-12-31')).toBe('2024-12-31');
  });

  it('says empty, malformed and impossible apart', () => {
    expect(checkDate('')).toEqual({ state: 'empty' });
    expect(checkDate('   ')).toEqual({ state: 'empty' });
    for (const s of ['11/20/2024', '20-11-2024', '2024-1-5', '2024-0212', '2024-11-20T10:00', 'demain', '2024-11']) {
      expect(checkDate(s).state, s).toBe('malformed');
    }
    for (const s of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '0000-01-01']) {
      expect(checkDate(s).state, s).toBe('impossible');
    }
    expect(parseDate('2024-02-30')).toBeNull();
  });

  it('knows leap years', () => {
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
    expect(isCalendarDate(1900, 2, 29)).toBe(false);
    expect(isCalendarDate(2023, 2, 29)).toBe(false);
    expect(isCalendarDate(33, 12, 31)).toBe(true);
  });

  it('offers patterns that match what it accepts', () => {
    const date = new RegExp(`^(?:${DATE_PATTERN})$`);
    expect(date.test('2024-02-12')).toBe(true);
    expect(date.test('20240212')).toBe(true);
    expect(date.test('12/02/2024')).toBe(false);
    const time = new RegExp(`^(?:${TIME_PATTERN})$`);
    for (const s of ['14:30', '9:05', '14h30', '14 h 30']) expect(time.test(s), s).toBe(true);
    expect(time.test('2 pm')).toBe(false);
  });
});

describe('parseTime', () => {
  it('reads the 24-hour clock as written in Québec', () => {
    expect(parseTime('14:30')).toBe('14:30');
    expect(parseTime('9:05')).toBe('09:05');
    expect(parseTime('14h30')).toBe('14:30');
    expect(parseTime('14 h 30')).toBe('14:30');
    expect(parseTime('0:00')).toBe('00:00');
    expect(parseTime('23:59')).toBe('23:59');
  });

  it('refuses what is not a time', () => {
    for (const s of ['', '24:00', '12:60', '2 pm', '1430', '14:3', 'midi']) expect(parseTime(s), s).toBeNull();
  });
});

describe('montrealToUtc', () => {
  it('uses standard time in winter and daylight time in summer', () => {
    expect(montrealToUtc('2024-11-20', '10:00')).toBe('2024-11-20T15:00:00Z');
    expect(montrealToUtc('2024-07-01', '10:00')).toBe('2024-07-01T14:00:00Z');
    expect(montrealToUtc('2024-12-31', '23:30')).toBe('2025-01-01T04:30:00Z');
  });

  it('follows the change to daylight time (2024-03-10, 02:00 → 03:00)', () => {
    expect(montrealToUtc('2024-03-09', '10:00')).toBe('2024-03-09T15:00:00Z');
    expect(montrealToUtc('2024-03-10', '01:30')).toBe('2024-03-10T06:30:00Z');
    expect(montrealToUtc('2024-03-10', '03:00')).toBe('2024-03-10T07:00:00Z');
    expect(montrealToUtc('2024-03-10', '10:00')).toBe('2024-03-10T14:00:00Z');
    expect(montrealToUtc('2024-03-11', '10:00')).toBe('2024-03-11T14:00:00Z');
  });

  it('refuses a time the clocks skip', () => {
    expect(montrealToUtc('2024-03-10', '02:00')).toBeNull();
    expect(montrealToUtc('2024-03-10', '02:30')).toBeNull();
  });

  it('follows the change back to standard time (2024-11-03, 02:00 → 01:00)', () => {
    expect(montrealToUtc('2024-11-02', '10:00')).toBe('2024-11-02T14:00:00Z');
    expect(montrealToUtc('2024-11-03', '00:30')).toBe('2024-11-03T04:30:00Z');
    // 01:30 happens twice: the first, still on daylight time.
    expect(montrealToUtc('2024-11-03', '01:30')).toBe('2024-11-03T05:30:00Z');
    expect(montrealToUtc('2024-11-03', '02:00')).toBe('2024-11-03T07:00:00Z');
    expect(montrealToUtc('2024-11-03', '10:00')).toBe('2024-11-03T15:00:00Z');
    expect(montrealToUtc('2024-11-04', '10:00')).toBe('2024-11-04T15:00:00Z');
  });

  it('gives back the wall clock it was given', () => {
    for (const [d, t] of [
      ['2024-01-15', '08:45'],
      ['2024-03-10', '03:15'],
      ['2024-06-21', '16:00'],
      ['2024-11-03', '01:59'],
      ['2025-03-09', '12:00'],
    ]) {
      expect(formatDateTime(montrealToUtc(d, t)!, 'en')).toBe(`${d} ${t}`);
    }
  });

  it('refuses incomplete or malformed input', () => {
    expect(montrealToUtc('', '10:00')).toBeNull();
    expect(montrealToUtc('2024-11-20', '')).toBeNull();
    expect(montrealToUtc('2024-02-30', '10:00')).toBeNull();
    expect(montrealToUtc('2024-11-20', '25:00')).toBeNull();
  });
});
