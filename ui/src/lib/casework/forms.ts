// Small helpers shared by the casework forms.
import { tick } from 'svelte';

/**
 * After the form shows what is missing, moves the focus to the first field concerned
 * (an input marked `aria-invalid`, or the first control of a group marked
 * `data-invalid`), so a keyboard user lands where the work is.
 */
export async function focusFirstProblem(form: HTMLFormElement | undefined): Promise<void> {
  await tick();
  const el = form?.querySelector<HTMLElement>(
    '[aria-invalid="true"], [data-invalid="true"] input, [data-invalid="true"] select, [data-invalid="true"] textarea',
  );
  el?.focus();
}

/** A text the backend requires: not empty once trimmed. */
export function filled(text: string): boolean {
  return text.trim() !== '';
}
