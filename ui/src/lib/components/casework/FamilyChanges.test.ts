import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { setLang } from '../../locale.svelte';
import type { PersonView } from '../../bindings/PersonView';
import { detail, row } from '../../../test/fixtures';
import FamilyChanges from './FamilyChanges.svelte';

// p1 principal applicant, p2 spouse, p3 removed child.
const persons: PersonView[] = detail(row(0)).persons;
const NEW_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

beforeEach(() => {
  setLang('fr');
  vi.spyOn(crypto, 'randomUUID').mockReturnValue(NEW_ID);
});
afterEach(() => vi.restoreAllMocks());

async function type(testid: string, value: string) {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

describe('FamilyChanges: adding a member', () => {
  it('adds a spouse with a new person id', async () => {
    const onrun = vi.fn();
    render(FamilyChanges, { busy: false, onrun, persons });
    const add = within(screen.getByTestId('family-add-form'));
    expect(add.getByRole('group', { name: 'Ajouter un membre de la famille' })).toBeTruthy();
    // The roles' shared names (names.ftl), capitalised by CSS.
    expect((add.getByLabelText('conjoint ou conjoint de fait') as HTMLInputElement).checked).toBe(true);
    expect(add.getByText('enfant à charge').classList.contains('first-upper')).toBe(true);
    expect(screen.queryByTestId('family-both-parents')).toBeNull();
    await fireEvent.input(add.getByLabelText('Nom de famille'), { target: { value: ' Lefebvre ' } });
    await fireEvent.input(add.getByLabelText('Prénoms'), { target: { value: 'Claire Anne' } });
    await fireEvent.input(add.getByLabelText('Date de naissance'), { target: { value: '1991-04-23' } });
    await fireEvent.click(add.getByTestId('family-attestation-held'));
    await fireEvent.click(add.getByRole('button', { name: 'Ajouter à la demande' }));
    expect(onrun).toHaveBeenCalledWith({
      command: 'add_family_member',
      person: {
        id: NEW_ID,
        role: 'spouse',
        family_name: 'Lefebvre',
        given_names: 'Claire Anne',
        date_of_birth: '1991-04-23',
        attestation_held: true,
      },
      both_parents_accompany: false,
    });
  });

  it('adds a child, asking whether both parents accompany', async () => {
    const onrun = vi.fn();
    render(FamilyChanges, { busy: false, onrun, persons });
    await fireEvent.click(screen.getByTestId('family-role-child'));
    const both = screen.getByLabelText('Les deux parents accompagnent l’enfant') as HTMLInputElement;
    expect(both.checked).toBe(false);
    await fireEvent.click(both);
    await type('family-family-name', 'Tran');
    await type('family-given-names', 'Bao');
    await type('family-date-of-birth', '2019-12-01');
    await fireEvent.submit(screen.getByTestId('family-add-form'));
    expect(onrun).toHaveBeenCalledWith({
      command: 'add_family_member',
      person: {
        id: NEW_ID,
        role: 'dependent_child',
        family_name: 'Tran',
        given_names: 'Bao',
        date_of_birth: '2019-12-01',
        attestation_held: false,
      },
      both_parents_accompany: true,
    });
  });

  it('adds nobody without a family name and a real date of birth', async () => {
    const onrun = vi.fn();
    render(FamilyChanges, { busy: false, onrun, persons });
    await fireEvent.click(screen.getByTestId('family-add'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('family-family-name-error').textContent).toBe('Indiquez le nom de famille.');
    expect(screen.getByTestId('family-date-of-birth-error').textContent).toBe('Indiquez la date (AAAA-MM-JJ).');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('family-family-name')));

    await type('family-family-name', 'Lefebvre');
    await type('family-date-of-birth', '1991-02-30');
    await fireEvent.click(screen.getByTestId('family-add'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('family-date-of-birth-error').textContent).toBe('Cette date n’existe pas au calendrier.');
  });
});

describe('FamilyChanges: removing a member', () => {
  it('offers only members still on the application, never the principal applicant', async () => {
    const onrun = vi.fn();
    render(FamilyChanges, { busy: false, onrun, persons });
    const select = screen.getByLabelText('Membre') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'p2']);
    expect(select.options[1].textContent).toBe('Tran, Minh — conjoint ou conjoint de fait (1988-07-02)');
    await fireEvent.change(select, { target: { value: 'p2' } });
    await fireEvent.input(screen.getByLabelText('Raison du retrait'), { target: { value: ' Séparation. ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Retirer de la demande' }));
    expect(onrun).toHaveBeenCalledWith({ command: 'remove_family_member', person_id: 'p2', reason: 'Séparation.' });
  });

  it('removes nobody without a member and a reason', async () => {
    const onrun = vi.fn();
    render(FamilyChanges, { busy: false, onrun, persons });
    await fireEvent.click(screen.getByTestId('family-remove'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('family-remove-person-error').textContent).toBe('Choisissez le membre à retirer.');
    expect(screen.getByTestId('family-remove-reason-error').textContent).toBe('Indiquez une raison.');
    await fireEvent.change(screen.getByTestId('family-remove-person'), { target: { value: 'p2' } });
    await fireEvent.click(screen.getByTestId('family-remove'));
    expect(onrun).not.toHaveBeenCalled();
  });

  it('says when no member can be removed, in English', () => {
    setLang('en');
    render(FamilyChanges, { busy: false, onrun: vi.fn(), persons: persons.filter((p) => p.id !== 'p2') });
    expect(screen.queryByTestId('family-remove-form')).toBeNull();
    expect(screen.getByTestId('family-none-removable').textContent).toBe('No family member to remove.');
    expect(screen.getByLabelText('Family name')).toBeTruthy();
    expect(screen.getByLabelText('Date of birth')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add to the application' })).toBeTruthy();
  });
});
