/**
 * What the local store holds changed underneath the screens: a sync round applied the
 * server's operations, downloaded documents or undid local ones (`SyncStatus.changes`).
 * The sync indicator, which follows the status, bumps `storeChanges.count`; the queue and
 * the open file read themselves again when it moves, so files that arrive by sync show
 * without the officer doing anything.
 */
export const storeChanges = $state({ count: 0 });

let seen: number | null = null;

/** Takes the `changes` counter of a new sync status. */
export function noteSyncChanges(changes: number): void {
  if (seen !== null && changes !== seen) storeChanges.count += 1;
  seen = changes;
}

/** Forgets what was seen (tests). */
export function resetStoreChanges(): void {
  seen = null;
  storeChanges.count = 0;
}
