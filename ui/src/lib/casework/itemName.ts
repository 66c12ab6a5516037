// A checklist item as the rules name it: its label, and for a person's item
// "Label — Person Name" (`item-label-of`, names.ftl), the same words as the audit trail
// and the letters. Reactive on the language when read inside a component.
import type { ChecklistEntry } from '../bindings/ChecklistEntry';
import { shown, t } from '../locale.svelte';

export function itemName(entry: Pick<ChecklistEntry, 'label' | 'person_name'>): string {
  const item = shown(entry.label);
  return entry.person_name ? t('item-label-of', { item, name: entry.person_name }) : item;
}
