import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(),
  convertFileSrc: (path: string, scheme: string) => `${scheme}://localhost/${encodeURIComponent(path)}`,
}));

import { invoke } from '@tauri-apps/api/core';
import type { DocumentView } from '../../bindings/DocumentView';
import { translate } from '../../i18n';
import { setLang } from '../../locale.svelte';
import { documentInfo, documents, searchResults } from '../../../test/fixtures';
import DocumentReview from './DocumentReview.svelte';
import { mountAnnouncer } from '../../../test/announcer';

const invokeMock = vi.mocked(invoke);
const personName = new Map([
  ['p1', 'Nguyen, Thi Lan'],
  ['p3', 'Tran, An'],
]);

type Handler = (args: Record<string, unknown>) => unknown;

function useInvoke(overrides: Partial<Record<string, Handler>> = {}) {
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    const a = (args ?? {}) as Record<string, unknown>;
    const o = overrides[cmd];
    if (o) return o(a);
    switch (cmd) {
      case 'document_info':
        return documentInfo(a.documentId as string);
      case 'search_document':
        return searchResults;
    }
    throw { code: 'not_found', message: `unknown command ${cmd}` };
  });
}

function calls(cmd: string): Record<string, unknown>[] {
  return invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);
}

async function renderReview(docs: DocumentView[] = documents()) {
  const r = render(DocumentReview, { documents: docs, personName });
  await screen.findByTestId('page-image');
  return r;
}

function image(): HTMLImageElement {
  return screen.getByTestId('page-image') as HTMLImageElement;
}

function item(name: string): HTMLElement {
  return screen.getAllByTestId('document-item').find((b) => b.dataset.fileName === name)!;
}

function entry(name: string): HTMLElement {
  return item(name).closest('li')!;
}

