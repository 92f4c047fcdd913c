import { randomUUID } from 'node:crypto';
import { heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  caseStateQuery,
  caseWorkflowId,
  OPEN_CASE_STATUSES,
  TRANSITION_RETRYING_MEMO,
  type CaseStateView,
  type FindingKind,
  type TransitionRetryingMemo,
} from '@app/contracts';
import { ReconciliationRepository, type OpenCaseToReconcile } from '@app/persistence';
import { mapBounded, redactText } from '@app/runtime';

export interface ReconciliationDeps {
  db: DataSource;
  /** The worker's own client: describing and querying workflows needs one. */
  temporal?: { client: Client };
}

export type { FindingKind };

export interface Finding {
  caseId: string;
  regionCode: string;
  kind: FindingKind;
  /** What within the case: an activity type or a task id; '' for the case as a whole. */
  subject: string;
  reason: string;
}

export interface ReconcileInput {
  /** An activity retrying this many times (or more) is reported; it will not heal by itself. */
  maxAttempts?: number;
  /** Open tasks younger than this are not checked: the workflow may be recording them right now. */
  taskGraceSeconds?: number;
  /** Cases described at once. */
  concurrency?: number;
  /** Only these cases (a drill or a test); the scheduled run checks every open case. */
  caseIds?: string[];
}

export interface ReconcileResult {
  runId: string;
  checkedCases: number;
  openFindings: number;
}

