import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { caseWorkflowId, newCaseInput, type CaseWorkflowInput } from '@app/contracts';
import { caseTypeDefinition } from '@app/domain/case-types';
import { CasesRepository, TasksRepository } from '@app/persistence';

/** A case's workflow input, read from PostgreSQL (the case, its policy version, the task intake wrote); null if there is no such case. */
export async function caseWorkflowInput(db: DataSource, caseId: string): Promise<CaseWorkflowInput | null> {
  const [r, first] = await Promise.all([new CasesRepository(db).workflowStart(caseId), new TasksRepository(db).firstOf(caseId)]);
  if (!r) return null;
  // Started now (or again, if a start never reached Temporal): today's generation of the code.
  return newCaseInput({
    caseId,
    caseType: r.caseType,
    regionCode: r.regionCode,
    appliedOn: r.appliedOn,
    policy: { policyId: r.policyId, version: r.version, regionCode: r.policyRegion, effectiveFrom: r.effectiveFrom, body: r.body },
    // The acceptance task intake wrote with the case: the workflow adopts it rather than opening another.
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
  });
}

/**
 * Starts the case's workflow with `input`, once for good: a run that is going on is kept
 * (USE_EXISTING), and a case whose run has ended is never started again (REJECT_DUPLICATE: the
 * sweep or a retried request that finds the start unrecorded would otherwise run the case a second
 * time). Resolves once Temporal holds the run, started now or before.
 */
async function startCaseRun(client: Client, taskQueue: string, input: CaseWorkflowInput): Promise<void> {
  try {
    await client.workflow.start(caseTypeDefinition(input.caseType).workflow, {
      workflowId: caseWorkflowId(input.caseId),
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: undefined,
      searchAttributes: { YiyangCaseType: [input.caseType], YiyangRegion: [input.regionCode] },
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err; // its run has ended: it ran
  }
}

/**
 * Starts the case's workflow with `input` (startCaseRun) and records that it started. Resolves once
 * Temporal holds the run; `recorded` settles once PostgreSQL notes it, which only spares the sweep a
 * second start (one that changes nothing), so intake answers without waiting for it. Intake passes
 * the input it has just written; the worker's sweep reads it back (ensureCaseWorkflow).
 */
export async function startCaseWorkflow(
  client: Client,
  db: DataSource,
  taskQueue: string,
  input: CaseWorkflowInput,
): Promise<{ recorded: Promise<void> }> {
  await startCaseRun(client, taskQueue, input);
  return { recorded: new CasesRepository(db).markWorkflowStarted(input.caseId) };
}

/**
 * Starts the case's workflow from what PostgreSQL holds and records that it started. Called by
 * the worker's sweep and by a retried request, so a case whose start failed after its row was
 * committed is never lost.
 */
export async function ensureCaseWorkflow(client: Client, db: DataSource, taskQueue: string, caseId: string): Promise<void> {
  const input = await caseWorkflowInput(db, caseId);
  if (!input) throw new Error(`case ${caseId} does not exist`);
  await (
    await startCaseWorkflow(client, db, taskQueue, input)
  ).recorded;
}

/** Cases whose workflow has not been confirmed started (crash between commit and start). */
export async function startPendingCaseWorkflows(client: Client, db: DataSource, taskQueue: string, olderThanSeconds = 10): Promise<number> {
  const ids = await new CasesRepository(db).unstartedWorkflows(olderThanSeconds, 100);
  for (const id of ids) await ensureCaseWorkflow(client, db, taskQueue, id);
  return ids.length;
}
