// The queue's filters, sort, page and selection live here, outside the Queue
// component, so that going to a case and back keeps them.
import type { CaseStatus } from './bindings/CaseStatus';
import type { DueFilter } from './bindings/DueFilter';
import type { Profile } from './bindings/Profile';
import type { QueueQuery } from './bindings/QueueQuery';
import type { QueueSort } from './bindings/QueueSort';
import type { SortDirection } from './bindings/SortDirection';
import type { Stream } from './bindings/Stream';

export const PAGE_SIZE = 50;

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
];

export type QueueUiState = {
  stream: Stream | '';
  profile: Profile | '';
  status: CaseStatus | '';
  due: DueFilter | '';
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
    searchText: '',
    search: '',
    sort: 'due_date',
    direction: 'asc',
    offset: 0,
    selected: 0,
  };
}

export const queueState = $state<QueueUiState>(defaultQueueState());

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
      work: null,
    },
    sort: s.sort,
    direction: s.direction,
    offset: s.offset,
    limit: PAGE_SIZE,
  };
}
