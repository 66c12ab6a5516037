import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { setLang } from '../../locale.svelte';
import type { AttestationView } from '../../bindings/AttestationView';
import ExemptionForm from './ExemptionForm.svelte';

const persons: AttestationView[] = [
  { person_id: 'p1', name: 'Nguyen, Thi Lan', role: 'principal_applicant', standing: { state: 'requested', deadline: '2024-08-01' } },
  { person_id: 'p2', name: 'Tran, Minh', role: 'spouse', standing: { state: 'to_request' } },
];

beforeEach(() => setLang('fr'));

describe('ExemptionForm', () => {
  it('records an under-age exemption for the person chosen', async () => {
    const onrun = vi.fn();
    render(ExemptionForm, { busy: false, onrun, persons });
    const person = screen.getByLabelText('Personne') as HTMLSelectElement;
    expect(person.value).toBe('p1');
    await fireEvent.change(person, { target: { value: 'p2' } });
    expect(screen.getByRole('group', { name: 'Motif de l’exemption' })).toBeTruthy();
    await fireEvent.click(screen.getByTestId('exemption-under_age'));
    await fireEvent.input(screen.getByLabelText('Âge à partir duquel l’attestation est exigée'), { target: { value: '16' } });
    await fireEvent.input(screen.getByLabelText('Raison'), { target: { value: ' Âgé de 15 ans à la demande. ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Consigner l’exemption' }));
    expect(onrun).toHaveBeenCalledWith({
      command: 'record_attestation_exemption',
      person_id: 'p2',
      exemption: { exemption: 'under_age', min_age: 16 },
      reason: 'Âgé de 15 ans à la demande.',
    });
  });

  it('records nothing without a kind, an age or a reason', async () => {
    const onrun = vi.fn();
    render(ExemptionForm, { busy: false, onrun, persons, personId: 'p2' });
    await fireEvent.click(screen.getByTestId('exemption-submit'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('exemption-kind-error').textContent).toBe('Choisissez le motif de l’exemption.');
    expect(screen.getByTestId('exemption-reason-error').textContent).toBe('Indiquez une raison.');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('exemption-already_holds')));

    await fireEvent.click(screen.getByTestId('exemption-under_age'));
    await fireEvent.input(screen.getByTestId('exemption-reason'), { target: { value: 'Mineur' } });
    await fireEvent.click(screen.getByTestId('exemption-submit'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('exemption-min-age-error').textContent).toBe('Indiquez cet âge en années.');

    await fireEvent.input(screen.getByTestId('exemption-reason'), { target: { value: '   ' } });
    await fireEvent.click(screen.getByTestId('exemption-permit_and_objectif_integration'));
    await fireEvent.click(screen.getByTestId('exemption-submit'));
    expect(onrun).not.toHaveBeenCalled();
  });

  it('takes the age the rules already gave for the person', async () => {
    const exempt: AttestationView = {
      person_id: 'p3',
      name: 'Tran, An',
      role: 'dependent_child',
      standing: { state: 'exempt', exemption: { exemption: 'under_age', min_age: 18 } },
    };
    render(ExemptionForm, { busy: false, onrun: vi.fn(), persons: [exempt] });
    expect(screen.getByTestId('exemption-person-name').textContent).toBe('Tran, An — enfant à charge');
    await fireEvent.click(screen.getByTestId('exemption-under_age'));
    expect((screen.getByTestId('exemption-min-age') as HTMLInputElement).value).toBe('18');
  });

  it('records another kind for a single person, in English', async () => {
    setLang('en');
    const onrun = vi.fn();
    render(ExemptionForm, { busy: false, onrun, persons: [persons[1]] });
    expect(screen.queryByLabelText('Person')).toBeNull();
    expect(screen.getByTestId('exemption-person-name').textContent).toBe('Tran, Minh — spouse or de facto spouse');
    await fireEvent.click(screen.getByLabelText(/Exempt by regulation/));
    await fireEvent.input(screen.getByLabelText('Reason'), { target: { value: 'Regulation s. 12' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Record the exemption' }));
    expect(onrun).toHaveBeenCalledWith({
      command: 'record_attestation_exemption',
      person_id: 'p2',
      exemption: { exemption: 'exempt_by_regulation' },
      reason: 'Regulation s. 12',
    });
  });
});