beforeEach(() => {
  invokeMock.mockReset();
  setLang('fr');
  useInvoke();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('document list', () => {
  it('lists each document with its checklist item, person and quality badges', async () => {
    await renderReview();
    const items = screen.getAllByTestId('document-item');
    expect(items.map((b) => b.dataset.fileName)).toEqual([
      'passeport.pdf',
      'acte-naissance.pdf',
      'diplome-illisible.pdf',
      'inconnu.pdf',
    ]);
    // The item as the program names it; its code when the program no longer names it.
    expect(items[0].textContent).toContain('Passeport');
    expect(items[0].textContent).not.toContain('identity');
    expect(items[2].textContent).toContain('diploma');
    expect(items[0].textContent).toContain('Nguyen, Thi Lan');
    expect(items[0].getAttribute('aria-current')).toBe('true');

    const passport = within(entry('passeport.pdf'));
    expect(passport.getByTestId('quality-pages').textContent).toBe('3 pages');
    expect(passport.getByTestId('quality-ok').textContent).toBe('Qualité vérifiée');

    const grey = within(entry('acte-naissance.pdf'));
    const flags = grey.getAllByTestId('quality-badge');
    expect(flags.map((b) => b.dataset.flag)).toEqual(['not_in_colour', 'blank_pages']);
    expect(flags[0].textContent).toContain('Pas en couleur (niveaux de gris)');
    expect(flags[1].textContent).toContain('Pages blanches\u00a0: 2');
    expect(flags.every((b) => b.dataset.state === 'active')).toBe(true);

    const corrupt = within(entry('diplome-illisible.pdf')).getByTestId('quality-badge');
    expect(corrupt.dataset.flag).toBe('corrupt');
    expect(corrupt.classList.contains('badge-severe')).toBe(true);

    expect(within(entry('inconnu.pdf')).getByTestId('quality-unchecked').textContent).toBe('Non vérifié');
    expect(items[3].textContent).toContain('Sans élément de la liste');
  });

  it('moves between documents with the arrow keys and opens them', async () => {
    await renderReview();
    const items = screen.getAllByTestId('document-item');
    items[0].focus();
    await fireEvent.keyDown(items[0], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    await waitFor(() => expect(items[1].getAttribute('aria-current')).toBe('true'));
    await waitFor(() => expect(calls('document_info').at(-1)).toEqual({ documentId: 'd2' }));
    expect(screen.getByTestId('open-document-name').textContent).toBe('acte-naissance.pdf');
    await fireEvent.keyDown(items[1], { key: 'k' });
    await waitFor(() => expect(items[0].getAttribute('aria-current')).toBe('true'));
  });
});

describe('page viewer', () => {
  it('opens the first document at page 1 through the page protocol', async () => {
    await renderReview();
    expect(calls('document_info')[0]).toEqual({ documentId: 'd1' });
    const src = new URL(image().src);
    expect(src.protocol).toBe('dossier-page:');
    expect(decodeURIComponent(src.pathname)).toBe('/d1/1');
    expect(src.searchParams.get('rot')).toBe('0');
    expect(Number(src.searchParams.get('w'))).toBeGreaterThanOrEqual(64);
    expect(src.searchParams.get('view')).toMatch(/^\d+$/);
    expect(screen.getByTestId('page-indicator').textContent?.trim()).toBe('Page 1 sur 3');
    const thumbs = screen.getAllByTestId('thumbnail');
    expect(thumbs).toHaveLength(3);
    expect(thumbs[0].getAttribute('aria-current')).toBe('page');
    expect(new URL(thumbs[1].querySelector('img')!.src).searchParams.get('purpose')).toBe('thumb');

    expect(image().dataset.loaded).toBe('false');
    await fireEvent.load(image());
    expect(image().dataset.loaded).toBe('true');
  });

  it('pages with n/p, arrows, Home/End and go-to', async () => {
    await renderReview();
    const indicator = () => screen.getByTestId('page-indicator').dataset.page;
    await fireEvent.keyDown(window, { key: 'n' });
    expect(indicator()).toBe('2');
    expect(decodeURIComponent(new URL(image().src).pathname)).toBe('/d1/2');
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(indicator()).toBe('3');
    await fireEvent.keyDown(window, { key: 'n' });
    expect(indicator()).toBe('3');
    await fireEvent.keyDown(window, { key: 'Home' });
    expect(indicator()).toBe('1');
    await fireEvent.keyDown(window, { key: 'p' });
    expect(indicator()).toBe('1');
    await fireEvent.keyDown(window, { key: 'End' });
    expect(indicator()).toBe('3');

    await fireEvent.keyDown(window, { key: 'g' });
    const input = screen.getByTestId('page-input') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: '2' } });
    await fireEvent.submit(input.closest('form')!);
    expect(indicator()).toBe('2');

    await fireEvent.click(screen.getAllByTestId('thumbnail')[0]);
    expect(indicator()).toBe('1');
    expect(screen.getAllByTestId('thumbnail')[0].getAttribute('aria-current')).toBe('page');

    await fireEvent.click(screen.getByTestId('viewer-last'));
    expect(indicator()).toBe('3');
    expect((screen.getByTestId('viewer-next') as HTMLButtonElement).disabled).toBe(true);
  });

  for (const [lang, first, turned, last] of [
    ['fr', 'Page 1 sur 3', 'Page 2 sur 3', 'Page 3 sur 3'],
    ['en', 'Page 1 of 3', 'Page 2 of 3', 'Page 3 of 3'],
  ] as const) {
    it(`says each page turn in the app's live region (${lang})`, async () => {
      setLang(lang);
      const live = mountAnnouncer();
      const region = live();
      await renderReview();
      // Opening the document says nothing (the page shows it); the indicator is not a region.
      expect(screen.getByTestId('page-indicator').textContent?.trim()).toBe(first);
      expect(screen.getByTestId('page-indicator').getAttribute('aria-live')).toBeNull();
      expect(region.textContent).toBe('');
      await fireEvent.keyDown(window, { key: 'n' });
      await waitFor(() => expect(live().textContent).toBe(turned));
      await fireEvent.click(screen.getByTestId('viewer-last'));
      await waitFor(() => expect(live().textContent).toBe(last));
      await fireEvent.click(screen.getAllByTestId('thumbnail')[0]);
      await waitFor(() => expect(live().textContent).toBe(first));
      // The same region all along, there before the first turn.
      expect(live()).toBe(region);
      expect(region.getAttribute('role')).toBe('status');
      expect(region.getAttribute('aria-live')).toBe('polite');
    });
  }

  it('ignores page keys typed in the search box', async () => {
    await renderReview();
    const search = screen.getByTestId('search-input');
    await fireEvent.keyDown(search, { key: 'n' });
    expect(screen.getByTestId('page-indicator').dataset.page).toBe('1');
  });

  it('rotates and zooms', async () => {
    await renderReview();
    await fireEvent.click(screen.getByTestId('rotate'));
    expect(new URL(image().src).searchParams.get('rot')).toBe('90');
    expect(image().dataset.rotation).toBe('90');
    await fireEvent.keyDown(window, { key: 'R' });
    expect(new URL(image().src).searchParams.get('rot')).toBe('0');

    expect(screen.getByTestId('zoom-fit-width').getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(screen.getByTestId('zoom-fit-page'));
    expect(screen.getByTestId('zoom-fit-page').getAttribute('aria-pressed')).toBe('true');

    // jsdom has no layout: the pane is tiny, so zoom in steps through the offered levels.
    await fireEvent.click(screen.getByTestId('zoom-in'));
    expect(screen.getByTestId('zoom-fit-page').getAttribute('aria-pressed')).toBe('false');
    const first = Number(screen.getByTestId('zoom-level').dataset.zoom);
    await fireEvent.click(screen.getByTestId('zoom-in'));
    const second = Number(screen.getByTestId('zoom-level').dataset.zoom);
    expect(second).toBeGreaterThan(first);
    expect(Number(new URL(image().src).searchParams.get('w'))).toBeGreaterThan(600);
    await fireEvent.keyDown(window, { key: '-' });
    expect(Number(screen.getByTestId('zoom-level').dataset.zoom)).toBe(first);
  });

  it('searches the text and highlights hits over the page', async () => {
    await renderReview();
    const input = screen.getByTestId('search-input') as HTMLInputElement;
    await fireEvent.keyDown(window, { key: '/' });
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: 'Tremblay' } });
    await fireEvent.submit(input.closest('form')!);
    await screen.findByTestId('search-count');
    expect(calls('search_document')[0]).toEqual({ documentId: 'd1', query: 'Tremblay' });
    expect(screen.getByTestId('search-count').textContent).toContain('Résultat 1 sur 2');
    let hits = screen.getAllByTestId('search-hit');
    expect(hits).toHaveLength(1);
    expect(hits[0].dataset.current).toBe('true');
    expect(hits[0].style.left).toMatch(/px$/);

    // Enter again goes to the next hit, on page 2.
    await fireEvent.submit(input.closest('form')!);
    await waitFor(() => expect(screen.getByTestId('page-indicator').dataset.page).toBe('2'));
    expect(screen.getByTestId('search-count').textContent).toContain('Résultat 2 sur 2');
    hits = screen.getAllByTestId('search-hit');
    expect(hits).toHaveLength(1);
    expect(calls('search_document')).toHaveLength(1);

    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.queryAllByTestId('search-hit')).toHaveLength(0);
  });

  it('says why a corrupt document cannot be shown, and the list keeps working', async () => {
    await renderReview();
    await fireEvent.click(item('diplome-illisible.pdf'));
    const err = await screen.findByTestId('viewer-error');
    expect(err.dataset.code).toBe('pdf.corrupt');
    expect(err.textContent).toContain('endommagé ou tronqué');
    // The backend's English words are folded away under a French summary.
    const details = within(err).getByTestId('error-details');
    expect(details.textContent).toContain('Détails techniques');
    expect(details.textContent).toContain('xref');
    expect(details.hasAttribute('open')).toBe(false);
    // The flag is beside the document, and the other documents still open.
    const flag = within(screen.getByTestId('viewer-quality')).getByTestId('quality-badge');
    expect(flag.dataset.flag).toBe('corrupt');
    await fireEvent.click(item('passeport.pdf'));
    await screen.findByTestId('page-image');
    expect(screen.queryByTestId('viewer-error')).toBeNull();
  });

  it('says what to do when pdfium is missing', async () => {
    useInvoke({
      document_info: () => {
        throw {
          code: 'pdf.library_missing',
          message: 'the pdfium library was not found (looked in: /x); run scripts/install-pdfium.sh',
        };
      },
    });
    render(DocumentReview, { documents: documents(), personName });
    const err = await screen.findByTestId('viewer-error');
    expect(err.textContent).toContain('scripts/install-pdfium.sh');
    expect(err.textContent).toContain('DOSSIER_PDFIUM_LIB');
  });

  it('says the renderer stopped on a hostile document, and what to do', async () => {
    useInvoke({
      document_info: () => {
        throw {
          code: 'pdf.renderer_crashed',
          message: 'the page renderer stopped while reading this document (ended by signal 11)',
        };
      },
    });
    render(DocumentReview, { documents: documents(), personName });
    const err = await screen.findByTestId('viewer-error');
    expect(err.dataset.code).toBe('pdf.renderer_crashed');
    expect(err.textContent).toContain('a été relancé');
    expect(err.textContent).toContain('nouvelle copie');
    expect(within(err).getByTestId('error-details').textContent).toContain('signal 11');
  });

  it('shows the reason a page image failed', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response('page 2 is too heavy to show safely: 300 megapixels of images', {
            status: 422,
            headers: { 'X-Dossier-Error': 'pdf.page_too_heavy' },
          }),
      ),
    );
    await renderReview();
    await fireEvent.error(image());
    const err = await screen.findByTestId('page-error');
    expect(err.dataset.code).toBe('pdf.page_too_heavy');
    expect(err.textContent).toContain('La page 1 ne peut pas être affichée');
    expect(err.textContent).toContain('trop lourde');
    expect(within(err).getByTestId('error-details').textContent).toContain('too heavy');
    await fireEvent.click(within(err).getByRole('button'));
    expect(new URL(image().src).searchParams.get('retry')).toBe('1');
  });

  it('asks again by itself when a page request was only superseded, a bounded number of times', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response('a newer request of this viewer replaced this one', {
            status: 409,
            headers: { 'X-Dossier-Error': 'pdf.cancelled' },
          }),
      ),
    );
    await renderReview();
    for (const n of [1, 2, 3]) {
      await fireEvent.error(image());
      await waitFor(() => expect(new URL(image().src).searchParams.get('retry')).toBe(String(n)));
      expect(screen.queryByTestId('page-error')).toBeNull();
    }
    await fireEvent.error(image());
    const err = await screen.findByTestId('page-error');
    expect(err.dataset.code).toBe('pdf.cancelled');
  });

  it('speaks English when asked', async () => {
    setLang('en');
    await renderReview();
    expect(screen.getByTestId('page-indicator').textContent?.trim()).toBe('Page 1 of 3');
    expect(screen.getByTestId('zoom-fit-width').textContent).toBe('Fit width');
    expect(screen.getByTestId('rotate').getAttribute('aria-label')).toBe('Rotate clockwise');
    expect(item('passeport.pdf').textContent).toContain('Passport');
    expect(item('inconnu.pdf').textContent).toContain('No checklist item');
    expect(within(entry('acte-naissance.pdf')).getAllByTestId('quality-badge')[0].textContent).toContain(
      'Not in colour (greyscale)',
    );
  });
});

