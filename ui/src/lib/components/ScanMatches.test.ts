import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), convertFileSrc: vi.fn(() => '') }));

import { invoke } from '@tauri-apps/api/core';
import ScanMatches from './ScanMatches.svelte';
import { setLang } from '../locale.svelte';
import { wcagViolations } from '../../test/axe';
import { detail, row } from '../../test/fixtures';
import type { ScanMatch } from '../bindings/ScanMatch';

const invokeMock = vi.mocked(invoke);
const file = detail(row(0));
const doc = file.documents[0];

function side(caseId: string, fileNumber: string, documentId: string, page: number) {
  return { case_id: caseId, file_number: fileNumber, document_id: documentId, sha256: 'a'.repeat(64), page };
}

const forSupervisor: ScanMatch = {
  id: 7,
  page: side(file.row.id, file.row.file_number, doc.id, 1),
  other: side('case-x', '2024-AI-000099', 'doc-x', 2),
  distance: 9,
  found_at: '2026-12-07T15:00:00Z',
  dismissal: null,
};

describe('ScanMatches', () => {
  beforeEach(() => {
    invokeMock.mockReset();
    setLang('fr');
  });

  it('tells an officer only that a page of her file is in another file', async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'scan_matches') return [{ ...forSupervisor, other: null }];
      throw { code: 'unknown', message: cmd, reason: null };
    });
    const { container } = render(ScanMatches, { caseId: file.row.id, documents: file.documents });
    const alert = await screen.findByTestId('scan-match');
    expect(alert.textContent).toContain(`Page 1 de «\u00a0${doc.file_name}\u00a0»\u00a0: la même image se trouve dans un autre dossier.`);
    expect(alert.textContent).not.toContain('2024-AI-000099');
    expect(screen.queryByTestId('scan-match-compare')).toBeNull();
    expect(invokeMock).toHaveBeenCalledWith('scan_matches', { caseId: file.row.id });
    expect(await wcagViolations(container)).toEqual([]);
  });

  it('shows a supervisor both pages side by side and records a dismissal with its reason', async () => {
    let dismissed: { id: number; reason: string } | null = null;
    invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
      if (cmd === 'scan_matches')
        return [
          dismissed
            ? { ...forSupervisor, dismissal: { by: 'sam', at: '2026-12-07T16:00:00Z', reason: dismissed.reason } }
            : forSupervisor,
        ];
      if (cmd === 'dismiss_scan_match') {
        dismissed = args as { id: number; reason: string };
        return null;
      }
      throw { code: 'unknown', message: cmd, reason: null };
    });
    const { container } = render(ScanMatches, { caseId: file.row.id, documents: file.documents });
    const alert = await screen.findByTestId('scan-match');
    expect(alert.textContent).toContain('la même image que la page 2 du dossier 2024-AI-000099');
    container.querySelector('details')!.open = true;
    const theirs = screen.getByTestId('scan-match-other') as HTMLImageElement;
    expect(theirs.alt).toBe('Page 2 du dossier 2024-AI-000099');
    expect(decodeURIComponent(theirs.src)).toContain('doc-x/2');
    expect(decodeURIComponent((screen.getByTestId('scan-match-this') as HTMLImageElement).src)).toContain(`${doc.id}/1`);
    expect(await wcagViolations(container)).toEqual([]);
    await fireEvent.input(screen.getByTestId('scan-match-reason'), { target: { value: 'Même passeport, envoyé deux fois' } });
    await fireEvent.click(screen.getByTestId('scan-match-dismiss'));
    await waitFor(() => expect(screen.getByTestId('scan-match-dismissed').textContent).toContain('Écartée par sam le 2026-12-07'));
    expect(dismissed).toEqual({ id: 7, reason: 'Même passeport, envoyé deux fois' });
    expect(screen.queryByTestId('scan-match-dismiss')).toBeNull();
  });

  it('says why a dismissal was refused', async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'scan_matches') return [forSupervisor];
      throw {
        code: 'invalid.constraint',
        message: 'say why',
        reason: { id: 'scan-match-reason-required', args: {} },
      };
    });
    render(ScanMatches, { caseId: file.row.id, documents: file.documents });
    await screen.findByTestId('scan-match');
    await fireEvent.click(screen.getByTestId('scan-match-dismiss'));
    const error = await screen.findByTestId('scan-match-error');
    expect(error.textContent).toContain('dites pourquoi ces deux pages ne sont pas un document réutilisé');
  });

  it('says nothing offline, and that it could not check on another failure', async () => {
    invokeMock.mockImplementation(async () => {
      throw { code: 'sync.unreachable', message: 'offline', reason: null };
    });
    const first = render(ScanMatches, { caseId: file.row.id, documents: file.documents });
    await waitFor(() => expect(invokeMock).toHaveBeenCalled());
    expect(first.container.textContent?.trim()).toBe('');
    first.unmount();
    invokeMock.mockImplementation(async () => {
      throw { code: 'sync.server_error', message: 'boom', reason: null };
    });
    render(ScanMatches, { caseId: file.row.id, documents: file.documents });
    expect(await screen.findByTestId('scan-matches-unavailable')).toBeTruthy();
  });
});
