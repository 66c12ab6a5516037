import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { setLang } from '../../locale.svelte';
import PaymentForm from './PaymentForm.svelte';

beforeEach(() => setLang('fr'));

function amount(): HTMLInputElement {
  return screen.getByTestId('payment-amount') as HTMLInputElement;
}

const spaces = (s: string | null | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe('PaymentForm', () => {
  it('starts at the balance and records a payment by a third party', async () => {
    const onrun = vi.fn();
    render(PaymentForm, { busy: false, onrun, outstanding: 127900 });
    expect(spaces(amount().value)).toBe('1 279,00 $');
    expect(screen.getByLabelText('Montant')).toBe(amount());
    await fireEvent.input(screen.getByLabelText('Payé le'), { target: { value: '2024-06-03' } });
    await fireEvent.click(screen.getByLabelText('Un tiers'));
    await fireEvent.click(screen.getByRole('button', { name: 'Consigner le paiement' }));
    expect(onrun).toHaveBeenCalledWith({ command: 'record_payment', amount: 127900, paid_on: '2024-06-03', payer: 'third_party' });
  });

  it('reads the amount as French officers write it, and says how it was read', async () => {
    const onrun = vi.fn();
    render(PaymentForm, { busy: false, onrun });
    expect(amount().value).toBe('');
    expect(amount().placeholder).toBe('1\u00a0234,56\u00a0$');
    await fireEvent.input(amount(), { target: { value: '1 087,5 $' } });
    expect(spaces(screen.getByTestId('payment-amount-read').textContent).trim()).toBe('Lu : 1 087,50 $');
    await fireEvent.input(screen.getByTestId('payment-paid-on'), { target: { value: '20240110' } });
    await fireEvent.submit(screen.getByTestId('payment-form'));
    expect(onrun).toHaveBeenCalledWith({ command: 'record_payment', amount: 108750, paid_on: '2024-01-10', payer: 'applicant' });
  });

  it('records nothing without an amount and a day', async () => {
    const onrun = vi.fn();
    render(PaymentForm, { busy: false, onrun, outstanding: 0 });
    expect(amount().value).toBe('');
    await fireEvent.click(screen.getByTestId('payment-submit'));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByTestId('payment-amount-error').textContent).toBe('Indiquez le montant.');
    expect(screen.getByTestId('payment-paid-on-error').textContent).toBe('Indiquez la date (AAAA-MM-JJ).');
    await vi.waitFor(() => expect(document.activeElement).toBe(amount()));
  });

  it('records nothing when the amount cannot be read', async () => {
    const onrun = vi.fn();
    render(PaymentForm, { busy: false, onrun });
    await fireEvent.input(amount(), { target: { value: '1.234' } });
    await fireEvent.blur(amount());
    expect(amount().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('payment-amount-error').textContent).toContain('Montant illisible');
    await fireEvent.input(screen.getByTestId('payment-paid-on'), { target: { value: '2024-06-03' } });
    await fireEvent.click(screen.getByTestId('payment-submit'));
    expect(onrun).not.toHaveBeenCalled();
  });

  it('speaks English and reads English amounts', async () => {
    setLang('en');
    const onrun = vi.fn();
    render(PaymentForm, { busy: false, onrun, outstanding: 19200 });
    expect(amount().value).toBe('$192.00');
    await fireEvent.input(screen.getByLabelText('Amount'), { target: { value: '$1,234.56' } });
    expect(screen.getByTestId('payment-amount-read').textContent?.trim()).toBe('Read as: $1,234.56');
    await fireEvent.input(screen.getByLabelText('Paid on'), { target: { value: '2024-06-03' } });
    expect(screen.getByRole('group', { name: 'Paid by' })).toBeTruthy();
    await fireEvent.click(screen.getByLabelText('The applicant'));
    await fireEvent.click(screen.getByRole('button', { name: 'Record the payment' }));
    expect(onrun).toHaveBeenCalledWith({ command: 'record_payment', amount: 123456, paid_on: '2024-06-03', payer: 'applicant' });
  });
});
