import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { qk } from '../../api/query-keys';
import type { components } from '../../api/schema';
import { takeEarlyInbox } from '../../early-inbox';
import { askInbox } from './inbox-api';
import { INITIAL_INBOX_QUERY, type InboxQuery } from './inbox-params';

export type TaskItem = components['schemas']['TaskItemView'];
export type SavedView = components['schemas']['SavedViewView'];

const inboxOptions = (query: InboxQuery) => queryOptions({ queryKey: qk.tasks(query), queryFn: () => askInbox(query) });

export function useInbox(query: InboxQuery) {
  return useQuery({ ...inboxOptions(query), placeholderData: keepPreviousData });
}

/**
 * The inbox's first page, in the cache ahead of the page (see app.tsx): the answer to the request
 * main.tsx started (early-inbox.ts). It went through the typed client like any other, so a refusal
 * is handled as any other's (a 401 → the login page); a retry asks the API again.
 */
export function prefetchInbox(qc: QueryClient): Promise<void> {
  return qc.prefetchQuery({
    ...inboxOptions(INITIAL_INBOX_QUERY),
    queryFn: () => takeEarlyInbox() ?? askInbox(INITIAL_INBOX_QUERY),
  });
}

export function useClaimRelease() {
  const qc = useQueryClient();
  const done = () => Promise.all([qc.invalidateQueries({ queryKey: qk.tasksAll }), qc.invalidateQueries({ queryKey: qk.caseAll })]);
  const claim = useMutation({
    mutationFn: (id: string) => call(api.POST('/api/tasks/{id}/claim', { params: { path: { id } } })),
    onSuccess: done,
  });
  const release = useMutation({
    mutationFn: (id: string) => call(api.POST('/api/tasks/{id}/release', { params: { path: { id } }, body: {} })),
    onSuccess: done,
  });
  return { claim, release };
}

export function useSavedViews() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: qk.savedViews, queryFn: () => call(api.GET('/api/saved-views')) });
  const save = useMutation({
    mutationFn: (body: components['schemas']['CreateSavedViewDto']) => call(api.POST('/api/saved-views', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.savedViews }),
  });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      const res = await api.DELETE('/api/saved-views/{id}', { params: { path: { id } } });
      if (!res.response.ok) throw new Error(String(res.response.status));
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.savedViews }),
  });
  return { list, save, remove };
}

/** One chunk of a bulk approval: the server decides each task and answers per task. */
export function sendBulkApproval(taskIds: string[]) {
  return call(
    api.POST('/api/tasks/bulk-complete', {
      body: { step: 'approval', outcome: 'approve', comment: '同意', items: taskIds.map((taskId) => ({ taskId })) },
    }),
  );
}
