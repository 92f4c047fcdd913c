import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { caseWorkflowId, type CaseWorkflowInput } from '@app/contracts';
import { caseTypeDefinition } from '@app/domain/case-types';
import { CasesRepository, TasksRepository } from '@app/persistence';

/**
 * Starts the case's workflow (idempotent: the id is derived from the case id and an existing
 * run is kept) and records that it started. Called right after intake and by the worker's sweep,
 * so a case whose start failed after its row was committed is never lost.
 */
export async function ensureCaseWorkflow(client: Client, db: DataSource, taskQueue: string, caseId: string): Promise<void> {
  const cases = new CasesRepository(db);
  const r = await cases.workflowStart(caseId);
  if (!r) throw new Error(`case ${caseId} does not exist`);
  // The acceptance task intake wrote with the case: the workflow adopts it rather than opening another.
  const first = await new TasksRepository(db).firstOf(caseId);
  const input: CaseWorkflowInput = {
    caseId,
    caseType: r.caseType,
    regionCode: r.regionCode,
    appliedOn: r.appliedOn,
    policy: { policyId: r.policyId, version: r.version, regionCode: r.policyRegion, effectiveFrom: r.effectiveFrom, body: r.body },
    ...(first
      ? {
          firstTask: {
            taskId: first.id,
            step: first.step,
            candidateRole: first.candidateRole,
            openedAt: first.createdAt.toISOString(),
            dueAt: first.dueAt.toISOString(),
            dueDate: first.dueDate,
          },
        }
      : {}),
  };
  await client.workflow.start(caseTypeDefinition(r.caseType).workflow, {
    workflowId: caseWorkflowId(caseId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    typedSearchAttributes: undefined,
    searchAttributes: { YiyangCaseType: [r.caseType], YiyangRegion: [r.regionCode] },
  });
  await cases.markWorkflowStarted(caseId);
}

/** Cases whose workflow has not been confirmed started (crash between commit and start). */
export async function startPendingCaseWorkflows(client: Client, db: DataSource, taskQueue: string, olderThanSeconds = 10): Promise<number> {
  const ids = await new CasesRepository(db).unstartedWorkflows(olderThanSeconds, 100);
  for (const id of ids) await ensureCaseWorkflow(client, db, taskQueue, id);
  return ids.length;
}
