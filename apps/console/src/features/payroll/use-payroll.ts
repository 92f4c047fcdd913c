import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { qk } from '../../api/query-keys';
import type { components, paths } from '../../api/schema';

export type PayrollRun = components['schemas']['PayrollRunView'];
export type PayrollRunDetail = components['schemas']['PayrollRunDetailView'];
export type PayrollTotal = components['schemas']['PayrollTotalView'];
export type PayrollLine = components['schemas']['PayrollLineView'];
export type PayrollFile = components['schemas']['PayrollFileView'];
export type ReturnImport = components['schemas']['ReturnImportView'];
export type PaymentHistoryItem = components['schemas']['PaymentHistoryItemView'];
export type RunsQuery = NonNullable<paths['/api/payroll/runs']['get']['parameters']['query']>;
export type PayrollActionName = 'submit' | 'return' | 'approve' | 'release' | 'cancel';

/** How often a run being computed is asked for again (its pages done show the progress). */
const COMPUTING_POLL_MS = 1500;

export function usePayrollPreview(countyCode: string, month: string | null) {
  return useQuery({
    queryKey: qk.payrollPreview(countyCode, month ?? ''),
    queryFn: () => call(api.GET('/api/payroll/preview', { params: { query: { countyCode, month: month! } } })),
    enabled: !!month && /^\d{6}$/.test(countyCode),
  });
}

export function usePayrollRuns(query: RunsQuery) {
  return useQuery({
    queryKey: qk.payrollRuns(query),
    queryFn: () => call(api.GET('/api/payroll/runs', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'computing') ? COMPUTING_POLL_MS : false),
  });
}

export function usePayrollRun(id: string) {
  return useQuery({
    queryKey: qk.payrollRun(id),
    queryFn: () => call(api.GET('/api/payroll/runs/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === 'computing' ? COMPUTING_POLL_MS : false),
  });
}

export function usePayrollExceptions(id: string, page: number, enabled: boolean) {
  return useQuery({
    queryKey: qk.payrollExceptions(id, page),
    queryFn: () => call(api.GET('/api/payroll/runs/{id}/exceptions', { params: { path: { id }, query: { page, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useStartPayrollRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { countyCode: string; month: string }) => call(api.POST('/api/payroll/runs', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.payrollAll }),
  });
}

export function usePayrollAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, reason }: { action: PayrollActionName; reason?: string }) =>
      call(api.POST('/api/payroll/runs/{id}/{action}', { params: { path: { id, action } }, body: reason ? { reason } : {} })),
    onSuccess: (run) => {
      qc.setQueryData(qk.payrollRun(id), run);
      return qc.invalidateQueries({ queryKey: qk.payrollAll });
    },
  });
}

/** The bank's return file, sent as it is: the server reads CSV (UTF-8 or GBK) and XLSX. */
export function useImportReturns(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, bank }: { file: File; bank: string }) => {
      const bytes = await file.arrayBuffer();
      return call(
        api.POST('/api/payroll/runs/{id}/returns', {
          params: { path: { id }, query: { filename: file.name, ...(bank ? { bank } : {}) } },
          body: bytes as unknown as string,
          bodySerializer: (b: unknown) => b as ArrayBuffer,
          headers: { 'Content-Type': 'application/octet-stream' },
        }),
      );
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.payrollAll }),
  });
}

/** Downloads a released run's bank file (it needs the bearer token, so not a plain link). */
export async function downloadPayrollFile(id: string, file: PayrollFile): Promise<void> {
  const blob = await call(
    api.GET('/api/payroll/runs/{id}/files/{township}/{format}', {
      params: { path: { id, township: file.townshipCode, format: file.format }, query: file.bankCode ? { bank: file.bankCode } : {} },
      parseAs: 'blob',
    }),
  );
  const url = URL.createObjectURL(blob as Blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

export function usePersonPayments(personId: string, enabled: boolean) {
  return useQuery({
    queryKey: qk.payments(personId),
    queryFn: () => call(api.GET('/api/persons/{id}/payments', { params: { path: { id: personId } } })),
    enabled,
  });
}
