import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import { setLang } from '../../locale.svelte';
import { emsFor, integerTicks } from './PlotChart.svelte';
import WeeksChart from './WeeksChart.svelte';

describe('the figures’ charts', () => {
  it('puts whole-number ticks on counts, a few of them', () => {
    expect(integerTicks(3, 8)).toEqual([0, 1, 2, 3]);
    expect(integerTicks(1, 5)).toEqual([0, 1]);
    expect(integerTicks(1500, 6)).toEqual([0, 500, 1000, 1500]);
    expect(integerTicks(1204, 5)).toEqual([0, 500, 1000]);
    expect(integerTicks(90, 5)).toEqual([0, 20, 40, 60, 80]);
  });

  it('leaves room to spare for labels the system font may draw wider', () => {
    expect(emsFor(640)).toBeLessThan(640 / 14);
    expect(emsFor(10)).toBe(4);
  });

  it('names a year of weeks without crowding the axis, every week drawn', () => {
    setLang('fr');
    const weeks = Array.from({ length: 52 }, (_, i) => ({
      week: new Date(Date.UTC(2026, 0, 5) + i * 7 * 86_400_000).toISOString().slice(0, 10),
      received: i,
    }));
    const { container } = render(WeeksChart, { weeks, label: 'x', description: 'y' });
    const svg = container.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.querySelectorAll('g.figures-bar rect')).toHaveLength(52);
    const dates = [...svg.querySelectorAll('text')].map((t) => t.textContent ?? '').filter((s) => /^\d{4}-\d{2}-\d{2}$/.test(s));
    // 640 px (nothing is laid out in tests): at most one date per 100 px, Mondays evenly apart.
    expect(dates[0]).toBe('2026-01-05');
    expect(dates.length).toBeGreaterThanOrEqual(3);
    expect(dates.length).toBeLessThanOrEqual(6);
    const gaps = dates.slice(1).map((d, i) => (Date.parse(d) - Date.parse(dates[i])) / (7 * 86_400_000));
    expect(new Set(gaps).size).toBe(1);
  });
});
