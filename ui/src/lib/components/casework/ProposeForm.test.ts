import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { setLang } from '../../locale.svelte';
import ProposeForm from './ProposeForm.svelte';

beforeEach(() => setLang('fr'));

describe('ProposeForm', () => {
  it('proposes a refusal with the grounds of the letter of intent and the officer’s note', async () => {
    const onrun = vi.fn();
    render(ProposeForm, { busy: false, onrun, kind: 'refusal', suggested: ['documents_not_as_requested'] });
    expect((screen.getByTestId('ground-documents_not_as_requested') as HTMLInputElement).checked).toBe(true);
    const note = screen.getByLabelText('Note de l’agent pour le superviseur');
    await fireEvent.input(note, { target: { value: '  Aucune réponse à la lettre du 2024-05-01. ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Proposer le refus' }));
    expect(onrun).toHaveBeenCalledWith({
      command: 'propose_decision',
      decision: { decision: 'refused', grounds: ['documents_not_as_requested'] },
      note: 'Aucune réponse à la lettre du 2024-05-01.',
    });
  });

  it('proposes a rejection with the grounds the officer ticks', async () => {
    const onrun = vi.fn();
    render(ProposeForm, { busy: false, onrun, kind: 'rejection', suggested: ['missing_items_not_provided'] });
    await fireEvent.click(screen.getByTestId('ground-missing_items_not_provided'));
    await fireEvent.click(screen.getByTestId('ground-false_or_misleading'));
    await fireEvent.click(screen.getByTestId('propose-submit'));
    expect(onrun).toHaveBeenCalledWith({
      command: 'propose_decision',
      decision: { decision: 'rejected', grounds: ['false_or_misleading'] },
      note: '',
    });
  });

  it('proposes nothing without a ground', async () => {
    const onrun = vi.fn();
    render(ProposeForm, { busy: false, onrun, kind: 'rejection' });
    await fireEvent.input(screen.getByTestId('propose-note'), { target: { value: 'Note' } });
    await fireEvent.click(screen.getByTestId('propose-submit'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Cochez au moins un motif.');
  });

  it('speaks English', () => {
    setLang('en');
    render(ProposeForm, { busy: false, onrun: vi.fn(), kind: 'rejection' });
    expect(screen.getByLabelText('Officer’s note for the supervisor')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Propose rejection' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Grounds for rejection' })).toBeTruthy();
  });
});
