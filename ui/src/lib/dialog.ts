/**
 * The keyboard inside a modal dialog, shared by every dialog of the app (letter preview,
 * flag dismissal, shortcuts): no key pressed in it reaches the screens behind it, a close
 * key (Escape, and any the dialog adds) closes it, and Tab / Shift+Tab cycle through the
 * dialog's own controls so focus never leaves it.
 */

/** What Tab reaches inside a dialog, in document order. */
const FOCUSABLE = [
  'button:not([disabled])',
  'textarea:not([disabled])',
  'input:not([disabled])',
  'select:not([disabled])',
  'a[href]',
  '[tabindex="0"]',
].join(', ');

export function dialogKeydown(
  e: KeyboardEvent,
  dialog: HTMLElement | undefined,
  onclose: () => void,
  closeKeys: string[] = ['Escape'],
): void {
  e.stopPropagation();
  if (closeKeys.includes(e.key)) {
    e.preventDefault();
    onclose();
    return;
  }
  if (e.key !== 'Tab' || !dialog) return;
  const controls = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
  e.preventDefault();
  if (controls.length === 0) return;
  const i = controls.indexOf(document.activeElement as HTMLElement);
  const next = e.shiftKey ? (i <= 0 ? controls.length - 1 : i - 1) : (i + 1) % controls.length;
  controls[next].focus();
}
