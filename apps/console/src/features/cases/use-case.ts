import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { qk } from '../../api/query-keys';
import type { components } from '../../api/schema';

export type CaseDetail = components['schemas']['CaseDetailView'];
export type CaseOpenTask = components['schemas']['CaseOpenTaskView'];
export type PlanView = components['schemas']['PlanView'];
export type CompleteBody = components['schemas']['CompleteTaskDto'];

const path = (id: string) => ({ params: { path: { id } } });

/** While a case runs its chain it changes on its own (timers, other officers): the page stays current. */
const LIVE_STATUSES = ['in_progress', 'waiting', 'paused', 'returned', 'refusal_pending', 'approved'];

export function useCase(id: string) {
  return useQuery({
    queryKey: qk.case(id),
    queryFn: () => call(api.GET('/api/cases/{id}', path(id))),
    refetchInterval: (q) => (q.state.data && LIVE_STATUSES.includes(q.state.data.status) ? 3000 : false),
  });
}

/**
 * Polled while the case is open; keyed by its status too, so the entry that ends the case (written
 * with the final status, after polling stops) is read once more.
 */
export function useTimeline(id: string, live: boolean, status: string) {
  return useQuery({
    queryKey: [...qk.timeline(id), status],
    queryFn: () => call(api.GET('/api/cases/{id}/timeline', path(id))),
    refetchInterval: live ? 5000 : false,
  });
}

export function usePlan(id: string, enabled: boolean) {
  return useQuery({ queryKey: qk.plan(id), queryFn: () => call(api.GET('/api/cases/{id}/plan', path(id))), enabled });
}

/** Keyed by the case status too: granted a moment after approval, it is read again once the case is active. */
export function useEntitlement(id: string, status: string, enabled: boolean) {
  return useQuery({
    queryKey: [...qk.entitlement(id), status],
    queryFn: () => call(api.GET('/api/cases/{id}/entitlement', path(id))),
    enabled,
  });
}

export function useAssessments(id: string, enabled: boolean) {
  return useQuery({ queryKey: qk.assessments(id), queryFn: () => call(api.GET('/api/cases/{id}/assessments', path(id))), enabled });
}

export function useTrialStay(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: qk.trialStay(caseId),
    queryFn: () => call(api.GET('/api/trial-stays/{caseId}', { params: { path: { caseId } } })),
    enabled,
  });
}

export function useWaitingList(homeId: string | undefined) {
  return useQuery({
    queryKey: qk.waitingList(homeId ?? ''),
    queryFn: () => call(api.GET('/api/care-homes/{id}/waiting-list', { params: { path: { id: homeId! }, query: { status: 'waiting' } } })),
    enabled: !!homeId,
  });
}

/** Every change to a case refreshes the case, its timeline and the inbox. */
function useInvalidateCase(id: string) {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: qk.case(id) }), qc.invalidateQueries({ queryKey: qk.tasksAll })]);
}

export function useCompleteTask(caseId: string) {
  const invalidate = useInvalidateCase(caseId);
  return useMutation({
    mutationFn: ({ taskId, body }: { taskId: string; body: CompleteBody }) =>
      call(api.POST('/api/tasks/{id}/complete', { params: { path: { id: taskId } }, body })),
    onSuccess: invalidate,
  });
}

export function useClaim(caseId: string) {
  const invalidate = useInvalidateCase(caseId);
  return useMutation({ mutationFn: (taskId: string) => call(api.POST('/api/tasks/{id}/claim', path(taskId))), onSuccess: invalidate });
}

export function useObjection(caseId: string) {
  const invalidate = useInvalidateCase(caseId);
  return useMutation({
    mutationFn: (summary: string) => call(api.POST('/api/cases/{id}/objections', { ...path(caseId), body: { summary } })),
    onSuccess: invalidate,
  });
}

export function useWithdraw(caseId: string) {
  const invalidate = useInvalidateCase(caseId);
  return useMutation({
    mutationFn: (reason: string) => call(api.POST('/api/cases/{id}/withdraw', { ...path(caseId), body: { reason } })),
    onSuccess: invalidate,
  });
}

/** The full personal data: fetched only on the officer's request (the server audits each viewing). */
export function useShowApplicant(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.GET('/api/cases/{id}/applicant', path(caseId))),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.timeline(caseId) }),
  });
}
