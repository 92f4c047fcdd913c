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

/** One slice of the id space, paged on its own so that several pages are computed at once. */
export interface PayrollLane {
  /** Inclusive lower bound of the slice (null: from the start). */
  from: string | null;
  /** Exclusive upper bound (null: to the end). */
  to: string | null;
  /** Last id done in this slice; null before the first page. */
  afterId: string | null;
  done: boolean;
}

export interface PayrollCursor {
  runId: string;
  month: string;
  phase: 'entitlement' | 'support' | 'done';
  lanes: PayrollLane[];
  /** How many lanes a phase is split into (the county's payroll settings). */
  laneCount: number;
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
