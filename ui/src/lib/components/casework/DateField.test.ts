import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { setLang } from '../../locale.svelte';
import DateField from './DateField.svelte';

// `value` is bindable: an accessor pair sees what the field writes back.
function bound(initial = '', over: Record<string, unknown> = {}) {
  const box = { value: initial };
  const props = {
    label: 'Payé le',
    get value() {
      return box.value;
    },
    set value(v: string) {
      box.value = v;
    },
    ...over,
  };
  return { box, props };
}

function input(): HTMLInputElement {
  return screen.getByTestId('date-input') as HTMLInputElement;
}

beforeEach(() => setLang('fr'));

describe('DateField', () => {
  it('is a labelled text field for AAAA-MM-JJ, in French', () => {
    const { props } = bound();
    render(DateField, { props });
    const field = screen.getByLabelText('Payé le') as HTMLInputElement;
    expect(field).toBe(input());
    expect(field.type).toBe('text');
    expect(field.getAttribute('inputmode')).toBe('numeric');
    expect(field.placeholder).toBe('AAAA-MM-JJ');
    expect(field.getAttribute('pattern')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('false');
    const hint = document.getElementById(field.getAttribute('aria-describedby')!.split(' ')[0])!;
    expect(hint.textContent).toContain('AAAA-MM-JJ');
  });

  it('binds the ISO day as the officer types it', async () => {
    const { box, props } = bound();
    render(DateField, { props });
    await fireEvent.input(input(), { target: { value: '2024-02-12' } });
    expect(box.value).toBe('2024-02-12');
    expect(input().getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByTestId('date-input-error')).toBeNull();
  });

  it('accepts the digits alone and shows them as AAAA-MM-JJ on leaving', async () => {
    const { box, props } = bound();
    render(DateField, { props });
    await fireEvent.input(input(), { target: { value: '20241120' } });
    expect(box.value).toBe('2024-11-20');
    await fireEvent.blur(input());
    expect(input().value).toBe('2024-11-20');
  });

  it('says when a day is not on the calendar, and keeps no value', async () => {
    const { box, props } = bound('2024-02-01');
    render(DateField, { props });
    expect(input().value).toBe('2024-02-01');
    await fireEvent.input(input(), { target: { value: '2023-02-29' } });
    expect(box.value).toBe('');
    expect(input().getAttribute('aria-invalid')).toBe('true');
    const error = screen.getByTestId('date-input-error');
    expect(error.textContent).toBe('Cette date n’existe pas au calendrier.');
    expect(input().getAttribute('aria-describedby')).toContain(error.id);
  });

  it('says when the text is not a date once the officer leaves the field', async () => {
    const { box, props } = bound();
    render(DateField, { props });
    await fireEvent.input(input(), { target: { value: '20/11/24' } });
    // Still typing: no scolding yet.
    expect(input().getAttribute('aria-invalid')).toBe('false');
    await fireEvent.blur(input());
    expect(box.value).toBe('');
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('date-input-error').textContent).toContain('AAAA-MM-JJ');
    // The US form WebKitGTK shows for <input type=date> is refused as soon as it is whole.
    await fireEvent.input(input(), { target: { value: '11/20/2024' } });
    expect(box.value).toBe('');
    expect(input().getAttribute('aria-invalid')).toBe('true');
  });

  it('asks for a required day once the form was submitted', async () => {
    const { props } = bound('', { required: true, submitted: false });
    const r = render(DateField, { props });
    expect(screen.queryByTestId('date-input-error')).toBeNull();
    await r.rerender({ submitted: true });
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('date-input-error').textContent).toBe('Indiquez la date (AAAA-MM-JJ).');
  });

  it('shows a value set from outside', async () => {
    const { props } = bound('2024-01-05');
    const r = render(DateField, { props });
    await r.rerender({ value: '2024-03-01' });
    expect(input().value).toBe('2024-03-01');
    await r.rerender({ value: '' });
    expect(input().value).toBe('');
  });

  it('speaks English', () => {
    setLang('en');
    const { props } = bound('', { label: 'Paid on', testid: 'paid-on' });
    render(DateField, { props });
    const field = screen.getByLabelText('Paid on') as HTMLInputElement;
    expect(field.dataset.testid).toBe('paid-on');
    expect(field.placeholder).toBe('YYYY-MM-DD');
  });
});
