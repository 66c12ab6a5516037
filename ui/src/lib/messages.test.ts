// messages.ts is generated from the French catalogue (scripts/messages.mjs) and committed:
// regenerated here in memory, it must be the same, or a message added, removed or given
// other variables would not be checked by TypeScript.
import { describe, expect, it } from 'vitest';
import { messagesModule } from '../../scripts/messages-core.mjs';
import { catalogueFiles } from './i18n';
import committed from './messages.ts?raw';

describe('messages.ts', () => {
  it('is up to date with assets/i18n/fr/*.ftl (run `npm run messages`)', () => {
    expect(committed).toBe(messagesModule(catalogueFiles('fr')));
  });
});
