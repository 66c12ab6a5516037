// Formatting shared by every screen: dates as YYYY-MM-DD, times in America/Montreal,
// numbers with the fr-CA / en-CA conventions.
import type { Language } from './bindings/Language';

export const TIME_ZONE = 'America/Montreal';

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

/** RFC 3339 instant -> `2024-01-05 14:03` in Montréal time. */
export function formatDateTime(iso: string): string {
  const p = parts(iso);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : iso;
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

export function formatNumber(n: number, lang: Language, maxFraction = 0): string {
  return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: maxFraction }).format(n);
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
  return `${formatNumber(v, lang, i === 0 ? 0 : 1)}\u00a0${units[i]}`;
}
