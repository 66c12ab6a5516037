// Type-level tests of `t` (never run, never imported): svelte-check (`npm run check`)
// reads this file, and each `@ts-expect-error` below fails the check if the line under
// it type-checks. So if message ids or their arguments ever become loosely typed (a
// `string` id, a `Record<string, …>` of arguments), the check fails here.
import type { Text } from './bindings/Text';
import { ACTION_LABEL } from './labels';
import { t, text } from './locale.svelte';

export function typecheckMessages(message: Text): string[] {
  return [
    // What must type-check.
    t('app-name'),
    t('sync-pending', { count: 3 }),
    t('sync-pending', { count: '3' }),
    t('queue-total', { n: 12 }),
    t(ACTION_LABEL.request_administrative_review),
    text(message),

    // @ts-expect-error — a misspelt id must not type-check
    t('app-nmae'),
    // @ts-expect-error — an id built from a string must not type-check
    t(`status-${'selected' as string}`),
    // @ts-expect-error — a message without variables takes no arguments
    t('app-name', { n: 1 }),
    // @ts-expect-error — a message with variables needs them
    t('sync-pending'),
    // @ts-expect-error — a wrong argument name must not type-check
    t('sync-pending', { cuont: 3 }),
    // @ts-expect-error — an argument the message does not use must not type-check
    t('sync-pending', { count: 3, extra: 1 }),
    // @ts-expect-error — every variable is required
    t('sync-progress-uploading', { done: 1 }),
    // @ts-expect-error — arguments are strings or numbers
    t('sync-pending', { count: new Date() }),
  ];
}
