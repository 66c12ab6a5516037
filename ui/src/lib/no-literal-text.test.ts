// @vitest-environment node
// No user-visible words outside the catalogue (`assets/i18n/*/app.ftl`): every `.svelte`
// and `.ts` file of `src/` (tests, the generated `messages.ts`, the generated bindings and
// the test fixtures aside) is read, and this test fails naming each file and line where
// words are written in the code instead of taken from the catalogue:
//
//   (a) in Svelte markup, a text node with a letter (`{…}` expressions aside), and a
//       literal value with a letter of `aria-label`, `title`, `placeholder`, `alt`,
//       `aria-description`, `aria-roledescription` or `label`;
//   (b) in script and TypeScript code, and in the markup's `{…}` expressions, a string
//       literal (single, double or template quotes, template parts outside `${}`) with two
//       alphabetic words separated by a space, or with a letter with a French accent;
//   (c) in Svelte markup, a text node with punctuation spaced as French spaces it (a space
//       or a no-break space before `:` `;` `!` `?`): English writes it otherwise, so it
//       belongs to the messages of each language.
//
// Attributes other than those of (a) are not read: `class` lists, `data-testid` values,
// ids, `aria-keyshortcuts` key names, `type`, `autocomplete`… are not shown. Message ids,
// key names (`'Enter'`), MIME types and CSS values have no space and no accent, so (b)
// leaves them be. What still looks like words but is not (a selector, a format pattern, a
// URL scheme) is in ALLOWED below, each with why; an entry no longer needed fails too.
/// <reference types="vite/client" />
import { parse } from 'svelte/compiler';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every `.svelte` and `.ts` file under `src/`, as text, by path (`/src/…`): the tests, the
// generated `messages.ts` and bindings (ts-rs), and the test fixtures aside.
const SOURCES: Record<string, string> = import.meta.glob<string>(
  ['/src/**/*.svelte', '/src/**/*.ts', '!/src/**/*.test.ts', '!/src/lib/messages.ts', '!/src/lib/bindings/**', '!/src/test/**'],
  { query: '?raw', import: 'default', eager: true },
);

/** The attributes whose literal values are read by people (or their screen readers). */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription', 'label']);

/** Two alphabetic words separated by a space (ordinary or no-break). */
const WORDS = /\p{L}+[ \u00a0]+\p{L}+/u;
/** A letter with a French accent (or a French ligature). */
const ACCENTED = /[àâäçéèêëîïôöùûüÿœæ]/iu;
const LETTER = /\p{L}/u;
/** French spacing of high punctuation (rule c). */
const FRENCH_PUNCTUATION = /[ \u00a0\u202f][:;!?]/u;

/**
 * Strings that look like words and are not, each with why. `file` (a path under `src/`)
 * narrows an entry to the one file that needs it.
 */
const ALLOWED: Array<{ text: string | RegExp; file?: string; why: string }> = [
  {
    text: ' à ',
    file: 'lib/format.ts',
    why: 'a format pattern: an instant as a French sentence writes it (`2024-04-10 à 10 h 30`), exactly as crates/vocab/src/format.rs does; format-cases.json checks both',
  },
  {
    text: 'https://',
    file: 'lib/components/SyncIndicator.svelte',
    why: 'a URL scheme: the server address placeholder, the same in every language',
  },
  {
    text: /^\.[\w-]+ button:not\(\[disabled\]\)$/,
    file: 'lib/components/DecisionQueue.svelte',
    why: 'a CSS selector (`.proposal-actions button:not([disabled])`), never shown',
  },
  {
    text: /^[vdl]$/,
    file: 'lib/components/desk/ItemPane.svelte',
    why: 'the keys of the item actions, shown in <kbd> beside each button: the same letters in every language, and the shortcuts dialog names what they do',
  },
  {
    text: /^(a|an) [\w/ ()-]+$|^unrecognised binary data$/,
    file: 'lib/viewer/quality.ts',
    why: 'the keys of DETECTED_LABEL: the fixed phrases pdf::sniff records in a quality report (data of the operation log), each mapped to a catalogue message; never shown as they are',
  },
];

/** The entries of ALLOWED that let something through (none may be left unused). */
const used = new Set<(typeof ALLOWED)[number]>();

function allowed(text: string, file: string): boolean {
  const entry = ALLOWED.find(
    (a) => (a.file === undefined || a.file === file) && (typeof a.text === 'string' ? a.text === text : a.text.test(text)),
  );
  if (entry) used.add(entry);
  return entry !== undefined;
}

export type Finding = { file: string; line: number; what: string; text: string };

/** Whether a string literal of the code reads as words (rule b). */
export function wordy(text: string): boolean {
  return WORDS.test(text) || ACCENTED.test(text);
}

