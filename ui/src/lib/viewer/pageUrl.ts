// URLs of the page-image protocol served by the Rust side (src-tauri/src/protocol.rs).
// Tauri maps a custom scheme differently per platform: `dossier-page://localhost/...` on
// Linux and macOS, `http://dossier-page.localhost/...` on Windows and Android. Tauri's
// own `convertFileSrc(path, scheme)` knows which, so URLs are built through it; outside
// Tauri (tests, a plain browser) the Linux form is used.
import { convertFileSrc } from '@tauri-apps/api/core';
import type { Rotation } from './geometry';

export const PAGE_SCHEME = 'dossier-page';

export type PageImage = {
  /** Width in pixels of the image to render. */
  width: number;
  rotation: Rotation;
  purpose: 'view' | 'thumb';
  /** The asking viewer: its newer requests supersede its older queued ones. */
  view?: number;
};

export type Convert = (path: string, scheme: string) => string;

function tauriConvert(path: string, scheme: string): string {
  try {
    const url = convertFileSrc(path, scheme);
    if (typeof url === 'string' && url.length > 0) return url;
  } catch {
    // Not inside Tauri: fall through to the Linux form.
  }
  return `${scheme}://localhost/${encodeURIComponent(path)}`;
}

/** The URL of page `page` (1-based) of a document. */
export function pageUrl(documentId: string, page: number, image: PageImage, convert: Convert = tauriConvert): string {
  const base = convert(`${documentId}/${page}`, PAGE_SCHEME);
  const params = new URLSearchParams({ w: String(Math.round(image.width)), rot: String(image.rotation) });
  if (image.purpose !== 'view') params.set('purpose', image.purpose);
  if (image.view !== undefined) params.set('view', String(image.view));
  return `${base}?${params.toString()}`;
}

/**
 * Why a page image failed, read from the protocol's answer (status, `X-Dossier-Error`
 * and a short text body). `null` when the answer cannot be read (then the viewer says
 * the page could not be shown, without details).
 */
export async function pageError(url: string): Promise<{ status: number; code: string; message: string } | null> {
  try {
    const r = await fetch(url);
    if (r.ok) return null;
    return { status: r.status, code: r.headers.get('X-Dossier-Error') ?? 'unknown', message: (await r.text()).slice(0, 500) };
  } catch {
    return null;
  }
}
