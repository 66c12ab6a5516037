import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { setLang } from '../../locale.svelte';
import type { AnyGround } from '../../casework/grounds';
import GroundsPicker from './GroundsPicker.svelte';

function bound(initial: AnyGround[] = [], over: Record<string, unknown> = {}) {
  const box = { selected: initial };
  const props = {
    kind: 'refusal' as const,
    get selected() {
      return box.selected;
    },
    set selected(v: AnyGround[]) {
      box.selected = v;
    },
    ...over,
  };
  return { box, props };
}

function box(g: string): HTMLInputElement {
  return screen.getByTestId(`ground-${g}`) as HTMLInputElement;
}

beforeEach(() => setLang('fr'));

describe('GroundsPicker', () => {
  it('offers every refusal ground in a labelled group, with what the letter will say', () => {
    const { props } = bound();
    render(GroundsPicker, { props });
    const group = screen.getByRole('group', { name: 'Motifs de refus' });
    const boxes = within(group).getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((b) => b.value)).toEqual(['conditions_not_met', 'documents_not_as_requested', 'nothing_sent']);
    expect(boxes.every((b) => !b.checked)).toBe(true);
    expect(screen.getByLabelText(/Conditions du programme non remplies/)).toBe(boxes[0]);
    const letter = document.getElementById(boxes[2].getAttribute('aria-describedby')!)!;
    expect(letter.textContent).toBe('La lettre indiquera\u00a0: «\u00a0Vous n’avez rien transmis au Ministère.\u00a0»');
  });

  it('binds the chosen grounds in the order of the rules, from the keyboard', async () => {
    const { box: state, props } = bound();
    render(GroundsPicker, { props });
    box('nothing_sent').focus();
    await fireEvent.click(box('nothing_sent'));
    await fireEvent.click(box('conditions_not_met'));
    expect(state.selected).toEqual(['conditions_not_met', 'nothing_sent']);
    await fireEvent.click(box('nothing_sent'));
    expect(state.selected).toEqual(['conditions_not_met']);
    expect(box('nothing_sent').checked).toBe(false);
  });

  it('chooses and marks the suggested grounds at first', () => {
    const { box: state, props } = bound([], {
      kind: 'rejection',
      suggested: ['attestation_not_obtained', 'missing_items_not_provided'],
    });
    render(GroundsPicker, { props });
    expect(state.selected).toEqual(['missing_items_not_provided', 'attestation_not_obtained']);
    expect(box('missing_items_not_provided').checked).toBe(true);
    expect(box('attestation_not_obtained').checked).toBe(true);
    expect(box('doubtful_authenticity').checked).toBe(false);
    expect(screen.getAllByTestId('ground-suggested')).toHaveLength(2);
  });

  it('keeps a choice already made over the suggestion', () => {
    const { box: state, props } = bound(['false_or_misleading'], { kind: 'rejection', suggested: ['absent_from_interview'] });
    render(GroundsPicker, { props });
    expect(state.selected).toEqual(['false_or_misleading']);
    expect(box('absent_from_interview').checked).toBe(false);
  });

  it('says a ground is needed once the form was submitted', async () => {
    const { props } = bound([], { submitted: false });
    const r = render(GroundsPicker, { props });
    expect(screen.queryByTestId('grounds-error')).toBeNull();
    await r.rerender({ submitted: true });
    expect(screen.getByTestId('grounds-error').textContent).toBe('Cochez au moins un motif.');
    expect(screen.getByTestId('grounds').dataset.invalid).toBe('true');
  });

  it('speaks English', () => {
    setLang('en');
    const { props } = bound([], { kind: 'rejection' });
    render(GroundsPicker, { props });
    const group = screen.getByRole('group', { name: 'Grounds for rejection' });
    expect(within(group).getAllByRole('checkbox')).toHaveLength(6);
    expect(screen.getByLabelText(/Absent from the interview/)).toBe(box('absent_from_interview'));
  });
});
