import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { setLang } from '../../locale.svelte';
import type { ChecklistEntry } from '../../bindings/ChecklistEntry';
import { documents } from '../../../test/fixtures';
import ExplanatoryLetterForm from './ExplanatoryLetterForm.svelte';

function entry(over: Partial<ChecklistEntry> = {}): ChecklistEntry {
  return {
    key: 'diploma:p1',
    code: 'diploma',
    person_id: 'p1',
    person_name: 'Nguyen, Thi Lan',
    label: { fr: 'Diplôme', en: 'Diploma' },
    is_form: false,
    standing: 'missing',
    document_id: null,
    flags: [],
    comment: null,
    defects: [],
    submitted: [],
    ...over,
  };
}

beforeEach(() => setLang('fr'));

describe('ExplanatoryLetterForm: a missing item', () => {
  it('marks the chosen document as the explanatory letter', async () => {
    const onrun = vi.fn();
    render(ExplanatoryLetterForm, { busy: false, onrun, entry: entry(), documents: documents() });
    expect(screen.getByRole('group', { name: 'Lettre explicative au lieu de\u00a0: Diplôme — Nguyen, Thi Lan' })).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Document de la lettre'), { target: { value: 'd3' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Marquer la lettre comme reçue' }));
    expect(onrun).toHaveBeenCalledWith({ command: 'receive_explanatory_letter', code: 'diploma', person_id: 'p1', document_id: 'd3' });
  });

  it('marks nothing until a document is chosen', async () => {
    const onrun = vi.fn();
    render(ExplanatoryLetterForm, { busy: false, onrun, entry: entry({ person_id: null, person_name: null }), documents: documents() });
    await fireEvent.click(screen.getByTestId('letter-receive'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('letter-document-error').textContent).toBe('Choisissez le document qui contient la lettre.');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('letter-document')));
  });

  it('says a letter cannot replace a part of the form', () => {
    render(ExplanatoryLetterForm, { busy: false, onrun: vi.fn(), entry: entry({ code: 'form_part_1', is_form: true }), documents: documents() });
    expect(screen.getByTestId('letter-not-for-form')).toBeTruthy();
    expect(screen.queryByTestId('letter-receive')).toBeNull();
  });
});

describe('ExplanatoryLetterForm: a letter to judge', () => {
  const pending = () => entry({ standing: 'letter_pending', document_id: 'd3' });

  it('refuses the letter with a reason', async () => {
    const onrun = vi.fn();
    render(ExplanatoryLetterForm, { busy: false, onrun, entry: pending(), documents: documents() });
    expect(screen.getByTestId('letter-file').textContent).toBe('Lettre\u00a0: diplome-illisible.pdf');
    await fireEvent.click(screen.getByLabelText('Refuser'));
    await fireEvent.click(screen.getByTestId('letter-judge'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('letter-reason-error').textContent).toBe('Indiquez une raison.');
    await fireEvent.input(screen.getByLabelText('Raison'), { target: { value: ' Aucune démarche auprès de l’établissement. ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Consigner la décision' }));
    expect(onrun).toHaveBeenCalledWith({
      command: 'judge_explanatory_letter',
      code: 'diploma',
      person_id: 'p1',
      accepted: false,
      reason: 'Aucune démarche auprès de l’établissement.',
    });
  });

  it('accepts the letter, a reason being optional', async () => {
    const onrun = vi.fn();
    render(ExplanatoryLetterForm, { busy: false, onrun, entry: pending(), documents: documents() });
    await fireEvent.click(screen.getByTestId('letter-judge'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('letter-verdict-error').textContent).toBe('Choisissez d’accepter ou de refuser la lettre.');
    await fireEvent.click(screen.getByTestId('letter-accept'));
    await fireEvent.submit(screen.getByTestId('letter-judge-form'));
    expect(onrun).toHaveBeenCalledWith({ command: 'judge_explanatory_letter', code: 'diploma', person_id: 'p1', accepted: true, reason: '' });
  });

  it('shows nothing for an item received', () => {
    render(ExplanatoryLetterForm, { busy: false, onrun: vi.fn(), entry: entry({ standing: 'received', document_id: 'd3' }), documents: documents() });
    expect(screen.queryByRole('group')).toBeNull();
  });

  it('speaks English', () => {
    setLang('en');
    render(ExplanatoryLetterForm, { busy: false, onrun: vi.fn(), entry: pending(), documents: documents() });
    expect(screen.getByRole('group', { name: 'Judge the explanatory letter: Diploma — Nguyen, Thi Lan' })).toBeTruthy();
    expect(screen.getByLabelText('Accept')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Record the decision' })).toBeTruthy();
  });
});
