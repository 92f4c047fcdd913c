import type { paths } from '../../api/schema';

export type InboxQuery = NonNullable<paths['/api/tasks']['get']['parameters']['query']>;
export type InboxTab = 'mine' | 'role' | 'done';

/** The filters an officer sets above the table (saved views keep exactly these). */
export interface InboxFilters {
  step?: InboxQuery['step'];
  caseType?: InboxQuery['caseType'];
  overdue?: boolean;
  dueWithinWorkingDays?: number;
  regionCode?: string;
  sort?: InboxQuery['sort'];
}

/** A tab, the filters and a page → the query of GET /api/tasks. */
export function inboxQuery(tab: InboxTab, f: InboxFilters, page: number, pageSize: number): InboxQuery {
  const q: InboxQuery = {
    scope: tab === 'role' ? 'role' : 'mine',
    status: tab === 'done' ? 'completed' : 'open',
    page,
    pageSize,
  };
  if (f.step) q.step = f.step;
  if (f.caseType) q.caseType = f.caseType;
  if (f.regionCode) q.regionCode = f.regionCode;
  if (f.overdue) q.overdue = 'true';
  if (f.dueWithinWorkingDays && tab !== 'done') {
    q.dueSoon = 'true';
    q.dueWithinWorkingDays = f.dueWithinWorkingDays;
  }
  if (f.sort) q.sort = f.sort;
  return q;
}

/** What the inbox shows when it opens: the role's open tasks, first page. */
export const INITIAL_INBOX_QUERY = inboxQuery('role', {}, 1, 20);

/** A saved view's filters (as the API keeps them) → the tab and filters of the page. */
export function fromSavedFilters(s: Partial<InboxQuery>): { tab: InboxTab; filters: InboxFilters } {
  const tab: InboxTab = s.status === 'completed' ? 'done' : s.scope === 'role' ? 'role' : 'mine';
  return {
    tab,
    filters: {
      step: s.step,
      caseType: s.caseType,
      regionCode: s.regionCode,
      overdue: s.overdue === 'true' || undefined,
      dueWithinWorkingDays: s.dueSoon === 'true' ? s.dueWithinWorkingDays : undefined,
      sort: s.sort,
    },
  };
}

/** Due soon: at most this many working days left (the official calendar, as officers count their limits). */
export const DUE_SOON_WORKING_DAYS = 2;

export type DueState = { kind: 'overdue'; days: number } | { kind: 'soon' | 'later'; workingDays: number } | null;

/** What the deadline cell says of a task: overdue by n days, or the working days left (soon when few). */
export function dueState(task: { status: string; overdue: boolean; daysOverdue: number | null; workingDaysLeft: number | null }): DueState {
  if (task.status !== 'open') return null;
  if (task.overdue) return { kind: 'overdue', days: task.daysOverdue ?? 1 };
  if (task.workingDaysLeft === null) return null;
  return { kind: task.workingDaysLeft <= DUE_SOON_WORKING_DAYS ? 'soon' : 'later', workingDays: task.workingDaysLeft };
}
