// What a screen reader is told without the focus moving: the result of a step (done, or
// refused and why) and the viewer's page after a turn. One polite live region says it
// (`Announcer.svelte`, mounted once by App.svelte and in the DOM from the start: a region
// inserted together with its words is not read); every component calls `announce`.
//
// Sync state has its own region in the sync indicator; errors inside a modal dialog keep
// `role="alert"` there (a region outside an `aria-modal` dialog is not read while it is open).
import type { IpcError } from './bindings/IpcError';
import { t, text } from './locale.svelte';

/**
 * How long the region stays empty before the new words: the same words twice in a row
 * ("Étape consignée") are a change, and so are read again.
 */
export const ANNOUNCE_DELAY_MS = 50;

const live = $state<{ text: string }>({ text: '' });
let timer: ReturnType<typeof setTimeout> | undefined;

/** The words the region holds now (read by `Announcer.svelte`). */
export const announcer: { readonly text: string } = {
  get text() {
    return live.text;
  },
};

/** Says `message` (already in the screen's language) in the polite live region. */
export function announce(message: string): void {
  clearTimeout(timer);
  live.text = '';
  timer = setTimeout(() => {
    live.text = message;
  }, ANNOUNCE_DELAY_MS);
}

/** Empties the region (tests start from silence). */
export function resetAnnouncer(): void {
  clearTimeout(timer);
  live.text = '';
}

/**
 * A failed step in one sentence, as `ActionError` shows it: "Refusé : <reason>" when the
 * rules or the user's role refused it, else that the step could not be done.
 */
export function failureSentence(error: IpcError): string {
  if (!error.reason) return t('action-failed');
  // Said for people, but not refusals: the step was recorded without its letter, or the
  // disk is full.
  if (NOT_REFUSALS.includes(error.code)) return text(error.reason);
  return t('action-refused', { reason: text(error.reason) });
}

/** Error codes that carry words for people without being a refusal of the step. */
const NOT_REFUSALS = ['letters.not_filed', 'store.disk_full', 'export.write'];
