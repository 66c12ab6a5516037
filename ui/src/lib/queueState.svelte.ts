// The queue's filters, sort, page and selection live here, outside the Queue
// component, so that going to a case and back keeps them.
import type { CaseStatus } from './bindings/CaseStatus';
import type { DueFilter } from './bindings/DueFilter';
import type { Profile } from './bindings/Profile';
import type { QueueQuery } from './bindings/QueueQuery';
import type { QueueSort } from './bindings/QueueSort';
import type { SortDirection } from './bindings/SortDirection';
import type { Stream } from './bindings/Stream';
import type { WorkQueue } from './bindings/WorkQueue';
import type { QueueCounts } from './bindings/QueueCounts';

export const PAGE_SIZE = 50;

/** The "assigned to" filter's value for files assigned to nobody (never a user's name). */
export const NOBODY = '!nobody';

export const STREAMS: Stream[] = ['ai', 'it_vfx'];
export const PROFILES: Profile[] = ['francization', 'regular'];
export const DUE_FILTERS: DueFilter[] = ['overdue', 'this_week', 'next30_days', 'no_deadline'];
export const STATUSES: CaseStatus[] = [
  'received',
  'admissibility_review',
  'missing_items_requested',
  'in_review',
  'attestation_requested',
  'interview_scheduled',
  'intent_to_refuse',
  'intent_to_reject',
  'decision_proposed',
  'selected',
  'refused',
  'rejected',
  'administrative_review',
  'not_received',
];

/// The queues that answer the day's questions, each with the count the backend gives:
/// a preset sets the due filter or the work queue (never both).
export type Preset = {
  id: 'all' | 'due_this_week' | 'overdue' | 'waiting_for_applicant' | 'ready_for_decision' | 'decisions_to_review';
  due: DueFilter | '';
  work: WorkQueue | '';
  count: keyof QueueCounts | null;
};

export const PRESETS: Preset[] = [
  { id: 'all', due: '', work: '', count: null },
  { id: 'due_this_week', due: 'this_week', work: '', count: 'due_this_week' },
  { id: 'overdue', due: 'overdue', work: '', count: 'overdue' },
  { id: 'waiting_for_applicant', due: '', work: 'waiting_for_applicant', count: 'waiting_for_applicant' },
  { id: 'ready_for_decision', due: '', work: 'ready_for_decision', count: 'ready_for_decision' },
  { id: 'decisions_to_review', due: '', work: 'decisions_to_review', count: 'decisions_to_review' },
];

/// The preset the filters match, if any (the status filter must be clear).
export function activePreset(s: QueueUiState): Preset['id'] | null {
  if (s.status) return null;
  return PRESETS.find((p) => p.due === s.due && p.work === s.work)?.id ?? null;
}

export type QueueUiState = {
  stream: Stream | '';
  profile: Profile | '';
  status: CaseStatus | '';
  due: DueFilter | '';
  /** One of the day's work queues (see PRESETS). */
  work: WorkQueue | '';
  /** Whose files (supervisors): '' everyone's, NOBODY the unassigned, else a user's name. */
  assignee: string;
  /** What is typed in the search box (applied after a debounce). */
  searchText: string;
  /** The search actually sent to the store. */
  search: string;
  sort: QueueSort;
  direction: SortDirection;
  offset: number;
  /** Index of the selected row within the current page. */
  selected: number;
};

export function defaultQueueState(): QueueUiState {
  return {
    stream: '',
    profile: '',
    status: '',
    due: '',
    work: '',
    assignee: '',
    searchText: '',
    search: '',
    sort: 'due_date',
    direction: 'asc',
    offset: 0,
    selected: 0,
  };
}

export const queueState = $state<QueueUiState>(defaultQueueState());

/** The supervisor's decisions to approve (the header's "Decisions"): that preset alone. */
export function showDecisions(): void {
  Object.assign(queueState, { due: '', work: 'decisions_to_review', status: '', offset: 0, selected: 0 });
}

export function resetQueueState(): void {
  Object.assign(queueState, defaultQueueState());
}

export function toQuery(s: QueueUiState): QueueQuery {
  const search = s.search.trim();
  return {
    filter: {
      stream: s.stream || null,
      profile: s.profile || null,
      status: s.status || null,
      due: s.due || null,
      search: search === '' ? null : search,
      work: s.work || null,
      assignee: s.assignee === '' ? null : s.assignee === NOBODY ? { kind: 'nobody' } : { kind: 'user', name: s.assignee },
    },
    sort: s.sort,
    direction: s.direction,
    offset: s.offset,
    limit: PAGE_SIZE,
  };
}
