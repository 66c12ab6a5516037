// The current interface language, shared by every component (French by default), and
// the reactive ways to show text in it: `t` for the screens' own messages, `text` for a
// message the backend sent (`Text`), `shown` for the program's own data in French and
// English (`Bilingual`: a checklist item's label, a document's item).
import type { Bilingual } from './bindings/Bilingual';
import type { Language } from './bindings/Language';
import type { Text } from './bindings/Text';
import { renderText, translate, type LabelId, type MessageArgs, type MessageId } from './i18n';

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

/**
 * The message `id` in the current language; re-evaluates in templates when it changes.
 * Typed by the catalogue (`messages.ts`): no argument for a label, exactly the message's
 * variables otherwise (`t('queue-total', { n })`: Fluent chooses the plural form).
 * `messages.typecheck.ts` makes `npm run check` fail if this typing ever loosens.
 */
export function t<K extends LabelId>(id: K): string;
export function t<K extends MessageId>(id: K, args: MessageArgs[K]): string;
export function t(id: MessageId, args?: Record<string, string | number>): string {
  return translate(locale.lang, id as never, args as never);
}

/** A message the backend sent, in the current language. */
export function text(message: Text): string {
  return renderText(message, locale.lang);
}

/** Program data (`Bilingual`, or a `Text`) in the current language; '' when absent. */
export function shown(value: Bilingual | Text | null | undefined): string {
  if (!value) return '';
  return 'id' in value ? renderText(value, locale.lang) : value[locale.lang];
}
