// The only module that talks to the Rust side. Every command is typed with the
// ts-rs bindings; every rejection is normalised to an IpcError.
import { invoke } from '@tauri-apps/api/core';
import type { AppInfo } from './bindings/AppInfo';
import type { CaseDetail } from './bindings/CaseDetail';
import type { CaseRow } from './bindings/CaseRow';
import type { DocumentInfoView } from './bindings/DocumentInfoView';
import type { DocumentView } from './bindings/DocumentView';
import type { IpcError } from './bindings/IpcError';
import type { Page } from './bindings/Page';
import type { QualityFlagKind } from './bindings/QualityFlagKind';
import type { QueueQuery } from './bindings/QueueQuery';
import type { SearchResults } from './bindings/SearchResults';
import type { AddedDocument } from './bindings/AddedDocument';
import type { Casework } from './bindings/Casework';
import type { AuditEntry } from './bindings/AuditEntry';
import type { QueueCounts } from './bindings/QueueCounts';
import type { CaseworkCommand } from './bindings/CaseworkCommand';
import type { RenderedLetter } from './bindings/RenderedLetter';
import type { ProposalView } from './bindings/ProposalView';
import type { SyncStatus } from './bindings/SyncStatus';
import type { Conflict } from './bindings/Conflict';
import type { SignInView } from './bindings/SignInView';
import type { Text } from './bindings/Text';
import type { LoadedProgram } from './bindings/LoadedProgram';
import type { ProgramVersionView } from './bindings/ProgramVersionView';
import type { Team } from './bindings/Team';
import type { TeamFile } from './bindings/TeamFile';
import type { TeamFilesOf } from './bindings/TeamFilesOf';
import type { Assigned } from './bindings/Assigned';
import type { Distribution } from './bindings/Distribution';
import type { UserEvent } from './bindings/UserEvent';
import type { FiguresView } from './bindings/FiguresView';
import type { Role } from './bindings/Role';
import type { BenchStage } from './bindings/BenchStage';
import type { BenchOpen } from './bindings/BenchOpen';
import type { UpdateStatus } from './bindings/UpdateStatus';
import type { UpdateOffer } from './bindings/UpdateOffer';
import type { ScanMatch } from './bindings/ScanMatch';

/**
 * A refusal's reason as the backend sent it: a message of the catalogue (`{ id, args }`);
 * one in French and English (an older backend) is read as `reason-as-given`, as the Rust
 * side reads old rejections. Anything else is dropped.
 */
function reasonOf(value: unknown): Text | null {
  if (!value || typeof value !== 'object') return null;
  const o = value as Record<string, unknown>;
  if (typeof o.id === 'string' && o.id.length > 0 && o.args && typeof o.args === 'object' && !Array.isArray(o.args)) {
    return { id: o.id, args: o.args as Text['args'] };
  }
  if (typeof o.fr === 'string' && typeof o.en === 'string') {
    return { id: 'reason-as-given', args: { text: { type: 'bilingual', value: { fr: o.fr, en: o.en } } } };
  }
  return null;
}

/** Turns whatever a rejected invoke carries into `{ code, message, reason }`, never a stack. */
export function toIpcError(err: unknown): IpcError {
  if (err && typeof err === 'object') {
    const o = err as Record<string, unknown>;
    if (typeof o.message === 'string' && o.message.length > 0) {
      return {
        code: typeof o.code === 'string' ? o.code : 'unknown',
        message: o.message,
        reason: reasonOf(o.reason),
      };
    }
  }
  if (typeof err === 'string' && err.length > 0) return { code: 'unknown', message: err, reason: null };
  return { code: 'unknown', message: String(err), reason: null };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw toIpcError(err);
  }
}

export function isIpcError(e: unknown): e is IpcError {
  return !!e && typeof e === 'object' && typeof (e as IpcError).code === 'string' && typeof (e as IpcError).message === 'string';
}

export const api = {
  queue: (query: QueueQuery) => call<Page<CaseRow>>('queue', { query }),
  queueAssignees: () => call<string[]>('queue_assignees'),
  caseDetail: (id: string) => call<CaseDetail>('case_detail', { id }),
  appInfo: () => call<AppInfo>('app_info'),
  updateStatus: () => call<UpdateStatus>('update_status'),
  checkForUpdate: () => call<UpdateOffer | null>('check_for_update'),
  installUpdate: () => call<null>('install_update'),
  scanMatches: (caseId: string) => call<ScanMatch[]>('scan_matches', { caseId }),
  dismissScanMatch: (id: number, reason: string) => call<null>('dismiss_scan_match', { id, reason }),
  startupProblem: () => call<IpcError | null>('startup_problem'),
  /** `dossier bench app` only (`lib/bench.ts`): `stage` painted at `atMs` (epoch ms). */
  benchReady: (stage: BenchStage, atMs: number) => call<BenchOpen | null>('bench_ready', { stage, atMs }),
  documentInfo: (documentId: string) => call<DocumentInfoView>('document_info', { documentId }),
  searchDocument: (documentId: string, query: string) =>
    call<SearchResults>('search_document', { documentId, query }),
  dismissQualityFlag: (documentId: string, flag: QualityFlagKind, reason: string) =>
    call<DocumentView>('dismiss_quality_flag', { documentId, flag, reason }),
  casework: (id: string) => call<Casework>('casework', { id }),
  auditTrail: (id: string) => call<AuditEntry[]>('audit_trail', { id }),
  queueCounts: () => call<QueueCounts>('queue_counts'),
  proposalsToReview: () => call<ProposalView[]>('proposals_to_review'),
  perform: (id: string, command: CaseworkCommand) => call<Casework>('perform', { id, command }),
  addDocument: (id: string, path: string, checklistCode: string, personId: string | null) =>
    call<AddedDocument>('add_document', { id, path, checklistCode, personId }),
  previewLetter: (id: string, command: CaseworkCommand) =>
    call<RenderedLetter | null>('preview_letter', { id, command }),
  syncStatus: () => call<SyncStatus>('sync_status'),
  syncNow: () => call<null>('sync_now'),
  syncConfigure: (serverUrl: string) => call<SyncStatus>('sync_configure', { serverUrl }),
  signIn: (user: string, password: string) => call<SignInView>('sign_in', { user, password }),
  signOut: () => call<null>('sign_out'),
  syncConflicts: () => call<Conflict[]>('sync_conflicts'),
  programVersions: () => call<ProgramVersionView[]>('program_versions'),
  loadProgramVersion: (path: string, effectiveOn: string | null) =>
    call<LoadedProgram>('load_program_version', { path, effectiveOn }),
  team: () => call<Team>('team'),
  teamFiles: (of: TeamFilesOf) => call<TeamFile[]>('team_files', { of }),
  assignFiles: (caseIds: string[], officer: string) => call<Assigned>('assign_files', { caseIds, officer }),
  distributionPreview: (count: number) => call<Distribution>('distribution_preview', { count }),
  distribute: (count: number) => call<Distribution>('distribute', { count }),
  setAway: (name: string, away: boolean) => call<null>('set_away', { name, away }),
  setRole: (name: string, role: Role) => call<null>('set_role', { name, role }),
  resetPassword: (name: string, password: string) => call<null>('reset_password', { name, password }),
  userEvents: () => call<UserEvent[]>('user_events'),
  figures: () => call<FiguresView>('figures'),
  /** Writes `text` (a CSV export) to `path`, a file the officer chose in the save dialog. */
  saveText: (path: string, text: string) => call<null>('save_text', { path, text }),
};
