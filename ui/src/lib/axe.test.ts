import { afterEach, describe, expect, it } from 'vitest';
import { wcagViolations } from '../test/axe';

describe('axe-core in component tests', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('names what breaks WCAG, with the element', async () => {
    document.body.innerHTML = '<main><button data-testid="nameless"></button><img src="x.png"></main>';
    const found = await wcagViolations();
    expect(found).toContain('button-name: button');
    expect(found).toContain('image-alt: img');
  });

  it('finds nothing in a labelled form', async () => {
    document.body.innerHTML =
      '<main><label for="q">Recherche</label><input id="q" type="search"><button type="submit">Chercher</button></main>';
    expect(await wcagViolations()).toEqual([]);
  });
});