describe('quality flags: never by colour alone', () => {
  it('marks each active flag as blocking or a warning with an icon whose text alternative says it', async () => {
    await renderReview();
    // A blocking flag (corrupt) and two warnings (greyscale, blank page), as the list shows them.
    const corrupt = within(entry('diplome-illisible.pdf')).getByTestId('quality-badge');
    expect(corrupt.classList.contains('badge-severe')).toBe(true);
    const mark = within(corrupt).getByRole('img', { name: 'Bloquant' });
    expect(mark.dataset.level).toBe('severe');
    expect(mark.textContent).toBe('✖');
    const warnings = within(entry('acte-naissance.pdf')).getAllByTestId('quality-badge');
    for (const w of warnings) {
      expect(w.classList.contains('badge-warn')).toBe(true);
      expect(within(w).getByRole('img', { name: 'Avertissement' }).textContent).toBe('⚠');
    }
    setLang('en');
    await waitFor(() => expect(within(corrupt).getByRole('img', { name: 'Blocking' })).toBeTruthy());
    expect(within(warnings[0]).getByRole('img', { name: 'Warning' })).toBeTruthy();
  });

  it('says a dismissed flag in words, without the mark of an active one', async () => {
    const doc = documents().find((d) => d.id === 'd2')!;
    const dismissed = {
      ...doc,
      dismissals: [{ flag: 'not_in_colour' as const, reason: 'ok', dismissed_by: 'mtremblay', dismissed_at: '2024-06-03T15:00:00Z' }],
    };
    await renderReview([dismissed]);
    const badge = within(screen.getByTestId('viewer-quality'))
      .getAllByTestId('quality-badge')
      .find((b) => b.dataset.flag === 'not_in_colour')!;
    expect(badge.textContent).toContain('(écarté)');
    expect(within(badge).queryByTestId('quality-level')).toBeNull();
  });
});

