// The app's live region (App.svelte mounts it once) beside a component under test, empty:
// what a step or a page turn says is read from it as a screen reader would hear it.
import { render, screen } from '@testing-library/svelte';
import { resetAnnouncer } from '../lib/announce.svelte';
import Announcer from '../lib/components/Announcer.svelte';

/** Mounts the live region, empty; returns a getter for it. */
export function mountAnnouncer(): () => HTMLElement {
  resetAnnouncer();
  render(Announcer);
  return () => screen.getByTestId('announcer');
}
