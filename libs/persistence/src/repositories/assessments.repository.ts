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

  /** Stores a scored assessment; its id is the assessment task's, so a retry stores nothing twice. */
  async record(a: {
    id: string;
    caseId: string;
    personId: string;
    assessorId: string | null;
    assessedOn: string;
    scale: string;
    items: unknown;
    factors: unknown;
    total: number | null;
    baseLevel: number;
    finalLevel: number;
    adjustments: unknown;
  }): Promise<void> {
    // An insert that ignores its retry (ON CONFLICT DO NOTHING) on a table without an entity: plain SQL.
    await this.q.query(
      `INSERT INTO assessments (id, case_id, person_id, assessor_id, assessed_on, scale, items, factors, total, base_level, final_level, adjustments)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (id) DO NOTHING`,
      [
        a.id,
        a.caseId,
        a.personId,
        a.assessorId,
        a.assessedOn,
        a.scale,
        JSON.stringify(a.items),
        JSON.stringify(a.factors),
        a.total,
        a.baseLevel,
        a.finalLevel,
        JSON.stringify(a.adjustments),
      ],
    );
  }
}
