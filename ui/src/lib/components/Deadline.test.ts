// A deadline's standing is said in words (and an overdue one also by a mark), never by
// its colour alone (WCAG 1.4.1).
import { beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { setLang } from '../locale.svelte';
import Deadline from './Deadline.svelte';

beforeEach(() => setLang('fr'));

describe('Deadline', () => {
  it('says an overdue deadline in words, beside a mark hidden from screen readers', async () => {
    const { container } = render(Deadline, { date: '2024-02-12', days: -3 });
    const deadline = container.querySelector('.deadline')!;
    // The colour (class `overdue`) only repeats what the words say.
    expect(deadline.classList.contains('overdue')).toBe(true);
    const days = deadline.querySelector('.days')!;
    expect(days.textContent?.replace(/\s+/g, ' ').trim()).toBe('⚠ en retard de 3 jours');
    expect(days.querySelector('[aria-hidden="true"]')?.textContent).toBe('⚠');
    setLang('en');
    await waitFor(() => expect(days.textContent?.replace(/\s+/g, ' ').trim()).toBe('⚠ overdue by 3 days'));
  });

  it('words each other standing differently: today, days left, none', () => {
    const today = render(Deadline, { date: '2024-02-12', days: 0 }).container;
    const soon = render(Deadline, { date: '2024-02-13', days: 1 }).container;
    render(Deadline, { date: null, days: null });
    expect(today.querySelector('.days')?.textContent?.trim()).toBe('aujourd’hui');
    expect(today.querySelector('.overdue')).toBeNull();
    expect(soon.querySelector('.days')?.textContent?.trim()).toBe('dans 1 jour');
    expect(screen.getByText('Aucune')).toBeTruthy();
  });
});
