import { describe, expect, it } from 'vitest';
import { displayWidth, hitBox, imageWidth, rotate, sizeOf, stepZoom, zoomOf } from './geometry';

const LETTER = { width: 612, height: 792 };

describe('page geometry', () => {
  it('fits the width, the whole page, or a zoom level', () => {
    const pane = { width: 800, height: 600 };
    expect(displayWidth(LETTER, 0, { kind: 'width' }, pane)).toBe(800);
    // 600 px tall pane: a letter page is 600 * 612 / 792 wide.
    expect(displayWidth(LETTER, 0, { kind: 'page' }, pane)).toBe(463);
    // Rotated a quarter turn the page is landscape and the width limits.
    expect(displayWidth(LETTER, 90, { kind: 'page' }, pane)).toBe(776);
    // 100 % is actual size: 612 pt = 8.5 in = 816 CSS px.
    expect(displayWidth(LETTER, 0, { kind: 'zoom', zoom: 1 }, pane)).toBe(816);
    expect(zoomOf(LETTER, 0, 816)).toBeCloseTo(1);
  });

  it('asks for device pixels rounded up to a step, within bounds', () => {
    expect(imageWidth(800)).toBe(832);
    expect(imageWidth(800, 2)).toBe(1600);
    expect(imageWidth(3)).toBe(64);
    expect(imageWidth(10_000, 2)).toBe(4096);
  });

  it('steps zoom through the offered levels', () => {
    expect(stepZoom(1, 1)).toBe(1.25);
    expect(stepZoom(1.1, -1)).toBe(1);
    expect(stepZoom(3, 1)).toBe(3);
    expect(stepZoom(0.5, -1)).toBe(0.5);
  });

  it('rotates both ways', () => {
    expect(rotate(0, 90)).toBe(90);
    expect(rotate(270, 90)).toBe(0);
    expect(rotate(0, -90)).toBe(270);
  });

  it('places a hit on the rotated, scaled page', () => {
    const r = { left: 72, top: 100, width: 120, height: 14 };
    // Upright at 612 px: points are pixels.
    expect(hitBox(r, LETTER, 0, 612)).toEqual(r);
    // Upright at half size.
    expect(hitBox(r, LETTER, 0, 306)).toEqual({ left: 36, top: 50, width: 60, height: 7 });
    // A quarter turn clockwise: the top-left corner goes to the top-right.
    expect(hitBox(r, LETTER, 90, 792)).toEqual({ left: 792 - 114, top: 72, width: 14, height: 120 });
    expect(hitBox(r, LETTER, 180, 612)).toEqual({ left: 612 - 192, top: 792 - 114, width: 120, height: 14 });
    expect(hitBox(r, LETTER, 270, 792)).toEqual({ left: 100, top: 612 - 192, width: 14, height: 120 });
  });

  it('repeats the last listed size for unlisted pages', () => {
    expect(sizeOf([LETTER, { width: 842, height: 595 }], 5)).toEqual({ width: 842, height: 595 });
    expect(sizeOf([], 1)).toEqual(LETTER);
  });
});
