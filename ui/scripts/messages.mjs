#!/usr/bin/env node
// Writes src/lib/messages.ts: the id of every message of the French catalogue
// (assets/i18n/fr/*.ftl, the reference language) and the variables it uses, so that
// `t('sync-pending', { count })` is checked by TypeScript: a misspelt id, a missing or
// unknown variable fails `npm run check`.
//
//   node scripts/messages.mjs           regenerate src/lib/messages.ts
//   node scripts/messages.mjs --check   exit 1 if src/lib/messages.ts is not up to date
//
// Run before `check`, `build`, `test` and `dev` (package.json); `messages.test.ts` fails
// when the committed file is stale. English must have the same ids and variables
// (`catalogue.test.ts`). The work itself is in messages-core.mjs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { messagesModule } from './messages-core.mjs';

const ui = join(dirname(fileURLToPath(import.meta.url)), '..');
const catalogue = join(ui, '..', 'assets', 'i18n', 'fr');
const target = join(ui, 'src', 'lib', 'messages.ts');

/** @type {Record<string, string>} */
const files = {};
for (const name of readdirSync(catalogue)) {
  if (name.endsWith('.ftl')) files[name] = readFileSync(join(catalogue, name), 'utf8');
}

let text;
try {
  text = messagesModule(files);
} catch (e) {
  console.error(`messages: assets/i18n/fr: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}

let current = null;
try {
  current = readFileSync(target, 'utf8');
} catch {
  /* missing */
}

if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error(`messages: ${relative(process.cwd(), target)} is out of date with assets/i18n/fr/*.ftl; run \`npm run messages\`.`);
    process.exit(1);
  }
} else if (current !== text) {
  // Unchanged: left alone, so that watchers (vite, svelte-check) do not run again.
  writeFileSync(target, text);
}
