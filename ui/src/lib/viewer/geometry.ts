// Page geometry for the viewer: how wide a page is shown (fit width, fit page or a zoom
// level), how many pixels to ask the page server for, and where a search hit falls on
// the shown (possibly rotated) page. Sizes from Rust are in PDF points (1/72 in), as
// displayed, with hit rectangles measured from the page's top-left corner.
import type { HitRect } from '../bindings/HitRect';
import type { PageSize } from '../bindings/PageSize';

export type Rotation = 0 | 90 | 180 | 270;

/** How the page is sized: to the pane's width, whole in the pane, or a zoom factor. */
export type Fit = { kind: 'width' } | { kind: 'page' } | { kind: 'zoom'; zoom: number };

/** Zoom factors offered by the zoom buttons (1 = actual size: 1 pt = 1/72 in at 96 dpi). */
export const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** CSS pixels per PDF point at 100 %. */
export const CSS_PX_PER_PT = 96 / 72;

/** The smallest and largest page images the page server makes. */
export const MIN_IMAGE_WIDTH = 16;
export const MAX_IMAGE_WIDTH = 4096;

/** Requested widths are rounded up to this step so small resizes reuse cached images. */
export const WIDTH_STEP = 64;

export function rotate(degrees: Rotation, by: 90 | -90): Rotation {
  return ((((degrees + by) % 360) + 360) % 360) as Rotation;
}

/** The page's size once rotated. */
export function rotatedSize(size: PageSize, rotation: Rotation): PageSize {
  return rotation === 90 || rotation === 270 ? { width: size.height, height: size.width } : size;
}

/** The width in CSS pixels at which the page is shown in a pane of `pane` CSS pixels. */
export function displayWidth(
  size: PageSize,
  rotation: Rotation,
  fit: Fit,
  pane: { width: number; height: number },
): number {
  const s = rotatedSize(size, rotation);
  const w = Math.max(1, s.width);
  const h = Math.max(1, s.height);
  const paneW = Math.max(50, pane.width);
  const paneH = Math.max(50, pane.height);
  switch (fit.kind) {
    case 'width':
      return Math.floor(paneW);
    case 'page':
      return Math.floor(Math.min(paneW, (paneH * w) / h));
    case 'zoom':
      return Math.floor(w * CSS_PX_PER_PT * fit.zoom);
  }
}

/** The image width to ask for: the shown width in device pixels, rounded up to a step. */
export function imageWidth(cssWidth: number, devicePixelRatio = 1): number {
  const px = Math.ceil(cssWidth * Math.max(1, devicePixelRatio));
  const stepped = Math.ceil(px / WIDTH_STEP) * WIDTH_STEP;
  return Math.min(MAX_IMAGE_WIDTH, Math.max(MIN_IMAGE_WIDTH, stepped));
}

/** The zoom factor that shows the page at `cssWidth`. */
export function zoomOf(size: PageSize, rotation: Rotation, cssWidth: number): number {
  return cssWidth / (Math.max(1, rotatedSize(size, rotation).width) * CSS_PX_PER_PT);
}

/** The next zoom step above (dir 1) or below (dir -1) the current factor. */
export function stepZoom(current: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOM_STEPS.find((z) => z > current + 0.001) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1];
  return [...ZOOM_STEPS].reverse().find((z) => z < current - 0.001) ?? ZOOM_STEPS[0];
}

export type Box = { left: number; top: number; width: number; height: number };

/**
 * A hit rectangle (points, upright page, origin top-left) as a box on the page shown
 * `rotation` degrees clockwise and `cssWidth` pixels wide.
 */
export function hitBox(rect: HitRect, size: PageSize, rotation: Rotation, cssWidth: number): Box {
  const W = size.width;
  const H = size.height;
  let r: Box;
  switch (rotation) {
    case 0:
      r = { ...rect };
      break;
    case 90:
      r = { left: H - (rect.top + rect.height), top: rect.left, width: rect.height, height: rect.width };
      break;
    case 180:
      r = { left: W - (rect.left + rect.width), top: H - (rect.top + rect.height), width: rect.width, height: rect.height };
      break;
    case 270:
      r = { left: rect.top, top: W - (rect.left + rect.width), width: rect.height, height: rect.width };
      break;
  }
  const scale = cssWidth / Math.max(1, rotatedSize(size, rotation).width);
  return { left: r.left * scale, top: r.top * scale, width: r.width * scale, height: r.height * scale };
}

/** The size of page `page` (1-based): documents with many pages list fewer sizes. */
export function sizeOf(sizes: PageSize[], page: number): PageSize {
  if (sizes.length === 0) return { width: 612, height: 792 };
  return sizes[Math.min(page, sizes.length) - 1];
}
