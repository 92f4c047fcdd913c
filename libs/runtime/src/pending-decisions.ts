import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { caseWorkflowId, completeTaskUpdate, type CompleteTaskInput } from '@app/contracts';
import { STEP_LABELS, type StepCode } from '@app/domain/policy';
import { notifyUser, PendingDecisionsRepository, type PendingDecision } from '@app/persistence';
import { mapBounded } from './map-bounded';

/**
 * The Update id of a decision: the same officer sending the same decision on the same task again
 * (a client retry, a re-sent pending decision) is the same Update, which Temporal deduplicates —
 * an Update already applied answers its first result instead of being refused as TASK_CLOSED.
 * A digest: comments and findings never appear in it.
 */
export function decisionUpdateId(req: CompleteTaskInput): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([req.actor.userId, req.step, req.outcome, req.comment ?? null, req.data ?? null]))
    .digest('hex')
    .slice(0, 32);
  return `decision-${req.taskId}-${digest}`;
}

/** Records a decision answered 202 DECISION_PENDING (once per Update id). */
export async function recordPendingDecision(db: DataSource, caseId: string, updateId: string, req: CompleteTaskInput): Promise<void> {
  await new PendingDecisionsRepository(db).record(updateId, caseId, req);
}

export interface PendingDecisionSweep {
  applied: number;
  rejected: number;
  stillPending: number;
}

/**
 * Re-sends every unresolved pending decision with its own Update id, each with a short deadline:
 * the workflow's answer resolves it (applied; or rejected, recorded with the reason and the officer
 * notified); no answer by the deadline leaves it for the next sweep. Decisions younger than
 * `minAgeMs` are still the API's own request's business.
 */
export async function resendPendingDecisions(
  client: Client,
  db: DataSource,
  opts: { minAgeMs?: number; deadlineMs?: number; limit?: number } = {},
): Promise<PendingDecisionSweep> {
  const out: PendingDecisionSweep = { applied: 0, rejected: 0, stillPending: 0 };
  const pending = new PendingDecisionsRepository(db);
  const rows = await pending.unresolved((opts.minAgeMs ?? 3000) / 1000, opts.limit ?? 200);
  // Tasks side by side (a backlog with no worker to answer waits one deadline per round of
  // RESEND_CONCURRENCY, not one per decision); one task's decisions in the order they were made.
  await mapBounded(byTask(rows), RESEND_CONCURRENCY, async (decisions) => {
    for (const row of decisions) out[await resend(client, db, pending, row, opts.deadlineMs ?? 5000)] += 1;
  });
  return out;
}

/** Unresolved decisions re-sent side by side, one task's at a time. */
const RESEND_CONCURRENCY = 8;

/** Decisions grouped by task, each group in the order given (oldest first), groups in order of first appearance. */
export function byTask(rows: PendingDecision[]): PendingDecision[][] {
  const groups = new Map<string, PendingDecision[]>();
  for (const row of rows) groups.set(row.taskId, [...(groups.get(row.taskId) ?? []), row]);
  return [...groups.values()];
}

/** Sends one pending decision again and records what came of it. */
async function resend(
  client: Client,
  db: DataSource,
  pending: PendingDecisionsRepository,
  row: PendingDecision,
  deadlineMs: number,
): Promise<keyof PendingDecisionSweep> {
  await pending.countAttempt(row.updateId);
  const handle = client.workflow.getHandle(caseWorkflowId(row.caseId));
  let rejection: { code: string; message: string } | null = null;
  try {
    await client.connection.withDeadline(Date.now() + deadlineMs, () =>
      handle.executeUpdate(completeTaskUpdate, { args: [row.request], updateId: row.updateId }),
    );
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause instanceof ApplicationFailure ? err.cause : null;
      rejection = { code: cause?.type ?? 'CONFLICT', message: cause?.message ?? err.message };
    } else if (err instanceof WorkflowNotFoundError || (err as Error)?.message?.includes('workflow execution already completed')) {
      rejection = { code: 'CASE_FINISHED', message: 'The case is no longer running.' };
    } else {
      // No answer by the deadline, or Temporal unreachable or busy: the next sweep tries again.
      return 'stillPending';
    }
  }
  if (rejection === null) {
    await pending.resolveApplied(row.updateId);
    return 'applied';
  }
  if (rejection.code === 'TASK_NOT_OPEN' && (await pending.taskStillOpen(row.taskId, row.updateId))) {
    // The workflow is behind PostgreSQL (replaying after a Temporal restart): not a refusal yet.
    return 'stillPending';
  }
  const r = rejection;
  await db.transaction(async (m) => {
    if (!(await new PendingDecisionsRepository(m).resolveRejected(row.updateId, r.code, r.message))) return;
    const label = STEP_LABELS[row.request.step as StepCode] ?? row.request.step;
    await notifyUser(m, {
      userId: row.actorId,
      kind: 'decision_rejected',
      caseId: row.caseId,
      taskId: row.taskId,
      message: `您提交的「${label}」决定(${row.request.outcome})未被案件流程采纳:${r.code}。请在任务中查看并重新处理。`,
    });
  });
  return 'rejected';
}