describe('dismissing a quality flag', () => {
  it('asks for a reason, records it and shows the flag as dismissed', async () => {
    useInvoke({
      dismiss_quality_flag: (a) => {
        const doc = documents().find((d) => d.id === a.documentId)!;
        return {
          ...doc,
          dismissals: [
            { flag: a.flag, reason: a.reason, dismissed_by: 'mtremblay', dismissed_at: '2024-06-03T15:00:00Z' },
          ],
        };
      },
    });
    const live = mountAnnouncer();
    await renderReview();
    await fireEvent.click(item('acte-naissance.pdf'));
    const quality = within(screen.getByTestId('viewer-quality'));
    const dismiss = quality.getAllByTestId('quality-dismiss').find((b) => b.dataset.flag === 'not_in_colour')!;
    expect(dismiss.getAttribute('aria-label')).toBe('Écarter le signalement «\u00a0Pas en couleur (niveaux de gris)\u00a0»');
    await fireEvent.click(dismiss);

    const dialog = await screen.findByTestId('dismiss-dialog');
    const reason = within(dialog).getByTestId('dismiss-reason') as HTMLTextAreaElement;
    await waitFor(() => expect(document.activeElement).toBe(reason));
    await fireEvent.click(within(dialog).getByTestId('dismiss-confirm'));
    expect(within(dialog).getByRole('alert').textContent).toBe('Indiquez une raison.');
    expect(calls('dismiss_quality_flag')).toHaveLength(0);

    await fireEvent.input(reason, { target: { value: ' L’original est en noir et blanc. ' } });
    await fireEvent.click(within(dialog).getByTestId('dismiss-confirm'));
    await waitFor(() => expect(screen.queryByTestId('dismiss-dialog')).toBeNull());
    expect(calls('dismiss_quality_flag')[0]).toEqual({
      documentId: 'd2',
      flag: 'not_in_colour',
      reason: 'L’original est en noir et blanc.',
    });

    await waitFor(() => expect(live().textContent).toBe('Signalement écarté'));
    const badge = within(screen.getByTestId('viewer-quality'))
      .getAllByTestId('quality-badge')
      .find((b) => b.dataset.flag === 'not_in_colour')!;
    expect(badge.dataset.state).toBe('dismissed');
    expect(badge.textContent).toContain('écarté');
    expect(screen.getByTestId('quality-dismissal').textContent).toContain(
      'Écarté par mtremblay le 2024-06-03\u00a0: L’original est en noir et blanc.',
    );
    // The other flag can still be dismissed; the list shows the dismissal too.
    expect(within(screen.getByTestId('viewer-quality')).getAllByTestId('quality-dismiss')).toHaveLength(1);
    const inList = within(entry('acte-naissance.pdf'))
      .getAllByTestId('quality-badge')
      .find((b) => b.dataset.flag === 'not_in_colour')!;
    expect(inList.dataset.state).toBe('dismissed');
  });

  it('Escape closes the dialog without saving and without leaving the file', async () => {
    await renderReview();
    await fireEvent.click(item('acte-naissance.pdf'));
    await fireEvent.click(within(screen.getByTestId('viewer-quality')).getAllByTestId('quality-dismiss')[0]);
    const dialog = await screen.findByTestId('dismiss-dialog');
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true });
    const reachedWindow = vi.fn();
    window.addEventListener('keydown', reachedWindow);
    within(dialog).getByTestId('dismiss-reason').dispatchEvent(escape);
    window.removeEventListener('keydown', reachedWindow);
    await waitFor(() => expect(screen.queryByTestId('dismiss-dialog')).toBeNull());
    expect(reachedWindow).not.toHaveBeenCalled();
    expect(calls('dismiss_quality_flag')).toHaveLength(0);
  });

  it('shows a refusal from the store in the dialog', async () => {
    useInvoke({
      dismiss_quality_flag: () => {
        throw {
          code: 'casework.refused',
          message: 'the not_in_colour flag of document d1 is already dismissed',
          // The rule's message (rules.ftl), naming the flag by its own message.
          reason: {
            id: 'refusal-flag-already-dismissed',
            args: { flag: { type: 'message', value: { id: 'flag-not-in-colour', args: {} } } },
          },
        };
      },
    });
    await renderReview();
    await fireEvent.click(item('acte-naissance.pdf'));
    await fireEvent.click(within(screen.getByTestId('viewer-quality')).getAllByTestId('quality-dismiss')[0]);
    const dialog = await screen.findByTestId('dismiss-dialog');
    await fireEvent.input(within(dialog).getByTestId('dismiss-reason'), { target: { value: 'ok' } });
    await fireEvent.click(within(dialog).getByTestId('dismiss-confirm'));
    const err = await within(dialog).findByTestId('dismiss-error');
    // In the screen's language, the rule's reason only.
    const reason = translate('fr', 'refusal-flag-already-dismissed', { flag: translate('fr', 'flag-not-in-colour') });
    expect(reason).toContain('pas en couleur');
    expect(err.textContent?.trim()).toBe(`Refusé\u00a0: ${reason}`);
  });
});

describe('letters on the file', () => {
  const withLetter = (): DocumentView[] => [
    ...documents(),
    {
      ...documents()[0],
      id: 'l1',
      person_id: null,
      checklist_code: null,
      item_label: null,
      file_name: '2024-03-04 Demande d’éléments manquants 2024-AI-000123.pdf',
      quality: null,
      letter: 'missing_items_request',
    },
  ];

  it('names a letter by its kind and marks it sent, not unchecked', async () => {
    await renderReview(withLetter());
    const letter = screen.getAllByTestId('document-item').find((b) => b.dataset.letter === 'missing_items_request')!;
    expect(letter.textContent).toContain('Lettre — demande d’éléments manquants');
    const badges = within(letter.closest('li')!);
    expect(badges.getByTestId('letter-badge').textContent).toBe('Lettre envoyée');
    expect(badges.queryByTestId('quality-unchecked')).toBeNull();
  });

  it('opens the document it is told to open, in English too', async () => {
    setLang('en');
    render(DocumentReview, { documents: withLetter(), personName, selectedId: 'l1' });
    const header = await screen.findByTestId('open-document');
    expect(header.dataset.documentId).toBe('l1');
    expect(header.textContent).toContain('Letter — missing-items request');
  });
});
