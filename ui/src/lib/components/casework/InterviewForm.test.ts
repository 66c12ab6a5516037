import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { setLang } from '../../locale.svelte';
import type { InterviewView } from '../../bindings/InterviewView';
import InterviewForm from './InterviewForm.svelte';

const held: InterviewView = { id: 'i1', scheduled_at: '2024-03-05T15:00:00Z', outcome: 'held', notes: 'Entrevue tenue.' };
const waiting: InterviewView = { id: 'i2', scheduled_at: '2024-07-02T13:30:00Z', outcome: null, notes: null };

beforeEach(() => setLang('fr'));

async function type(testid: string, value: string) {
  const el = screen.getByTestId(testid);
  await fireEvent.input(el, { target: { value } });
  await fireEvent.blur(el);
}

describe('InterviewForm', () => {
  it('lists the interviews in Montréal time', () => {
    render(InterviewForm, { busy: false, onrun: vi.fn(), interviews: [held, waiting] });
    const rows = screen.getAllByTestId('interview');
    expect(rows.map((r) => within(r).getByTestId('interview-at').textContent)).toEqual(['2024-03-05 10 h 00', '2024-07-02 09 h 30']);
    expect(rows[0].textContent).toContain('Présence à l’entrevue');
    expect(rows[0].textContent).toContain('Entrevue tenue.');
    expect(rows[1].dataset.outcome).toBe('pending');
    expect(rows[1].textContent).toContain('À consigner');
  });

  it('schedules an interview typed in Montréal time, sent as a UTC instant', async () => {
    const onrun = vi.fn();
    render(InterviewForm, { busy: false, onrun, interviews: [] });
    expect(screen.getByTestId('interviews-none')).toBeTruthy();
    expect(screen.queryByTestId('interview-outcome-form')).toBeNull();
    await type('interview-day', '2024-11-20');
    await type('interview-time', '10 h 00');
    expect((screen.getByLabelText('Heure') as HTMLInputElement).value).toBe('10:00');
    await fireEvent.click(screen.getByRole('button', { name: 'Prévoir l’entrevue' }));
    expect(onrun).toHaveBeenCalledWith({ command: 'schedule_interview', at: '2024-11-20T15:00:00Z' });
  });

  it('follows daylight time in summer', async () => {
    const onrun = vi.fn();
    render(InterviewForm, { busy: false, onrun, interviews: [] });
    await type('interview-day', '2024-07-02');
    await type('interview-time', '9:30');
    await fireEvent.submit(screen.getByTestId('interview-schedule-form'));
    expect(onrun).toHaveBeenCalledWith({ command: 'schedule_interview', at: '2024-07-02T13:30:00Z' });
  });

  it('schedules nothing without a day and a time', async () => {
    const onrun = vi.fn();
    render(InterviewForm, { busy: false, onrun, interviews: [] });
    await fireEvent.click(screen.getByTestId('interview-schedule'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('interview-day-error').textContent).toBe('Indiquez la date (AAAA-MM-JJ).');
    expect(screen.getByTestId('interview-time-error').textContent).toBe('Indiquez l’heure (HH:MM).');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('interview-day')));

    await type('interview-day', '2024-11-20');
    await type('interview-time', '2 pm');
    await fireEvent.click(screen.getByTestId('interview-schedule'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('interview-time').getAttribute('aria-invalid')).toBe('true');
  });

  it('refuses a time the clocks skip in March', async () => {
    const onrun = vi.fn();
    render(InterviewForm, { busy: false, onrun, interviews: [] });
    await type('interview-day', '2024-03-10');
    await type('interview-time', '02:30');
    await fireEvent.click(screen.getByTestId('interview-schedule'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('interview-time-error').textContent).toContain('n’existe pas à Montréal');
  });

  it('records the outcome of the last interview', async () => {
    const onrun = vi.fn();
    render(InterviewForm, { busy: false, onrun, interviews: [held, waiting] });
    const form = screen.getByTestId('interview-outcome-form');
    expect(within(form).getByRole('group', { name: 'Résultat de l’entrevue du 2024-07-02 09 h 30' })).toBeTruthy();
    await fireEvent.click(within(form).getByLabelText('Absence à l’entrevue'));
    await fireEvent.input(within(form).getByLabelText('Notes'), { target: { value: ' Aucune nouvelle. ' } });
    await fireEvent.click(within(form).getByTestId('interview-record'));
    expect(onrun).toHaveBeenCalledWith({ command: 'record_interview_outcome', outcome: 'absent', notes: 'Aucune nouvelle.' });
  });

  it('records nothing until attended or absent is chosen', async () => {
    const onrun = vi.fn();
    render(InterviewForm, { busy: false, onrun, interviews: [waiting] });
    await fireEvent.click(screen.getByTestId('interview-record'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('interview-outcome-error').textContent).toBe('Indiquez si la personne s’est présentée.');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('interview-held')));
    await fireEvent.click(screen.getByTestId('interview-held'));
    await fireEvent.click(screen.getByTestId('interview-record'));
    expect(onrun).toHaveBeenCalledWith({ command: 'record_interview_outcome', outcome: 'held', notes: '' });
  });

  it('has no outcome to record when the last interview has one', () => {
    render(InterviewForm, { busy: false, onrun: vi.fn(), interviews: [held] });
    expect(screen.queryByTestId('interview-outcome-form')).toBeNull();
  });

  it('speaks English', () => {
    setLang('en');
    render(InterviewForm, { busy: true, onrun: vi.fn(), interviews: [waiting] });
    expect(screen.getByRole('columnheader', { name: 'Date and time (Montréal)' })).toBeTruthy();
    expect(screen.getByLabelText('Attended the interview')).toBeTruthy();
    expect(screen.getByLabelText('Interview date')).toBeTruthy();
    expect((screen.getByLabelText('Time') as HTMLInputElement).placeholder).toBe('HH:MM');
    expect((screen.getByRole('button', { name: 'Schedule the interview' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