/**
 * The literal parts of a template (outside `${}`), by rule (b): each part that reads as
 * words; else the parts together when words straddle an expression (`Deux ${n} mots`).
 */
function templateParts(parts: string[], report: (index: number, text: string) => void): void {
  let any = false;
  parts.forEach((text, i) => {
    if (wordy(text)) {
      any = true;
      report(i, text);
    }
  });
  if (!any && WORDS.test(parts.join(' '))) report(0, parts.join('${…}'));
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

type EsNode = { type: string; start: number; end: number; [key: string]: unknown };

const isNode = (v: unknown): v is EsNode => !!v && typeof v === 'object' && typeof (v as EsNode).type === 'string';

/** The literals of an ESTree (the Svelte parser's script and `{…}` expressions), by rule (b). */
function scanEstree(node: unknown, report: (offset: number, what: string, text: string) => void, skip = new Set<unknown>()): void {
  if (Array.isArray(node)) {
    for (const n of node) scanEstree(n, report, skip);
    return;
  }
  if (!isNode(node) || skip.has(node)) return;
  if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') {
    // Module specifiers are paths, not words.
    if (node.source) skip.add(node.source);
  }
  if (node.type === 'Literal' && typeof node.value === 'string') {
    if (wordy(node.value)) report(node.start, 'string', node.value);
  } else if (node.type === 'TemplateLiteral') {
    const quasis = node.quasis as Array<EsNode & { value: { cooked: string | null; raw: string } }>;
    templateParts(
      quasis.map((q) => q.value.cooked ?? q.value.raw),
      (i, text) => report(quasis[i].start, 'template', text),
    );
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'name_loc') continue;
    if (value && typeof value === 'object') scanEstree(value, report, skip);
  }
}

type SvelteNode = EsNode & {
  name?: string;
  data?: string;
  value?: true | SvelteNode | SvelteNode[];
  expression?: unknown;
};

/** A Svelte component: markup by rule (a), its scripts and `{…}` expressions by rule (b). */
export function scanSvelte(file: string, source: string): Finding[] {
  const found: Finding[] = [];
  const report = (offset: number, what: string, text: string) => {
    if (!allowed(text, file)) found.push({ file, line: lineAt(source, offset), what, text });
  };
  const ast = parse(source, { modern: true }) as unknown as {
    fragment: SvelteNode;
    instance?: { content: unknown } | null;
    module?: { content: unknown } | null;
  };

  const markup = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) markup(n);
      return;
    }
    if (!isNode(node)) return;
    const n = node as SvelteNode;
    switch (n.type) {
      case 'Text':
        if (LETTER.test(n.data ?? '')) report(n.start, 'text', (n.data ?? '').trim());
        else if (FRENCH_PUNCTUATION.test(n.data ?? '')) report(n.start, 'punctuation', (n.data ?? '').trim());
        return;
      case 'Comment':
        return;
      case 'Attribute': {
        const parts = n.value === true || n.value === undefined ? [] : Array.isArray(n.value) ? n.value : [n.value];
        for (const part of parts) {
          if (part.type === 'Text') {
            if (TEXT_ATTRIBUTES.has(n.name ?? '') && LETTER.test(part.data ?? '')) report(part.start, `${n.name}=`, part.data ?? '');
          } else {
            scanEstree(part.expression, report);
          }
        }
        return;
      }
      case 'ExpressionTag':
        scanEstree(n.expression, report);
        return;
    }
    if (n.type.endsWith('Directive') || n.type === 'SpreadAttribute') {
      // `style:width="{w}px"`, `bind:value={…}`, `class:x={…}`, `{...props}`: code and CSS
      // values, never shown as text; their expressions are code, rule (b).
      const parts = n.value === true || n.value === undefined ? [] : Array.isArray(n.value) ? n.value : [n.value];
      for (const part of parts) if (part.type !== 'Text') scanEstree(part.expression, report);
      scanEstree(n.expression, report);
      return;
    }
    for (const [key, value] of Object.entries(n)) {
      if (key === 'loc' || key === 'name_loc' || key === 'start' || key === 'end') continue;
      if (value && typeof value === 'object') {
        // Block tests, `each` expressions, snippet parameters…: code, rule (b).
        if (key === 'expression' || key === 'test' || key === 'context' || key === 'key' || key === 'index') {
          scanEstree(value, report);
        } else {
          markup(value);
        }
      }
    }
  };

  markup(ast.fragment);
  if (ast.instance) scanEstree(ast.instance.content, report);
  if (ast.module) scanEstree(ast.module.content, report);
  return found;
}

