import { describe, expect, it, vi } from 'vitest';
import { dialogKeydown } from './dialog';

function dialog(html: string): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = html;
  document.body.replaceChildren(el);
  return el;
}

const key = (k: string, shiftKey = false) => new KeyboardEvent('keydown', { key: k, shiftKey, cancelable: true });

describe('dialogKeydown', () => {
  it('cycles Tab and Shift+Tab through the enabled controls only', () => {
    const d = dialog('<textarea id="a"></textarea><button id="b" disabled>b</button><button id="c">c</button>');
    const a = d.querySelector<HTMLElement>('#a')!;
    const c = d.querySelector<HTMLElement>('#c')!;
    a.focus();
    const close = vi.fn();
    const tab = key('Tab');
    dialogKeydown(tab, d, close);
    expect(document.activeElement).toBe(c);
    expect(tab.defaultPrevented).toBe(true);
    dialogKeydown(key('Tab'), d, close);
    expect(document.activeElement).toBe(a);
    dialogKeydown(key('Tab', true), d, close);
    expect(document.activeElement).toBe(c);
    expect(close).not.toHaveBeenCalled();
  });

  it('closes on Escape and on the keys the dialog adds, and stops every key there', () => {
    const d = dialog('<button>x</button>');
    const close = vi.fn();
    const esc = key('Escape');
    const stop = vi.spyOn(esc, 'stopPropagation');
    dialogKeydown(esc, d, close);
    expect(close).toHaveBeenCalledTimes(1);
    expect(stop).toHaveBeenCalled();
    dialogKeydown(key('?'), d, close);
    expect(close).toHaveBeenCalledTimes(1);
    dialogKeydown(key('?'), d, close, ['Escape', '?']);
    expect(close).toHaveBeenCalledTimes(2);
    const other = key('j');
    dialogKeydown(other, d, close);
    expect(other.defaultPrevented).toBe(false);
  });
});
