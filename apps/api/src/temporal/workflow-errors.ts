import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApiError, isApiErrorCode, type FieldError } from '../common/api-error.exception';
import { isTemporalUnavailable } from '../common/dependency-errors';
import { TEMPORAL_CLIENT, UPDATE_DEADLINE_MS } from './temporal.tokens';

/**
 * Runs workflow Updates (decisions) with a deadline, so no request waits without limit:
 * - the workflow answered: its result, or its typed rejection as an API error;
 * - Temporal cannot be reached: 503 DEPENDENCY_UNAVAILABLE with Retry-After (nothing was sent);
 * - Temporal has the Update but the workflow has not taken it by the deadline (no worker running,
 *   a slow activity): 202 DECISION_PENDING. Temporal keeps an Update the workflow has not accepted
 *   only in memory (a restart of its server forgets it), so a caller that answers 202 records the
 *   decision first (TasksService: `pending_decisions`, re-sent by the worker with the same Update id).
 */
@Injectable()
export class WorkflowUpdates {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(UPDATE_DEADLINE_MS) private readonly deadlineMs: number,
  ) {}

  /** `workflowId`: the workflow the Update goes to, checked before an answer says it has finished. */
  async run<T>(fn: () => Promise<T>, workflowId?: string): Promise<T> {
    try {
      return await this.temporal.connection.withDeadline(Date.now() + this.deadlineMs, fn);
    } catch (err) {
      if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
        if (!(await this.reachable())) throw ApiError.dependencyUnavailable('Temporal');
        throw new ApiError(
          'DECISION_PENDING',
          '决定已提交，案件流程尚未处理(处理程序暂未运行)。稍后在任务中查看结果。(Accepted by Temporal; the case workflow has not applied it yet.)',
          [],
          { retryAfter: 10 },
        );
      }
      // "Case finished" only if the workflow really is gone: the crash suite saw this answer for
      // running cases around restarts of the Temporal server and the worker (a NOT_FOUND from a
      // server still loading, an Update failed by a crash rather than by the workflow).
      const mapped = toApiError(err);
      const id = workflowId ?? (err instanceof WorkflowNotFoundError ? err.workflowId : undefined);
      if (mapped instanceof ApiError && mapped.code === 'CASE_FINISHED' && id && (await this.mayBeRunning(id))) {
        throw ApiError.dependencyUnavailable('Temporal', 2);
      }
      throw mapped;
    }
  }

  /** False only when Temporal says the workflow does not exist or has closed. */
  private async mayBeRunning(workflowId: string): Promise<boolean> {
    try {
      const d = await this.temporal.connection.withDeadline(Date.now() + 1500, () =>
        this.temporal.workflow.getHandle(workflowId).describe(),
      );
      return d.status.name === 'RUNNING';
    } catch (err) {
      return !(err instanceof WorkflowNotFoundError);
    }
  }

  /** Whether Temporal answers at all, asked with a short deadline of its own. */
  private async reachable(): Promise<boolean> {
    try {
      await this.temporal.connection.withDeadline(Date.now() + 1500, () => this.temporal.connection.workflowService.getSystemInfo({}));
      return true;
    } catch {
      return false;
    }
  }
}

const FIELD_PROBLEM = /^([A-Za-z][\w.[\]-]*): (.+)$/s;

/**
 * The field errors in a workflow's refusal: the case workflow states invalid step data as
 * `field: message; field: message` (a home visit, a document number), which the console shows
 * beside each field. Any other text names no field: [].
 */
export function fieldsOfRefusal(detail: string): FieldError[] {
  const parts = detail.split('; ').map((p) => FIELD_PROBLEM.exec(p));
  return parts.every((m) => m !== null) ? parts.map((m) => ({ field: m![1], message: m![2] })) : [];
}

export function toApiError(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type ?? '';
    if (code === 'INVALID_DATA') return new ApiError(code, err.cause.message, fieldsOfRefusal(err.cause.message));
    if (isApiErrorCode(code)) return new ApiError(code, err.cause.message);
    return new ApiError('CONFLICT', err.cause.message);
  }
  if (err instanceof WorkflowNotFoundError) {
    return new ApiError('CASE_FINISHED', 'The case is no longer running.');
  }
  if (isTemporalUnavailable(err)) return ApiError.dependencyUnavailable('Temporal');
  const e = err as { name?: string; message?: string };
  if (e?.name === 'WorkflowUpdateFailedError' || e?.message?.includes('workflow execution already completed')) {
    return new ApiError('CASE_FINISHED', 'The case is no longer running.');
  }
  return err;
}
