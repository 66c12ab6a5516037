/// <reference types="vite/client" />
// The focus ring of app.css (WCAG 2.4.7 focus visible, 1.4.11 non-text contrast): every
// control, link, field, focusable row and the viewer's page pane shows a ring of at least
// 2px, at least 3:1 against what surrounds it, never clipped by a scrolling box, and no
// rule takes it away.
import { describe, expect, it } from 'vitest';

const CSS: string = Object.values(
  import.meta.glob<string>('/src/app.css', { query: '?raw', import: 'default', eager: true }),
)[0];

/** Each rule's declarations by selector (comments out; later rules add to earlier ones). */
function rules(css: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const bare = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of bare.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const body: Record<string, string> = {};
    for (const decl of m[2].split(';')) {
      const i = decl.indexOf(':');
      if (i > 0) body[decl.slice(0, i).trim()] = decl.slice(i + 1).trim();
    }
    for (const sel of m[1].split(',').map((s) => s.trim().replace(/\s+/g, ' '))) {
      out.set(sel, { ...(out.get(sel) ?? {}), ...body });
    }
  }
  return out;
}

const RULES = rules(CSS);
const rule = (sel: string) => {
  const r = RULES.get(sel);
  expect(r, sel).toBeDefined();
  return r!;
};

/** A colour of the sheet: `#rgb`, `#rrggbb` or `var(--name)` of `:root`. */
function colour(value: string): string {
  const v = value.match(/var\(--([\w-]+)\)/);
  if (v) return colour(rule(':root')[`--${v[1]}`]);
  const hex = value.match(/#([0-9a-f]{3}|[0-9a-f]{6})\b/i);
  expect(hex, value).not.toBeNull();
  const h = hex![1];
  return h.length === 3 ? h.replace(/./g, (c) => c + c) : h;
}

function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(colour(a)), luminance(colour(b))].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The ring's width in px and its colour, from an `outline` shorthand. */
function outline(decl: Record<string, string>): { width: number; colour: string } {
  const m = decl.outline?.match(/(\d+(?:\.\d+)?)px solid (.+)$/);
  expect(m, JSON.stringify(decl)).not.toBeNull();
  return { width: Number(m![1]), colour: m![2] };
}

describe('app.css: the focus ring', () => {
  it('rings whatever takes the keyboard focus, 3px wide', () => {
    const ring = outline(rule(':focus-visible'));
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(ring.colour).toBe('var(--focus)');
    // The viewer's page pane too, outside it (nothing clips it).
    expect(outline(rule('.page-pane:focus-visible')).width).toBeGreaterThanOrEqual(2);
  });

  it('stands out 3:1 against every light background it is drawn on', () => {
    // The page, panels and dialogs, a selected row or document, the hover tint, the
    // table heads and viewer toolbar, the thumbnails' strip, the notice's pale yellow.
    for (const bg of ['var(--bg)', 'var(--surface)', 'var(--selected)', 'var(--accent-bg)', '#eef1f5', '#e9ecf0', '#f2f5f9', '#fff4d6']) {
      expect(contrast('var(--focus)', bg), bg).toBeGreaterThanOrEqual(3);
    }
  });

  it('turns light on the dark header, and dark again on its white and pale parts', () => {
    const header = rule('.app-header').background;
    const light = rule('.app-header :focus-visible')['outline-color'];
    expect(contrast(light, header)).toBeGreaterThanOrEqual(3);
    // The pale notice: the usual ring, 3:1 on the notice and on the header around it.
    const onNotice = rule('.app-header .notice :focus-visible')['outline-color'];
    expect(contrast(onNotice, rule('.app-header .notice').background)).toBeGreaterThanOrEqual(3);
    expect(contrast(onNotice, header)).toBeGreaterThanOrEqual(3);
    // The language switch clips its buttons: the ring is inside, dark on the pressed one.
    expect(rule('.lang-switch').overflow).toBe('hidden');
    expect(parseFloat(rule('.lang-switch button:focus-visible')['outline-offset'])).toBeLessThan(0);
    const pressed = rule(".lang-switch button[aria-pressed='true']");
    const ring = rule(".lang-switch button[aria-pressed='true']:focus-visible")['outline-color'];
    expect(contrast(ring, pressed.background)).toBeGreaterThanOrEqual(3);
    expect(contrast(light, header)).toBeGreaterThanOrEqual(3);
  });

  it('draws the ring inside what a scrolling box would clip: rows, documents, thumbnails', () => {
    for (const sel of ['tr:focus-visible', '.doc-item:focus-visible', '.thumb:focus-visible']) {
      expect(parseFloat(rule(sel)['outline-offset']), sel).toBeLessThan(0);
    }
  });

  it('takes the ring away from nothing but a heading focused by the pointer to announce a screen', () => {
    const removed = [...RULES.entries()]
      .filter(([, d]) => /^(none|0)\b/.test(d.outline ?? '') || d['outline-style'] === 'none' || d['outline-width'] === '0')
      .map(([sel]) => sel);
    // From the keyboard the heading has the ring (the officer sees where Tab goes on from).
    expect(removed).toEqual(["h1[tabindex='-1']:focus:not(:focus-visible)"]);
  });
});
