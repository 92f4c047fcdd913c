import type { DataSource, EntityManager } from 'typeorm';
import { inRegionSubtree } from '../region-scope';

/** A task's columns the claim, release, reassignment and decision checks read. */
export interface TaskCheckRow {
  id: string;
  case_id: string;
  step: string;
  region_code: string;
  candidate_role: string;
  assignee_id: string | null;
  completed_at: Date | null;
}

/** A user as a reassignment target: what decides whether they may hold a task. */
export interface AssignableUser {
  id: string;
  role: string;
  region_code: string;
  active: boolean;
}

/** Tasks. Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class TasksRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /** The task if it lies within the region subtree `scope`, else null. */
  async findWithin(taskId: string, scope: string): Promise<TaskCheckRow | null> {
    const rows: TaskCheckRow[] = await this.q.query(
      `SELECT id, case_id, step, region_code, candidate_role, assignee_id, completed_at FROM tasks
        WHERE id = $1 AND ${inRegionSubtree('region_code', '$2')}`,
      [taskId, scope],
    );
    return rows[0] ?? null;
  }

  /** The user a task may be given to, as the reassignment rule reads them. */
  async assignableUser(userId: string): Promise<AssignableUser | null> {
    const rows: AssignableUser[] = await this.q.query('SELECT id, role, region_code, active FROM users WHERE id = $1', [userId]);
    return rows[0] ?? null;
  }
}