/** A TypeScript module, by rule (b). */
export function scanTs(file: string, source: string): Finding[] {
  const found: Finding[] = [];
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  // `checked`: the caller already found words (the parts of a template).
  const report = (node: ts.Node, what: string, text: string, checked = false) => {
    if ((checked || wordy(text)) && !allowed(text, file)) {
      found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, what, text });
    }
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      // Module specifiers are paths, not words; what is imported is not text.
      return;
    }
    if (ts.isStringLiteral(node)) report(node, 'string', node.text);
    else if (ts.isNoSubstitutionTemplateLiteral(node)) report(node, 'template', node.text);
    else if (ts.isTemplateExpression(node)) {
      const literals = [node.head, ...node.templateSpans.map((span) => span.literal)];
      templateParts(
        literals.map((l) => l.text),
        (i, text) => report(literals[i], 'template', text, true),
      );
      for (const span of node.templateSpans) visit(span.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The files read, as paths under `src/`. */
function sources(): string[] {
  return Object.keys(SOURCES)
    .map((path) => path.slice('/src/'.length))
    .sort();
}

function scan(file: string): Finding[] {
  const source = SOURCES[`/src/${file}`];
  return file.endsWith('.svelte') ? scanSvelte(file, source) : scanTs(file, source);
}

const show = (f: Finding) => `src/${f.file}:${f.line}: ${f.what} ${JSON.stringify(f.text)}`;

describe('no hard-coded user-visible text', () => {
  it('reads the components and modules of the screens', () => {
    const files = sources();
    expect(files).toContain('App.svelte');
    expect(files).toContain('lib/components/casework/Casework.svelte');
    expect(files).toContain('lib/labels.ts');
    expect(files.some((f) => f.startsWith('lib/bindings/') || f.startsWith('test/') || f.endsWith('.test.ts'))).toBe(false);
    expect(files).not.toContain('lib/messages.ts');
    // As written, not as compiled.
    expect(SOURCES['/src/App.svelte']).toMatch(/^<script lang="ts">/);
    expect(SOURCES['/src/lib/labels.ts']).toContain('export const ACTION_LABEL');
  });

  it('finds words in markup, in text attributes and in string literals, and French spacing in markup', () => {
    const svelte = [
      '<script lang="ts">',
      "  import x from './some path/é.svelte';",
      "  const a = 'Fermer la fenêtre';",
      '  const b = `Déjà ${a} vu`;',
      "  const c = 'btn-primary';",
      '</script>',
      '<p class="btn btn-quiet" data-testid="two words" style:width="{a}px">Bonjour {a}</p>',
      '<input placeholder="Nom" aria-label={x ? "Open it" : a} title="{a}" />',
      '<!-- a comment in words -->',
      '{#if a === "Pas ça"}<span>{"Autre texte"}</span>{/if}',
      '<p>{`Il reste ${a} jours`}</p>',
      '<p>{a}&nbsp;: {a} — {a} · {a}</p>',
    ].join('\n');
    expect(scanSvelte('x.svelte', svelte).map((f) => [f.line, f.what, f.text])).toEqual([
      [7, 'text', 'Bonjour'],
      [8, 'placeholder=', 'Nom'],
      [8, 'string', 'Open it'],
      [10, 'string', 'Pas ça'],
      [10, 'string', 'Autre texte'],
      [11, 'template', 'Il reste '],
      [12, 'punctuation', ':'],
      [3, 'string', 'Fermer la fenêtre'],
      [4, 'template', 'Déjà '],
    ]);
    const tsSource = [
      "import { a } from './un chemin';",
      "export const m = 'Hello world';",
      'export const n = `${a} à ${a}`;',
      "export const o = 'queue-title';",
      "export const p = 'é';",
      '// A comment in words is not text.',
      'export const q = `Deux ${a} mots`;',
      'export const r = `${a}-hint ${a ? `${a}-error` : ""}`;',
    ].join('\n');
    expect(scanTs('x.ts', tsSource).map((f) => [f.line, f.text])).toEqual([
      [2, 'Hello world'],
      [3, ' à '],
      [5, 'é'],
      [7, 'Deux ${…} mots'],
    ]);
  });

  it('writes every word of the screens in the catalogue', () => {
    const findings = sources().flatMap(scan).map(show);
    expect(findings, 'move these words to assets/i18n/{fr,en}/app.ftl (or allow them, with why)').toEqual([]);
  });

  it('allows nothing it no longer needs, and says why for each', () => {
    used.clear();
    sources().forEach(scan);
    expect(ALLOWED.filter((a) => !used.has(a)).map((a) => String(a.text))).toEqual([]);
    for (const a of ALLOWED) expect(a.why.length, String(a.text)).toBeGreaterThan(20);
  });
});
