import type { DataSource, EntityManager } from 'typeorm';

/** Assessments recorded on cases. Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class AssessmentsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /** A case's assessments, oldest first, as the API shows them. */
  ofCase(caseId: string): Promise<Record<string, unknown>[]> {
    return this.q.query(
      `SELECT id, assessed_on AS "assessedOn", scale, total, base_level AS "baseLevel", final_level AS "finalLevel",
              adjustments, factors, items FROM assessments WHERE case_id = $1 ORDER BY assessed_on, created_at`,
      [caseId],
    );
  }
}
