// Amounts in Canadian dollars as Québec officers type them, read to a whole number of
// cents (the backend's `Cad`): `1 234,56 $` (French), `$1,234.56` (English), or plain
// `1234.56` / `1234,56`. A separator followed by one or two digits is the decimal one; a
// comma followed by three digits groups thousands (`1,234` is $1,234.00). What could be
// read two ways (`1.234`) or is not money (three decimals, a sign) is refused, never guessed.
import type { Cad } from '../bindings/Cad';
import type { Language } from '../bindings/Language';
import { formatMoney } from '../format';

// Spaces officers and Intl put in amounts: ordinary, no-break, narrow no-break, thin.
const SPACES = /[\s\u00a0\u202f\u2009]+/g;

const FORMS = [
  // 1234 · 1234,5 · 1234.56
  /^(\d+)(?:[.,](\d{1,2}))?$/,
  // 1 234 · 1 234,56 · 1 234.56
  /^(\d{1,3}(?: \d{3})+)(?:[.,](\d{1,2}))?$/,
  // 1,234 · 1,234.56
  /^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/,
];

/** The amount typed, in cents, or null if it cannot be read as an amount of money. */
export function parseCad(text: string): Cad | null {
  let s = text.replace(SPACES, ' ').trim();
  // The currency, before or after (not both): `$`, `CAD`, `$ CA`, `CA$`.
  const before = s.replace(/^(?:CA ?\$|\$ ?CA|\$|CAD) ?/i, '');
  s = before !== s ? before : s.replace(/ ?(?:CA ?\$|\$ ?CA|\$|CAD)$/i, '');
  for (const form of FORMS) {
    const m = form.exec(s);
    if (!m) continue;
    const dollars = Number(m[1].replace(/[ ,]/g, ''));
    const cents = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'));
    const total = dollars * 100 + cents;
    return Number.isSafeInteger(total) ? total : null;
  }
  return null;
}

/** `1 279,00 $` in French, `$1,279.00` in English (what `parseCad` reads back). */
export function formatCad(cents: Cad, lang: Language): string {
  return formatMoney(cents, lang);
}

/** `formatCad`, or `—` when there is no amount (e.g. fees not known yet). */
export function formatCadOrDash(cents: Cad | null | undefined, lang: Language): string {
  return cents === null || cents === undefined ? '—' : formatCad(cents, lang);
}
