import { describe, expect, it } from 'vitest';
import { formatCad, formatCadOrDash, parseCad } from './money';

describe('parseCad', () => {
  it('reads French amounts', () => {
    expect(parseCad('1 234,56 $')).toBe(123456);
    expect(parseCad('1\u00a0234,56\u00a0$')).toBe(123456);
    expect(parseCad('1\u202f234,56\u00a0$')).toBe(123456);
    expect(parseCad('895 $')).toBe(89500);
    expect(parseCad('192,5 $')).toBe(19250);
    expect(parseCad('1 279 $')).toBe(127900);
    expect(parseCad('12 345 678,90 $')).toBe(1234567890);
  });

  it('reads English amounts', () => {
    expect(parseCad('$1,234.56')).toBe(123456);
    expect(parseCad('$ 1,234.56')).toBe(123456);
    expect(parseCad('$895')).toBe(89500);
    expect(parseCad('1,234')).toBe(123400);
    expect(parseCad('1,234,567.8')).toBe(123456780);
    expect(parseCad('CA$1,279.00')).toBe(127900);
  });

  it('reads plain amounts with either decimal separator', () => {
    expect(parseCad('1234.56')).toBe(123456);
    expect(parseCad('1234,56')).toBe(123456);
    expect(parseCad('1234')).toBe(123400);
    expect(parseCad(' 0,05 ')).toBe(5);
    expect(parseCad('1087 CAD')).toBe(108700);
    expect(parseCad('0')).toBe(0);
  });

  it('refuses what it would have to guess, and what is not money', () => {
    for (const s of [
      '',
      '$',
      'abc',
      '1.234',
      '1,2345',
      '12,345.678',
      '1.234,56',
      '-50',
      '+50',
      '12 34',
      '1 234 5',
      '1,234,56',
      '1.2.3',
      '12,34.56',
      '$1,234.56 $',
      '9'.repeat(20),
    ]) {
      expect(parseCad(s), s).toBeNull();
    }
  });

  it('reads back what it formats, in both languages', () => {
    for (const cents of [0, 5, 19200, 89500, 127900, 123456, 100000000]) {
      expect(parseCad(formatCad(cents, 'fr')), formatCad(cents, 'fr')).toBe(cents);
      expect(parseCad(formatCad(cents, 'en')), formatCad(cents, 'en')).toBe(cents);
    }
  });

  it('formats as officers write amounts', () => {
    expect(formatCad(127900, 'fr').replace(/[\u00a0\u202f]/g, ' ')).toBe('1 279,00 $');
    expect(formatCad(127900, 'en')).toBe('$1,279.00');
  });

  it('shows a dash when there is no amount', () => {
    expect(formatCadOrDash(null, 'fr')).toBe('—');
    expect(formatCadOrDash(undefined, 'en')).toBe('—');
    expect(formatCadOrDash(0, 'en')).toBe('$0.00');
  });
});
