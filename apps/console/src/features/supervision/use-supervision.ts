import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { qk } from '../../api/query-keys';
import type { paths } from '../../api/schema';

export type SummaryQuery = NonNullable<paths['/api/supervision/summary']['get']['parameters']['query']>;
export type OverdueQuery = NonNullable<paths['/api/supervision/overdue']['get']['parameters']['query']>;

export function useSummary(query: SummaryQuery) {
  return useQuery({
    queryKey: qk.summary(query),
    queryFn: () => call(api.GET('/api/supervision/summary', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useOverdue(query: OverdueQuery) {
  return useQuery({
    queryKey: qk.overdue(query),
    queryFn: () => call(api.GET('/api/supervision/overdue', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useEscalations(page: number) {
  return useQuery({
    queryKey: qk.escalations({ page }),
    queryFn: () => call(api.GET('/api/supervision/escalations', { params: { query: { page, pageSize: 10 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useAssignees(role: string | undefined, regionCode: string | undefined) {
  return useQuery({
    queryKey: ['supervision', 'assignees', role, regionCode],
    queryFn: () =>
      call(api.GET('/api/supervision/assignees', { params: { query: { role: role as 'township_officer', regionCode: regionCode! } } })),
    enabled: !!role && !!regionCode,
  });
}

export function useAssign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, userId, reason }: { taskId: string; userId: string; reason: string }) =>
      call(api.POST('/api/tasks/{id}/assign', { params: { path: { id: taskId } }, body: { userId, reason } })),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: qk.supervisionAll }), qc.invalidateQueries({ queryKey: qk.tasksAll })]),
  });
}
