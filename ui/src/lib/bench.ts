// The hooks of `dossier bench app` (docs/bench-app.md). The app sets
// `window.__DOSSIER_BENCH__` only when the benchmark runs it (DOSSIER_BENCH_READY_FILE);
// otherwise every function here returns at once and nothing crosses IPC.
import { api } from './api';
import type { BenchOpen } from './bindings/BenchOpen';

const enabled = (): boolean =>
  typeof window !== 'undefined' && (window as unknown as { __DOSSIER_BENCH__?: boolean }).__DOSSIER_BENCH__ === true;

let queueReported = false;
let opener: ((open: BenchOpen) => void) | null = null;

/** Calls `report` with the wall-clock instant (epoch ms) once what the DOM holds is painted. */
function afterPaint(report: (atMs: number) => void) {
  // A frame's callbacks run before its paint; a task queued from one runs after it.
  requestAnimationFrame(() => setTimeout(() => report(performance.timeOrigin + performance.now()), 0));
}

/** How the app opens the document the benchmark names (App.svelte). */
export function onBenchOpen(open: (open: BenchOpen) => void) {
  opener = open;
}

/** The queue's rows are in the DOM (Queue.svelte): reported once, at their first paint. */
export function benchQueueShown() {
  if (queueReported || !enabled()) return;
  queueReported = true;
  afterPaint((at) => {
    api
      .benchReady('queue', at)
      .then((open) => {
        if (!open || !opener) return;
        watchFirstPage();
        opener(open);
      })
      .catch(() => {});
  });
}

/** Reports `page` once the viewer's page image has loaded and is painted. */
function watchFirstPage() {
  const loaded = () => document.querySelector('[data-testid="page-image"][data-loaded="true"]') !== null;
  const observer = new MutationObserver(() => {
    if (!loaded()) return;
    observer.disconnect();
    afterPaint((at) => api.benchReady('page', at).catch(() => {}));
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-loaded'] });
}
