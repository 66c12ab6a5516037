// Formatting shared by every screen and by the arguments of messages (`renderText`): days
// as YYYY-MM-DD, times in America/Montreal (`10 h 30` in French, `10:30` in English),
// whole numbers grouped as `12 345` / `12,345`, amounts as `1 279,00 $` / `$1,279.00`.
//
// The Rust side writes the same (`crates/vocab/src/format.rs`); both are checked
// against `assets/i18n/format-cases.json` (format.test.ts here).
import type { Language } from './bindings/Language';

export const TIME_ZONE = 'America/Montreal';

/** The no-break space French puts between groups of digits, before `$` and before `:` `;` `!` `?`. */
export const NBSP = '\u00a0';

const partsFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(iso: string): Record<string, string> | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const out: Record<string, string> = {};
  for (const p of partsFormatter.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** RFC 3339 instant -> `2024-01-05 14 h 03` (French) or `2024-01-05 14:03` (English), in Montréal time. */
export function formatDateTime(iso: string, lang: Language): string {
  const p = parts(iso);
  if (!p) return iso;
  const time = lang === 'fr' ? `${p.hour} h ${p.minute}` : `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${time}`;
}

/**
 * RFC 3339 instant -> as a sentence says it, in Montréal time: `2024-04-10 à 10 h 30`
 * (`à 9 h` on the hour, no leading zero) or `2024-04-10 at 10:30`. The argument of a
 * message (`renderText`); the Rust side's `vocab::format::instant`.
 */
export function formatInstant(iso: string, lang: Language): string {
  const p = parts(iso);
  if (!p) return iso;
  const day = `${p.year}-${p.month}-${p.day}`;
  if (lang === 'en') return `${day} at ${p.hour}:${p.minute}`;
  const hour = String(Number(p.hour));
  return p.minute === '00' ? `${day} à ${hour} h` : `${day} à ${hour} h ${p.minute}`;
}

/** RFC 3339 instant -> `2024-01-05` (Montréal calendar day); a plain date passes through. */
export function formatDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const p = parts(iso);
  return p ? `${p.year}-${p.month}-${p.day}` : iso;
}

export function localeOf(lang: Language): string {
  return lang === 'fr' ? 'fr-CA' : 'en-CA';
}

/** `digits` (no sign) with `separator` between groups of three: `1 234 567`. */
function group(digits: string, separator: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
    out += digits[i];
  }
  return out;
}

/**
 * `12 345` (no-break space) in French, `12,345` in English; a negative number with a
 * leading `-`. Whole numbers are grouped by hand, exactly as the Rust side does; a
 * fraction (up to `maxFraction` digits) goes through Intl, its spaces made no-break.
 */
export function formatNumber(n: number, lang: Language, maxFraction = 0): string {
  const rounded = Number(n.toFixed(Math.min(Math.max(maxFraction, 0), 20)));
  if (Number.isSafeInteger(rounded)) {
    const sign = rounded < 0 ? '-' : '';
    return sign + group(String(Math.abs(rounded)), lang === 'fr' ? NBSP : ',');
  }
  return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: maxFraction })
    .format(n)
    .replace(/[\s\u202f\u2009]/g, NBSP)
    .replace(/\u2212/g, '-');
}

/** An amount in cents: `1 279,00 $` (no-break spaces) in French, `$1,279.00` in English; `-` before a negative one. */
export function formatMoney(cents: number, lang: Language): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const whole = String(Math.floor(abs / 100));
  const rest = String(abs % 100).padStart(2, '0');
  return lang === 'fr' ? `${sign}${group(whole, NBSP)},${rest}${NBSP}$` : `${sign}$${group(whole, ',')}.${rest}`;
}

/** Byte count -> `12,5 ko` / `12.5 KB`, `1,2 Mo` / `1.2 MB`. */
export function formatBytes(bytes: number, lang: Language): string {
  const units = lang === 'fr' ? ['o', 'ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${formatNumber(v, lang, i === 0 ? 0 : 1)}${NBSP}${units[i]}`;
}
