// The catalogue (assets/i18n/{fr,en}/*.ftl), as the UI loads it: both languages have the
// same files, the same messages in the same order, each with the same variables; every
// file reads without error; French uses its typography. And `translate` / `renderText`.
import { describe, expect, it } from 'vitest';
import { collect } from '../../scripts/messages-core.mjs';
import { parse } from '@fluent/syntax';
import { catalogueFiles, hasMessage, renderText, translate } from './i18n';
import * as labels from './labels';
import { EXEMPTION_KINDS, exemptionText, groundsOf, groundText } from './casework/grounds';

const fr = catalogueFiles('fr');
const en = catalogueFiles('en');

describe('the catalogue', () => {
  it('has the same files in French and English, app.ftl among them', () => {
    expect(Object.keys(en)).toEqual(Object.keys(fr));
    expect(Object.keys(fr)).toContain('app.ftl');
    expect(Object.keys(fr)).toContain('terms.ftl');
  });

  it('has the same messages, in the same order, with the same variables', () => {
    for (const file of Object.keys(fr)) {
      const ours = collect({ [file]: fr[file] });
      const theirs = collect({ [file]: en[file] });
      expect(theirs.map((m) => m.id), file).toEqual(ours.map((m) => m.id));
      for (const [i, m] of ours.entries()) expect(theirs[i].vars, `${file}: ${m.id}`).toEqual(m.vars);
    }
  });

  it('reads without error, each message with a value', () => {
    for (const [lang, files] of [['fr', fr], ['en', en]] as const) {
      for (const [file, source] of Object.entries(files)) {
        const body = parse(source, { withSpans: false }).body;
        expect(body.filter((e) => e.type === 'Junk').map((e) => e.type === 'Junk' && e.content), `${lang}/${file}`).toEqual([]);
        for (const e of body) if (e.type === 'Message') expect(e.value, `${lang}/${file}: ${e.id.name}`).not.toBeNull();
      }
    }
  });

  it('writes French with the typographic apostrophe', () => {
    for (const [file, source] of Object.entries(fr)) {
      for (const e of parse(source, { withSpans: false }).body) {
        if (e.type !== 'Message' || !e.value) continue;
        for (const el of e.value.elements) {
          if (el.type === 'TextElement') expect(el.value, `fr/${file}: ${e.id.name}`).not.toContain("'");
        }
      }
    }
  });

  it('spaces the screens’ French punctuation as French does, and quotes English with curly quotes', () => {
    // Before : ; ! ? and inside « », a no-break space, never an ordinary one (the line
    // must not break there); an English quotation in “ ”, never straight quotes.
    const texts = (source: string) =>
      parse(source, { withSpans: false }).body.flatMap((e) =>
        e.type === 'Message' && e.value
          ? e.value.elements.flatMap((el) => (el.type === 'TextElement' ? [[e.id.name, el.value] as const] : []))
          : [],
      );
    for (const [id, text] of texts(fr['app.ftl'])) {
      expect(text, `fr/app.ftl: ${id}`).not.toMatch(/ [:;!?»]|« /);
    }
    for (const [id, text] of texts(en['app.ftl'])) expect(text, `en/app.ftl: ${id}`).not.toMatch(/["']/);
  });

  it('has every label the screens derive from the backend’s enums', () => {
    for (const [name, map] of Object.entries(labels)) {
      if (typeof map !== 'object') continue;
      for (const id of Object.values(map as Record<string, string>)) expect(hasMessage(id), `${name}: ${id}`).toBe(true);
    }
    for (const kind of ['refusal', 'rejection'] as const) {
      for (const g of groundsOf(kind)) {
        const text = groundText(kind, g)!;
        expect([hasMessage(text.label), hasMessage(text.letter)], g).toEqual([true, true]);
      }
    }
    for (const k of EXEMPTION_KINDS) expect(hasMessage(exemptionText(k).label), k).toBe(true);
  });

  it('holds no program data: stream and profile names come from the program file', () => {
    for (const id of ['stream-ai', 'stream-it-vfx', 'profile-francization', 'profile-regular', 'checklist-passport']) {
      expect(hasMessage(id), id).toBe(false);
    }
  });

  it('labels every step, the request for administrative review included', () => {
    expect(translate('fr', labels.ACTION_LABEL.request_administrative_review)).toBe(
      'Consigner une demande de révision administrative',
    );
    expect(translate('en', labels.ACTION_LABEL.request_administrative_review)).toBe(
      'Record a request for administrative review',
    );
  });
});

describe('translate', () => {
  it('fills variables, and chooses plural forms by the language’s rules', () => {
    expect(translate('fr', 'sync-pending', { count: 3 })).toBe('En attente\u00a0: 3');
    expect(translate('fr', 'queue-total', { n: 0 })).toBe('0 dossier');
    expect(translate('fr', 'queue-total', { n: 1 })).toBe('1 dossier');
    expect(translate('fr', 'queue-total', { n: 2 })).toBe('2 dossiers');
    expect(translate('en', 'queue-total', { n: 0 })).toBe('0 files');
    expect(translate('en', 'queue-total', { n: 1 })).toBe('1 file');
  });

  it('groups the digits of counts as each language does', () => {
    expect(translate('fr', 'queue-total', { n: 12345 })).toBe('12\u00a0345 dossiers');
    expect(translate('en', 'queue-total', { n: 12345 })).toBe('12,345 files');
  });

  it('keeps French quotes and spaces (no isolation marks)', () => {
    const s = translate('fr', 'form-grounds-letter', { sentence: 'Vous n’avez rien transmis.' });
    expect(s).toBe('La lettre indiquera\u00a0: «\u00a0Vous n’avez rien transmis.\u00a0»');
    expect(s).not.toMatch(/[\u2068\u2069]/);
  });
});

describe('renderText', () => {
  it('renders a backend message with its arguments, in either language', () => {
    const text = {
      id: 'conflicts-status-now',
      args: { status: { type: 'message' as const, value: { id: 'status-refused', args: {} } } },
    };
    expect(renderText(text, 'fr')).toBe('Statut actuel\u00a0: Refusée');
    expect(renderText(text, 'en')).toBe('Status now: Refused');
  });

  it('chooses plural forms with a number argument', () => {
    const count = (n: number) => ({ id: 'deadline-in', args: { n: { type: 'number' as const, value: n } } });
    expect(renderText(count(1), 'fr')).toBe('dans 1 jour');
    expect(renderText(count(1500), 'fr')).toBe('dans 1\u00a0500 jours');
    expect(renderText(count(1), 'en')).toBe(translate('en', 'deadline-in', { n: 1 }));
  });

  it('shows the id of a message the catalogue lacks, as the Rust side does', () => {
    expect(renderText({ id: 'no-such-message', args: {} }, 'fr')).toBe('no-such-message');
  });
});
