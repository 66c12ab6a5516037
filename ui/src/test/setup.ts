// jsdom has no ResizeObserver (Svelte's bind:clientWidth uses it) and no layout: a stub
// that never reports keeps components rendering, with sizes of 0.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

if (!('ResizeObserver' in globalThis)) {
  (globalThis as unknown as { ResizeObserver: typeof ResizeObserverStub }).ResizeObserver = ResizeObserverStub;
}

// The program's names, as `app_info` sends them when the app starts (App.svelte).
import { setProgramNames } from '../lib/program.svelte';
import { appInfo } from './fixtures';
setProgramNames(appInfo.program);
