import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import type { RenderedLetter } from '../../bindings/RenderedLetter';
import { setLang } from '../../locale.svelte';
import LetterPreview from './LetterPreview.svelte';

beforeEach(() => setLang('fr'));

const letter: RenderedLetter = {
  kind: 'missing_items_request',
  language: 'en',
  file_number: 'Q-2024-000123',
  title: 'Request for missing items',
  paragraphs: [
    { type: 'lines', text: ['Minh Nguyen', '123 Main Street'] },
    { type: 'heading', text: 'Request for missing items' },
    { type: 'bullets', text: ['Passport of Minh Nguyen', 'Diploma'] },
    { type: 'lines', text: ['Send them by 2024-05-03.'] },
  ],
};

describe('LetterPreview', () => {
  it('shows the letter in the applicant’s language under labels in the officer’s', async () => {
    const onsend = vi.fn();
    const onclose = vi.fn();
    render(LetterPreview, { letter, busy: false, onsend, onclose });
    const dialog = screen.getByRole('dialog', { name: 'Aperçu de la lettre à envoyer' });
    expect(dialog.dataset.language).toBe('en');
    expect(dialog.textContent).toContain('Lettre en anglais');
    const body = screen.getByTestId('letter-preview-body');
    expect(body.getAttribute('lang')).toBe('en');
    expect(within(body).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Passport of Minh Nguyen',
      'Diploma',
    ]);
    expect(body.textContent).toContain('Send them by 2024-05-03.');
    // The send button has the focus: Enter sends, Escape closes without sending.
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('letter-preview-send')));
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(onsend).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Envoyer la lettre' }));
    expect(onsend).toHaveBeenCalledTimes(1);
  });

  it('keeps the focus inside the dialog', async () => {
    render(LetterPreview, { letter, busy: false, onsend: vi.fn(), onclose: vi.fn() });
    const send = screen.getByTestId('letter-preview-send');
    await vi.waitFor(() => expect(document.activeElement).toBe(send));
    const dialog = screen.getByRole('dialog');
    await fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByTestId('letter-preview-body'));
    await fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(send);
  });

  it('cannot send while the backend works', () => {
    render(LetterPreview, { letter, busy: true, onsend: vi.fn(), onclose: vi.fn() });
    expect((screen.getByTestId('letter-preview-send') as HTMLButtonElement).disabled).toBe(true);
  });
});