/** Failure texts can quote SQL values: masked and cut short before they are stored or shown. */
function safeText(text: string | null | undefined, max = 240): string {
  const t = redactText((text ?? '').replace(/\s+/g, ' ').trim());
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/**
 * Reconciliation (run by a Schedule): pages through the cases PostgreSQL holds open and asks
 * Temporal about each one. A case is reported when its workflow has closed (terminated, failed,
 * completed) or never existed, when one of its activities keeps failing past `maxAttempts`, or
 * when PostgreSQL shows an open task that the workflow is not waiting for. Findings are kept in
 * `reconciliation_findings` for the supervisors' view and the metrics, and resolved when gone.
 */
export function createReconciliationActivities({ db, temporal: t }: ReconciliationDeps) {
  const store = new ReconciliationRepository(db);

  async function inspect(client: Client, row: OpenCaseToReconcile, maxAttempts: number, graceSeconds: number): Promise<Finding[]> {
    const found: Finding[] = [];
    const add = (kind: FindingKind, subject: string, reason: string) =>
      found.push({ caseId: row.id, regionCode: row.region_code, kind, subject, reason });
    const handle = client.workflow.getHandle(caseWorkflowId(row.id));
    let description;
    try {
      description = await handle.describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        add('workflow_missing', '', 'The case is open in PostgreSQL but Temporal has no workflow for it.');
        return found;
      }
      throw err;
    }
    const status = description.status.name;
    if (status !== 'RUNNING') {
      add('workflow_closed', '', `The workflow was ${status.toLowerCase().replace(/_/g, ' ')} while the case is still open in PostgreSQL.`);
      return found;
    }
    for (const a of description.raw.pendingActivities ?? []) {
      const attempt = a.attempt ?? 0;
      if (attempt < maxAttempts) continue;
      const type = a.activityType?.name ?? 'unknown';
      const failure = safeText(a.lastFailure?.message);
      add(
        'activity_retrying',
        type,
        `Activity ${type} has failed ${attempt - 1} times and keeps retrying${failure ? `: ${failure}` : '.'}`,
      );
    }
    // The workflow's own code failing on every attempt (a bug, a non-determinism, data it cannot
    // handle): Temporal retries the workflow task forever and the case cannot move.
    const workflowTaskAttempt = description.raw.pendingWorkflowTask?.attempt ?? 0;
    if (workflowTaskAttempt >= maxAttempts) {
      add(
        'activity_retrying',
        'workflowTask',
        `The workflow task has failed ${workflowTaskAttempt - 1} times and keeps retrying (an error in the workflow code or in data it cannot handle); see the workflow's history.`,
      );
    }
    // A transition (a local activity) that keeps failing: the workflow says so in its memo.
    const retrying = description.memo?.[TRANSITION_RETRYING_MEMO] as TransitionRetryingMemo | null | undefined;
    if (retrying && retrying.failures >= maxAttempts) {
      const failure = safeText(retrying.lastFailure);
      add(
        'activity_retrying',
        retrying.activity,
        `Activity ${retrying.activity} has failed ${retrying.failures} times and keeps retrying${failure ? `: ${failure}` : '.'}`,
      );
    }
    // Asked when PostgreSQL shows open tasks, and when it shows none while the case is being
    // decided (a case whose workflow waits for a task no one can see is stuck too).
    // (Not while its workflow task is failing: a query would wait for it, and that is reported above.)
    const askView = (row.open_task_ids && row.open_task_ids.length > 0) || (row.awaits_decision && workflowTaskAttempt <= 1);
    if (askView) {
      let view: CaseStateView | null = null;
      try {
        view = await handle.query(caseStateQuery);
      } catch {
        // No worker to answer (health reports that), or the query timed out: no verdict this run.
        view = null;
      }
      if (view) {
        const awaited = new Set(view.openTasks.map((x) => x.taskId));
        const openInDb = new Set(row.open_task_ids ?? []);
        const suspects = (row.open_task_ids ?? []).filter((id) => !awaited.has(id));
        if (suspects.length > 0) {
          // Read again: a task completed between our read and the query is not a finding.
          const still = await store.stillOpen(suspects);
          for (const task of still)
            add('task_not_awaited', task.id, `Task ${task.step} is open in PostgreSQL but the workflow is not waiting for it.`);
        }
        // The other way round: the workflow waits for a task that PostgreSQL shows completed (for
        // longer than the grace: a decision being recorded is not a finding) or not at all — no
        // officer can act on it.
        const waited = view.openTasks.filter((x) => !openInDb.has(x.taskId));
        if (waited.length > 0) {
          const rowsNow = await store.completedLongAgo(
            waited.map((x) => x.taskId),
            graceSeconds,
          );
          for (const x of waited) {
            const r = rowsNow.find((t) => t.id === x.taskId);
            if (r && r.done_long_ago !== true) continue; // open (newer than our read) or completed just now
            add(
              'task_not_open',
              x.taskId,
              `The workflow waits for task ${x.step}, which PostgreSQL shows ${r ? 'completed' : 'missing'}: no officer can act on it.`,
            );
          }
        }
      }
    }
    return found;
  }

  return {
    async reconcileCases(input: ReconcileInput = {}): Promise<ReconcileResult> {
      if (!t) throw new Error('reconcileCases needs a Temporal client in the worker');
      const maxAttempts = input.maxAttempts ?? 5;
      const grace = input.taskGraceSeconds ?? 120;
      const concurrency = input.concurrency ?? 8;
      const scope = input.caseIds ?? null;
      const runId = randomUUID();
      const started = await store.startRun(runId);
      let checked = 0;
      let afterId = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        // Cases whose start the worker's sweep has not confirmed yet are the sweep's business.
        const page = await store.openCasesPage(OPEN_CASE_STATUSES, afterId, grace, scope);
        if (page.length === 0) break;
        const results = await mapBounded(page, concurrency, (row) => inspect(t.client, row, maxAttempts, grace));
        for (const f of results.flat()) await store.recordFinding(f);
        checked += page.length;
        afterId = page[page.length - 1].id;
        heartbeat({ checked });
      }
      // Whatever this run did not see again has healed (or its case has closed).
      await store.resolveUnseenSince(started, scope);
      const open = await store.openFindings();
      await store.finishRun(runId, checked, open);
      return { runId, checkedCases: checked, openFindings: open };
    },
  };
}
