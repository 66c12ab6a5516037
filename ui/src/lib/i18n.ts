/// <reference types="vite/client" />
// The catalogue: every `.ftl` file of `assets/i18n/fr/` and `assets/i18n/en/` (the same
// files the Rust side compiles in), one Fluent bundle per language. French is the
// reference: `scripts/messages.mjs` generates `messages.ts` (each message id and its
// variables) from it, and `catalogue.test.ts` checks that English has the same ids and
// variables.
//
// `translate` renders a message of the screens; `renderText` renders a message the
// backend sent (`Text`), its arguments written as the Rust side writes them (`format.ts`).
import { FluentBundle, FluentNumber, FluentResource, type FluentVariable } from '@fluent/bundle';
import type { Arg } from './bindings/Arg';
import type { Language } from './bindings/Language';
import type { Text } from './bindings/Text';
import { formatDate, formatInstant, formatMoney, formatNumber, localeOf } from './format';
import type { MessageArgs, MessageId } from './messages';

export type { MessageArgs, MessageId } from './messages';

/** A message that takes no argument (a label): what the exhaustive maps of `labels.ts` hold. */
export type LabelId = { [K in MessageId]: MessageArgs[K] extends Record<string, never> ? K : never }[MessageId];


// `assets/i18n/<lang>/*.ftl`, by path. Vite inlines them (vite.config.ts lets the dev
// server read `../assets`).
const SOURCES: Record<Language, Record<string, string>> = {
  fr: import.meta.glob<string>('../../../assets/i18n/fr/*.ftl', { query: '?raw', import: 'default', eager: true }),
  en: import.meta.glob<string>('../../../assets/i18n/en/*.ftl', { query: '?raw', import: 'default', eager: true }),
};

/** The names of the catalogue's files (`app.ftl`, …) in `lang`, in name order. */
export function catalogueFiles(lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of Object.keys(SOURCES[lang]).sort()) out[path.slice(path.lastIndexOf('/') + 1)] = SOURCES[lang][path];
  return out;
}

/**
 * A count: plural selection as Fluent does it (`[one]`, `*[other]`), written as
 * `formatNumber` writes it (`12 345`, `12,345`) rather than by the bundle's own Intl.
 */
class Count extends FluentNumber {
  readonly lang: Language;

  constructor(value: number, lang: Language) {
    super(value);
    this.lang = lang;
  }

  toString(): string {
    return formatNumber(this.value, this.lang, 3);
  }
}

function build(lang: Language): FluentBundle {
  const bundle = new FluentBundle(localeOf(lang), { useIsolating: false });
  for (const [name, source] of Object.entries(catalogueFiles(lang))) {
    for (const e of bundle.addResource(new FluentResource(source))) {
      console.error(`assets/i18n/${lang}/${name}: ${e.message}`);
    }
  }
  return bundle;
}

const bundles: Partial<Record<Language, FluentBundle>> = {};

/** The bundle of `lang`, built on first use. */
export function bundleOf(lang: Language): FluentBundle {
  return (bundles[lang] ??= build(lang));
}

/** Whether the catalogue has the message `id` (checked in French, the reference). */
export function hasMessage(id: string): id is MessageId {
  return bundleOf('fr').hasMessage(id);
}

/** `id` formatted in `lang` with `args`; the id itself when the catalogue lacks it (as the Rust side does). */
function format(lang: Language, id: string, args: Record<string, FluentVariable>): string {
  const bundle = bundleOf(lang);
  const pattern = bundle.getMessage(id)?.value;
  if (!pattern) return id;
  const errors: Error[] = [];
  return bundle.formatPattern(pattern, args, errors);
}

/**
 * The message `id` of the screens in `lang`: a label takes no argument, any other message
 * exactly its variables (`messages.ts`). A number is a count: it chooses plural forms and
 * is written with grouped digits.
 */
export function translate<K extends LabelId>(lang: Language, id: K): string;
export function translate<K extends MessageId>(lang: Language, id: K, args: MessageArgs[K]): string;
export function translate(lang: Language, id: MessageId, args?: Record<string, string | number>): string {
  const values: Record<string, FluentVariable> = {};
  for (const [name, v] of Object.entries(args ?? {})) {
    values[name] = typeof v === 'number' ? new Count(v, lang) : v;
  }
  return format(lang, id, values);
}

/** One argument of a backend message, written out in `lang` (the Rust side's `catalogue::plain`). */
export function renderArg(arg: Arg, lang: Language): string {
  switch (arg.type) {
    case 'plain':
      return arg.value;
    case 'number':
      return formatNumber(arg.value, lang);
    case 'date':
      return formatDate(arg.value);
    case 'instant':
      return formatInstant(arg.value, lang);
    case 'money':
      return formatMoney(arg.value, lang);
    case 'bilingual':
      return arg.value[lang];
    case 'message':
      return renderText(arg.value, lang);
    case 'list':
      return arg.value.map((a) => renderArg(a, lang)).join(', ');
  }
}

/** A message the backend sent, in `lang`: a number stays a number so that it chooses plural forms. */
export function renderText(text: Text, lang: Language): string {
  const values: Record<string, FluentVariable> = {};
  for (const [name, arg] of Object.entries(text.args)) {
    if (!arg) continue;
    values[name] = arg.type === 'number' ? new Count(arg.value, lang) : renderArg(arg, lang);
  }
  return format(lang, text.id, values);
}
