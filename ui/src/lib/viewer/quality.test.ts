import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../locale.svelte';
import { flagLabel } from './quality';

describe('quality flag labels', () => {
  afterEach(() => setLang('fr'));

  it('says what a file that is not a PDF looks like, in the screen’s language', () => {
    setLang('fr');
    expect(flagLabel({ kind: 'not_a_pdf', detected: 'a JPEG image' })).toBe('Pas un PDF (une image JPEG)');
    setLang('en');
    expect(flagLabel({ kind: 'not_a_pdf', detected: 'a JPEG image' })).toBe('Not a PDF (a JPEG image)');
  });

  it('shows a phrase it does not know as recorded', () => {
    setLang('fr');
    expect(flagLabel({ kind: 'not_a_pdf', detected: 'a WebP image' })).toBe('Pas un PDF (a WebP image)');
  });
});
