import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from './roles';

/** What the API and the payroll workflow share. No personal data: runs, months, counts, ids. */
export type PayrollRunStatusView = 'computing' | 'draft' | 'submitted' | 'approved' | 'released' | 'reconciled' | 'cancelled';
export type PayrollActionName = 'submit' | 'return' | 'approve' | 'release' | 'reconcile' | 'cancel';

export interface PayrollWorkflowInput {
  countyCode: string;
  /** 'YYYY-MM'; the Schedule leaves it out and the workflow pays the month it starts in (Asia/Shanghai). */
  month?: string;
  startedBy?: Actor | null;
  /** Carried across continue-as-new while paging. */
  cursor?: PayrollCursor;
}

export interface PayrollCursor {
  runId: string;
  month: string;
  phase: 'entitlement' | 'support' | 'done';
  afterId: string | null;
  pages: number;
  lines: number;
}

export interface PayrollActionInput {
  action: PayrollActionName;
  actor: Actor;
  reason?: string | null;
  at: string;
}

export interface PayrollStateView {
  runId: string | null;
  month: string | null;
  status: PayrollRunStatusView;
  preparedBy: string | null;
  pages: number;
  lines: number;
}

export const payrollActionUpdate = defineUpdate<PayrollStateView, [PayrollActionInput]>('payrollAction');
export const payrollStateQuery = defineQuery<PayrollStateView>('payrollState');

/** The workflow id of a run started by hand (a Schedule's runs carry the Schedule's id and time). */
export function payrollWorkflowId(countyCode: string, month: string): string {
  return `payroll-${countyCode}-${month}`;
}

export function payrollScheduleId(countyCode: string): string {
  return `payroll-${countyCode}`;
}
