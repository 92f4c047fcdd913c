import type { DataSource, EntityManager } from 'typeorm';
import type { CasePolicy } from '@app/domain/policy';
import { regionCovers } from '../region-scope';

/** A policy version as the API and the activities read it. */
export interface PolicyVersion {
  id: string;
  caseType: string;
  regionCode: string;
  version: number;
  effectiveFrom: string;
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
  body: CasePolicy;
}

const COLUMNS = `id, case_type AS "caseType", region_code AS "regionCode", version, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom",
  note, created_by AS "createdBy", created_at AS "createdAt", body`;

/** Policy versions. Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class PoliciesRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /**
   * The version a case of `caseType` applied for in `regionCode` on `on` uses: the most specific
   * region that covers it, then the latest effective date, then the latest version. Null when none.
   */
  async inForce(caseType: string, regionCode: string, on: string): Promise<PolicyVersion | null> {
    const rows: PolicyVersion[] = await this.q.query(
      `SELECT ${COLUMNS} FROM policies
        WHERE case_type = $1 AND ${regionCovers('region_code', '$2')} AND effective_from <= $3
        ORDER BY length(region_code) DESC, effective_from DESC, version DESC LIMIT 1`,
      [caseType, regionCode, on],
    );
    return rows[0] ?? null;
  }
}
