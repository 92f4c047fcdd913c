import type { DataSource, EntityManager } from 'typeorm';

/**
 * Fan-outs to start (see the FanOutOutbox migration). Recorded in the transaction of the event
 * they deliver; marked started once Temporal accepted the start. Built over a DataSource or,
 * inside a transaction, over that transaction's EntityManager.
 */
export class FanOutOutboxRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /** Records a fan-out to start (the same workflow id twice is one row). */
  async record(workflowId: string, input: unknown): Promise<void> {
    await this.q.query(`INSERT INTO fan_out_outbox (workflow_id, input) VALUES ($1, $2) ON CONFLICT (workflow_id) DO NOTHING`, [
      workflowId,
      JSON.stringify(input),
    ]);
  }

  async markStarted(workflowId: string): Promise<void> {
    await this.q.query(`UPDATE fan_out_outbox SET started_at = COALESCE(started_at, now()), last_error = NULL WHERE workflow_id = $1`, [
      workflowId,
    ]);
  }

  async markFailed(workflowId: string, error: string): Promise<void> {
    await this.q.query(`UPDATE fan_out_outbox SET attempts = attempts + 1, last_error = $2 WHERE workflow_id = $1`, [
      workflowId,
      error.slice(0, 500),
    ]);
  }

  /** Fan-outs not yet started, recorded more than `olderThanSeconds` ago (the request that recorded one starts it itself first). */
  pending<T>(olderThanSeconds: number, limit = 100): Promise<{ workflow_id: string; input: T }[]> {
    return this.q.query(
      `SELECT workflow_id, input FROM fan_out_outbox
        WHERE started_at IS NULL AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }
}
