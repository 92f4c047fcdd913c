/**
 * A decision answered 202 DECISION_PENDING (`pending_decisions`, re-sent by the worker until the
 * workflow applies or refuses it), as the task and case views show it on the still-open task:
 * the task awaits the system, not a second decision.
 */
export interface PendingDecisionRead {
  /** When the officer submitted it. */
  submittedAt: Date;
  outcome: string;
  actorId: string;
}

/** Columns `pending_submitted_at`, `pending_outcome`, `pending_actor_id` of the newest unresolved one on the open task `t`. */
export function pendingDecisionJoin(t: string): string {
  return `LEFT JOIN LATERAL (
      SELECT pd.created_at AS pending_submitted_at, pd.request ->> 'outcome' AS pending_outcome, pd.actor_id AS pending_actor_id
        FROM pending_decisions pd
       WHERE pd.task_id = ${t}.id AND pd.resolved_at IS NULL AND ${t}.completed_at IS NULL
       ORDER BY pd.created_at DESC LIMIT 1) pending ON true`;
}

export interface PendingDecisionColumns {
  pending_submitted_at: Date | null;
  pending_outcome: string | null;
  pending_actor_id: string | null;
}

export function presentPendingDecision(row: PendingDecisionColumns): PendingDecisionRead | null {
  if (!row.pending_submitted_at) return null;
  return { submittedAt: row.pending_submitted_at, outcome: row.pending_outcome ?? '', actorId: row.pending_actor_id ?? '' };
}
