import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { CompleteTaskInput } from '@app/contracts/workflow-io';
import { PendingDecisionEntity } from '../entities/pending-decision.entity';
import { TaskEntity } from '../entities/task.entity';
import { jsonb } from '../sql';

/** An unresolved pending decision, as the worker's sweep re-sends it. */
export type PendingDecision = Pick<PendingDecisionEntity, 'updateId' | 'taskId' | 'caseId' | 'actorId' | 'request'>;

/**
 * Decisions answered 202 DECISION_PENDING, one row per Update id. Built over a DataSource or,
 * inside a transaction, over that transaction's EntityManager.
 */
export class PendingDecisionsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get rows() {
    return this.q.getRepository(PendingDecisionEntity);
  }

  /** Records a decision once per Update id (the same decision sent again keeps its first row). */
  async record(updateId: string, caseId: string, req: CompleteTaskInput): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .insert()
      .values({ updateId, taskId: req.taskId, caseId, actorId: req.actor.userId, request: jsonb(req) })
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  /** The oldest unresolved decisions recorded more than `minAgeSeconds` ago. */
  unresolved(minAgeSeconds: number, limit: number): Promise<PendingDecision[]> {
    return this.rows
      .createQueryBuilder('p')
      .select(['p.updateId', 'p.taskId', 'p.caseId', 'p.actorId', 'p.request'])
      .where('p.resolvedAt IS NULL')
      .andWhere('p.createdAt < now() - make_interval(secs => :minAgeSeconds)', { minAgeSeconds })
      .orderBy('p.createdAt')
      .limit(limit)
      .getMany();
  }

  async countAttempt(updateId: string): Promise<void> {
    await this.rows.update({ updateId }, { attempts: () => 'attempts + 1', lastAttemptAt: () => 'now()' });
  }

  async resolveApplied(updateId: string): Promise<void> {
    await this.rows.update({ updateId, resolvedAt: IsNull() }, { resolvedAt: () => 'now()', resolution: 'applied' });
  }

  /** Records the workflow's refusal; false when the decision was already resolved (by another sweep). */
  async resolveRejected(updateId: string, code: string, message: string): Promise<boolean> {
    const done = await this.rows.update(
      { updateId, resolvedAt: IsNull() },
      { resolvedAt: () => 'now()', resolution: 'rejected', rejectionCode: code.slice(0, 40), rejectionMessage: message.slice(0, 500) },
    );
    return (done.affected ?? 0) > 0;
  }

  /** Within 10 minutes of the decision, a task PostgreSQL shows open is one the workflow will know. */
  taskStillOpen(taskId: string, updateId: string): Promise<boolean> {
    return this.rows
      .createQueryBuilder('p')
      .innerJoin(TaskEntity, 't', 't.id = p.taskId')
      .where('p.updateId = :updateId AND t.id = :taskId', { updateId, taskId })
      .andWhere('t.completedAt IS NULL')
      .andWhere("p.createdAt > now() - interval '10 minutes'")
      .getExists();
  }
}
