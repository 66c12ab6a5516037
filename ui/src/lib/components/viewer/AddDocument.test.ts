import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-dialog';
import type { ChecklistEntry } from '../../bindings/ChecklistEntry';
import { setLang } from '../../locale.svelte';
import { wcagViolations } from '../../../test/axe';
import AddDocument from './AddDocument.svelte';

const invokeMock = vi.mocked(invoke);
const openMock = vi.mocked(open);

function entry(key: string, code: string, person: [string, string] | null, standing: ChecklistEntry['standing']): ChecklistEntry {
  return {
    key,
    code,
    person_id: person?.[0] ?? null,
    person_name: person?.[1] ?? null,
    label: { fr: `Élément ${code}`, en: `Item ${code}` },
    is_form: false,
    standing,
    document_id: null,
    flags: [],
    comment: null,
    defects: [],
    submitted: [],
  };
}

const checklist = [
  entry('form_part_1', 'form_part_1', null, 'received'),
  entry('diplomas:p-1', 'diplomas', ['p-1', 'Nguyen, Thi Lan'], 'missing'),
];

beforeEach(() => {
  invokeMock.mockReset();
  openMock.mockReset();
  setLang('fr');
  invokeMock.mockImplementation(async (cmd: string) => {
    if (cmd === 'casework') return { checklist };
    if (cmd === 'add_document') return { document_id: 'doc-9', casework: { checklist } };
    throw { code: 'not_found', message: cmd };
  });
});

describe('AddDocument: a document from disk, for the item it answers', () => {
  it('picks a PDF, offers the first missing item with its person, and adds it there', async () => {
    openMock.mockResolvedValue('/home/ana/Téléchargements/diplome.pdf');
    const onadded = vi.fn();
    render(AddDocument, { caseId: 'case-1', onadded });
    await fireEvent.click(screen.getByTestId('add-document'));
    const dialog = await screen.findByRole('dialog', { name: 'Ajouter un document au dossier' });
    expect(screen.getByTestId('add-document-file').textContent).toBe('diplome.pdf');
    const select = screen.getByLabelText('Élément de la liste de vérification') as HTMLSelectElement;
    // The item still missing comes first, named with its person.
    expect(select.value).toBe('diplomas:p-1');
    expect(select.selectedOptions[0].textContent).toBe('Élément diplomas — Nguyen, Thi Lan');
    await waitFor(() => expect(document.activeElement).toBe(select));
    expect(await wcagViolations(dialog)).toEqual([]);
    await fireEvent.click(screen.getByTestId('add-document-confirm'));
    await waitFor(() => expect(onadded).toHaveBeenCalledWith('doc-9'));
    expect(invokeMock).toHaveBeenCalledWith('add_document', {
      id: 'case-1',
      path: '/home/ana/Téléchargements/diplome.pdf',
      checklistCode: 'diplomas',
      personId: 'p-1',
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says why a file is refused, and adds nothing until the officer chooses another', async () => {
    openMock.mockResolvedValue('/tmp/photo.pdf');
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'casework') return { checklist };
      throw {
        code: 'desk.not_pdf',
        message: 'photo.pdf is not a PDF',
        reason: { id: 'desk-not-pdf', args: { file: { type: 'plain', value: 'photo.pdf' } } },
      };
    });
    const onadded = vi.fn();
    render(AddDocument, { caseId: 'case-1', onadded });
    await fireEvent.click(screen.getByTestId('add-document'));
    await fireEvent.click(await screen.findByTestId('add-document-confirm'));
    const error = await screen.findByTestId('add-document-error');
    expect(error.textContent).toContain('photo.pdf n’est pas un PDF');
    expect(onadded).not.toHaveBeenCalled();
    // Cancel closes and gives the focus back to the button.
    await fireEvent.click(screen.getByTestId('add-document-cancel'));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('add-document')));
  });

  it('does nothing when the picker is closed without a file', async () => {
    openMock.mockResolvedValue(null);
    render(AddDocument, { caseId: 'case-1', onadded: vi.fn() });
    await fireEvent.click(screen.getByTestId('add-document'));
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(invokeMock).not.toHaveBeenCalled();
  });
});
