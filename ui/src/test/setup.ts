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
