// The current interface language, shared by every component. French by default.
import type { Language } from './bindings/Language';
import { dictionaries, translate, type Key } from './i18n';
import { formatNumber, localeOf } from './format';

const STORAGE_KEY = 'dossier.lang';

function initial(): Language {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (v === 'fr' || v === 'en') return v;
  } catch {
    /* storage unavailable: keep the default */
  }
  return 'fr';
}

export const locale = $state<{ lang: Language }>({ lang: initial() });

export function setLang(lang: Language): void {
  locale.lang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
}

/** Reactive translation: re-evaluates in templates when the language changes. */
export function t(key: Key, vars?: Record<string, string | number>): string {
  return translate(dictionaries[locale.lang], key, vars);
}

/** Plural helper for keys that exist as `<base>.one` / `<base>.other`; `{n}` is locale-formatted. */
export function tn(base: string, n: number, vars?: Record<string, string | number>): string {
  const one = new Intl.PluralRules(localeOf(locale.lang)).select(n) === 'one';
  const key = (one ? `${base}.one` : `${base}.other`) as Key;
  return t(key, { ...vars, n: formatNumber(n, locale.lang) });
}
