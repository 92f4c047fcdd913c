import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@app/contracts';
import { AuditRepository } from '@app/persistence';
import { JsonLogger, mapBounded } from '@app/runtime';
import { ApiError } from '../common/api-error.exception';
import { isDatabaseUnavailable, isTemporalUnavailable } from '../common/dependency-errors';
import { TasksService } from '../tasks/tasks.service';
import type { BulkCompleteDto } from './bulk-decisions.dto';
import type { BulkCompleteResultView, BulkItemResultView } from './bulk-decisions.views';

/**
 * Decisions in flight at once: each is a workflow Update whose activity holds a pool connection,
 * so a batch leaves most of the API's pool to everyone else.
 */
export const BULK_CONCURRENCY = 4;

/**
 * Many decisions of one officer, each through the single-task completion (same checks, the case
 * workflow's validator, its audit entry, the Update deadline): a refused or pending one is reported
 * in its own result and never stops the others. The batch itself gets one audit row.
 */
@Injectable()
export class BulkDecisionsService {
  private readonly log = new JsonLogger('api');

  constructor(
    private readonly tasks: TasksService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async complete(actor: Actor, dto: BulkCompleteDto): Promise<BulkCompleteResultView> {
    const missing = dto.items.flatMap((item, i) =>
      (['step', 'outcome'] as const)
        .filter((f) => (item[f] ?? dto[f]) === undefined)
        .map((f) => ({ field: `items.${i}.${f}`, message: '必须填写(在该项或整批中填写)' })),
    );
    if (missing.length > 0) throw new ApiError('VALIDATION_FAILED', missing.map((m) => `${m.field}: ${m.message}`).join('; '), missing);

    const batchId = randomUUID();
    const items = await mapBounded(dto.items, BULK_CONCURRENCY, async (item): Promise<BulkItemResultView> => {
      const step = item.step ?? dto.step!;
      try {
        const done = await this.tasks.complete(actor, item.taskId, {
          step,
          outcome: item.outcome ?? dto.outcome!,
          comment: item.comment ?? dto.comment,
          data: item.data ?? dto.data,
        });
        return {
          taskId: item.taskId,
          status: 'completed',
          code: null,
          message: null,
          fields: [],
          step: done.step,
          caseStatus: done.case.status,
        };
      } catch (err) {
        const e = this.asApiError(err);
        return {
          taskId: item.taskId,
          status: e.code === 'DECISION_PENDING' ? 'pending' : 'refused',
          code: e.code,
          message: e.message,
          fields: e.fields,
          step,
          caseStatus: null,
        };
      }
    });

    const count = (s: BulkItemResultView['status']) => items.filter((i) => i.status === s).length;
    const result = {
      batchId,
      total: items.length,
      completed: count('completed'),
      refused: count('refused'),
      pending: count('pending'),
      items,
    };
    // Each decision is audited on its case by the workflow; this row ties the batch together.
    await new AuditRepository(this.db).record(actor, {
      eventKey: `bulk-decisions:${batchId}`,
      regionCode: actor.regionCode,
      caseId: null,
      step: dto.step ?? null,
      action: 'bulk_decisions',
      after: {
        batchId,
        outcome: dto.outcome ?? null,
        total: result.total,
        completed: result.completed,
        refused: result.refused,
        pending: result.pending,
        items: items.map((i) => ({ taskId: i.taskId, status: i.status, code: i.code })),
      },
      reason: dto.comment ?? null,
    });
    return result;
  }

  /** What the exception filter would have answered for this item alone. */
  private asApiError(err: unknown): ApiError {
    if (err instanceof ApiError) return err;
    if (isDatabaseUnavailable(err)) return ApiError.dependencyUnavailable('PostgreSQL');
    if (isTemporalUnavailable(err)) return ApiError.dependencyUnavailable('Temporal');
    this.log.write('error', 'bulk decision item failed', {
      err: err instanceof Error ? { errorType: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return new ApiError('CONFLICT', 'The decision could not be recorded; reload the task and try again.');
  }
}
