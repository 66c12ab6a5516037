// The figures' tables as CSV files (RFC 4180) that a spreadsheet opens as they are: a UTF-8
// byte order mark first (Excel otherwise reads the accents as Windows-1252), CRLF line
// ends, a field quoted when it holds the separator, a quote or a line break (its quotes
// doubled). The separator is the one Excel expects in each language: `;` in French
// (fr-CA writes the decimal comma) and `,` in English. Numbers are written as the language
// writes them, without grouping (`1234,5` / `1234.5`), so that the spreadsheet reads them
// as numbers.
//
// And the numbers the screen and its CSV share: a share as a percentage (`87,5 %`), a
// number of days with one decimal (`42,5`).
import type { Language } from '../bindings/Language';
import { localeOf, NBSP } from '../format';

/** One field: text as shown, a number, or nothing (an empty field). */
export type Cell = string | number | null;

/** The byte order mark that tells a spreadsheet the file is UTF-8. */
export const BOM = '\ufeff';

/** The field separator of `lang`'s spreadsheets. */
export function separator(lang: Language): ';' | ',' {
  return lang === 'fr' ? ';' : ',';
}

/** Intl's spaces (narrow, thin) and minus sign, as the rest of the app writes them. */
function plain(s: string): string {
  return s.replace(/[\s\u202f\u2009]/g, NBSP).replace(/\u2212/g, '-');
}

/** `n` for a spreadsheet: the language's decimal mark, no grouping. */
export function csvNumber(n: number, lang: Language): string {
  if (!Number.isFinite(n)) return '';
  return plain(new Intl.NumberFormat(localeOf(lang), { useGrouping: false, maximumFractionDigits: 6 }).format(n));
}

/**
 * A text field that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, or a tab or
 * carriage return first) gets a `'` in front, so that a name in the data cannot run a
 * formula when the file is opened (OWASP's advice on CSV injection). Numbers are
 * written as numbers and never take it.
 */
function defused(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One field, quoted when it must be. */
export function field(cell: Cell, lang: Language): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? csvNumber(cell, lang) : defused(cell);
  const sep = separator(lang);
  return text.includes(sep) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV file of a table: `header` (in the screen's language), then `rows`. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[], lang: Language): string {
  const sep = separator(lang);
  const line = (cells: readonly Cell[]) => cells.map((c) => field(c, lang)).join(sep) + '\r\n';
  return BOM + line(header) + rows.map(line).join('');
}

/** `part` of `whole` as a percentage with at most one decimal (`87,5 %` / `87.5%`); null when `whole` is 0. */
export function formatShare(part: number, whole: number, lang: Language): string | null {
  if (whole <= 0) return null;
  return plain(
    new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 }).format(part / whole),
  );
}

/** `n` with exactly one decimal, grouped as the language groups (`1 234,5` / `1,234.5`). */
export function formatOneDecimal(n: number, lang: Language): string {
  return plain(
    new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n),
  );
}
