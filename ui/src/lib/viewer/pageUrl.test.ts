import { describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({
  convertFileSrc: () => {
    throw new TypeError('not in Tauri');
  },
}));

import { pageUrl } from './pageUrl';

describe('page URLs', () => {
  it('use the Linux form outside Tauri, with the path encoded as Tauri does', () => {
    expect(pageUrl('d1', 3, { width: 1280, rotation: 90, purpose: 'view', view: 7 })).toBe(
      'dossier-page://localhost/d1%2F3?w=1280&rot=90&view=7',
    );
  });

  it("follow Tauri's platform form (Windows: http://<scheme>.localhost)", () => {
    const windows = (path: string, scheme: string) => `http://${scheme}.localhost/${encodeURIComponent(path)}`;
    expect(pageUrl('d1', 1, { width: 128, rotation: 0, purpose: 'thumb' }, windows)).toBe(
      'http://dossier-page.localhost/d1%2F1?w=128&rot=0&purpose=thumb',
    );
  });
});
