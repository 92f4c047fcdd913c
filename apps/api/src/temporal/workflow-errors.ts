import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApiError, isApiErrorCode } from '../common/api-error.exception';

/** Runs a workflow Update and turns a validator's or handler's typed rejection into an API error. */
export async function runWorkflowUpdate<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toApiError(err);
  }
}

export function toApiError(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type ?? '';
    if (isApiErrorCode(code)) return new ApiError(code, err.cause.message);
    return new ApiError('CONFLICT', err.cause.message);
  }
  if (err instanceof WorkflowNotFoundError) {
    return new ApiError('CASE_FINISHED', 'The case is no longer running.');
  }
  const e = err as { name?: string; message?: string };
  if (e?.name === 'WorkflowUpdateFailedError' || e?.message?.includes('workflow execution already completed')) {
    return new ApiError('CASE_FINISHED', 'The case is no longer running.');
  }
  return err;
}
