import { describe, expect, it, beforeEach } from 'vitest';
import { noteSyncChanges, resetStoreChanges, storeChanges } from './storeChanges.svelte';

describe('storeChanges: the screens read again when sync changed the store', () => {
  beforeEach(() => resetStoreChanges());

  it('moves only when a later status counts another changing round', () => {
    noteSyncChanges(4); // the first status read: nothing to reload yet
    expect(storeChanges.count).toBe(0);
    noteSyncChanges(4); // a round that changed nothing
    expect(storeChanges.count).toBe(0);
    noteSyncChanges(5); // files arrived
    expect(storeChanges.count).toBe(1);
    noteSyncChanges(6);
    expect(storeChanges.count).toBe(2);
  });
});
