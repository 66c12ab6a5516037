import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { setLang } from '../../locale.svelte';
import IntentForm from './IntentForm.svelte';

beforeEach(() => setLang('fr'));

describe('IntentForm', () => {
  it('sends a letter of intent to refuse with the grounds ticked', async () => {
    const onrun = vi.fn();
    render(IntentForm, { busy: false, onrun, kind: 'refusal' });
    expect(screen.getByRole('group', { name: 'Motifs de refus' })).toBeTruthy();
    await fireEvent.click(screen.getByTestId('ground-nothing_sent'));
    await fireEvent.click(screen.getByTestId('ground-conditions_not_met'));
    const submit = screen.getByTestId('intent-submit');
    expect(submit.textContent).toBe('Envoyer une lettre d’intention de refus');
    await fireEvent.click(submit);
    expect(onrun).toHaveBeenCalledTimes(1);
    expect(onrun).toHaveBeenCalledWith({ command: 'send_intent_to_refuse', grounds: ['conditions_not_met', 'nothing_sent'] });
  });

  it('sends nothing without a ground, and takes the focus to the grounds', async () => {
    const onrun = vi.fn();
    render(IntentForm, { busy: false, onrun, kind: 'refusal' });
    await fireEvent.submit(screen.getByTestId('intent-form'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('grounds-error').textContent).toBe('Cochez au moins un motif.');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('ground-conditions_not_met')));
  });

  it('sends a letter of intent to reject with the suggested grounds, in English', async () => {
    setLang('en');
    const onrun = vi.fn();
    render(IntentForm, { busy: false, onrun, kind: 'rejection', suggested: ['absent_from_interview'] });
    expect(screen.getByRole('group', { name: 'Grounds for rejection' })).toBeTruthy();
    expect((screen.getByTestId('ground-absent_from_interview') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Send a letter of intent to reject' }));
    expect(onrun).toHaveBeenCalledWith({ command: 'send_intent_to_reject', grounds: ['absent_from_interview'] });
  });

  it('previews the letter with the grounds ticked, without sending it', async () => {
    const onrun = vi.fn();
    const onpreview = vi.fn();
    render(IntentForm, { busy: false, onrun, onpreview, kind: 'refusal' });
    await fireEvent.click(screen.getByTestId('intent-preview'));
    expect(onpreview).not.toHaveBeenCalled();
    expect(screen.getByTestId('grounds-error').textContent).toBe('Cochez au moins un motif.');
    await fireEvent.click(screen.getByTestId('ground-nothing_sent'));
    await fireEvent.click(screen.getByRole('button', { name: 'Aperçu de la lettre' }));
    expect(onpreview).toHaveBeenCalledWith({ command: 'send_intent_to_refuse', grounds: ['nothing_sent'] });
    expect(onrun).not.toHaveBeenCalled();
  });

  it('cannot be sent twice while the backend works', () => {
    render(IntentForm, { busy: true, onrun: vi.fn(), kind: 'rejection' });
    expect((screen.getByTestId('intent-submit') as HTMLButtonElement).disabled).toBe(true);
  });
});
