import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { caseWorkflowId, type CaseType, type CaseWorkflowInput } from '@app/contracts';
import { caseTypeDefinition } from '@app/domain/case-types';
import type { CasePolicy } from '@app/domain/policy';

/**
 * Starts the case's workflow (idempotent: the id is derived from the case id and an existing
 * run is kept) and records that it started. Called right after intake and by the worker's sweep,
 * so a case whose start failed after its row was committed is never lost.
 */
export async function ensureCaseWorkflow(client: Client, db: DataSource, taskQueue: string, caseId: string): Promise<void> {
  const rows: {
    case_type: CaseType;
    region_code: string;
    applied_on: string;
    policy_id: string;
    version: number;
    policy_region: string;
    effective_from: string;
    body: CasePolicy;
  }[] = await db.query(
    `SELECT c.case_type, c.region_code, to_char(c.applied_on, 'YYYY-MM-DD') AS applied_on, p.id AS policy_id, p.version,
            p.region_code AS policy_region, to_char(p.effective_from, 'YYYY-MM-DD') AS effective_from, p.body
       FROM cases c JOIN policies p ON p.id = c.policy_id WHERE c.id = $1`,
    [caseId],
  );
  if (rows.length === 0) throw new Error(`case ${caseId} does not exist`);
  const r = rows[0];
  // The acceptance task intake wrote with the case: the workflow adopts it rather than opening another.
  const tasks: { id: string; step: string; candidate_role: string; created_at: Date; due_at: Date; due_date: string }[] = await db.query(
    `SELECT id, step, candidate_role, created_at, due_at, to_char(due_date, 'YYYY-MM-DD') AS due_date
       FROM tasks WHERE case_id = $1 ORDER BY created_at LIMIT 1`,
    [caseId],
  );
  const first = tasks[0];
  const input: CaseWorkflowInput = {
    caseId,
    caseType: r.case_type,
    regionCode: r.region_code,
    appliedOn: r.applied_on,
    policy: { policyId: r.policy_id, version: r.version, regionCode: r.policy_region, effectiveFrom: r.effective_from, body: r.body },
    ...(first
      ? {
          firstTask: {
            taskId: first.id,
            step: first.step,
            candidateRole: first.candidate_role,
            openedAt: first.created_at.toISOString(),
            dueAt: first.due_at.toISOString(),
            dueDate: first.due_date,
          },
        }
      : {}),
  };
  await client.workflow.start(caseTypeDefinition(r.case_type).workflow, {
    workflowId: caseWorkflowId(caseId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    typedSearchAttributes: undefined,
    searchAttributes: { YiyangCaseType: [r.case_type], YiyangRegion: [r.region_code] },
  });
  await db.query('UPDATE cases SET workflow_started_at = COALESCE(workflow_started_at, now()) WHERE id = $1', [caseId]);
}

/** Cases whose workflow has not been confirmed started (crash between commit and start). */
export async function startPendingCaseWorkflows(client: Client, db: DataSource, taskQueue: string, olderThanSeconds = 10): Promise<number> {
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM cases WHERE workflow_started_at IS NULL AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT 100`,
    [olderThanSeconds],
  );
  for (const row of rows) await ensureCaseWorkflow(client, db, taskQueue, row.id);
  return rows.length;
}
