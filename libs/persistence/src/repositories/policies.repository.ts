import type { DataSource, EntityManager } from 'typeorm';
import type { CasePolicy } from '@app/domain/policy';
import type { WorkflowPolicy } from '@app/contracts/workflow-io';
import { PolicyEntity } from '../entities/policy.entity';
import { inRegionSubtree, regionCovers } from '../region-scope';
import { jsonb } from '../sql';

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

/** The policy version a case's workflow is started with. */
export function workflowPolicyOf(p: PolicyVersion): WorkflowPolicy {
  return { policyId: p.id, version: p.version, regionCode: p.regionCode, effectiveFrom: p.effectiveFrom, body: p.body };
}

/** A policy version as lists show it (without its body). */
export type PolicyListing = Omit<PolicyVersion, 'body'>;

/** A new version's fields; the repository numbers it. */
export type NewPolicyVersion = Pick<PolicyEntity, 'id' | 'caseType' | 'regionCode' | 'effectiveFrom' | 'body' | 'note' | 'createdBy'>;

const LISTED = ['p.id', 'p.caseType', 'p.regionCode', 'p.version', 'p.effectiveFrom', 'p.note', 'p.createdBy', 'p.createdAt'];

/** Policy versions. Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class PoliciesRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get rows() {
    return this.q.getRepository(PolicyEntity);
  }

  /**
   * The version a case of `caseType` applied for in `regionCode` on `on` uses: the most specific
   * region that covers it, then the latest effective date, then the latest version. Null when none.
   */
  inForce(caseType: string, regionCode: string, on: string): Promise<PolicyVersion | null> {
    return this.rows
      .createQueryBuilder('p')
      .where('p.caseType = :caseType AND p.effectiveFrom <= :on', { caseType, on })
      .andWhere(regionCovers('p.region_code', ':regionCode'), { regionCode })
      .orderBy('length(p.region_code)', 'DESC')
      .addOrderBy('p.effectiveFrom', 'DESC')
      .addOrderBy('p.version', 'DESC')
      .limit(1)
      .getOne();
  }

  /** The versions that can apply within the region `scope`: those of its ancestors and of its subtree. */
  applicableTo(scope: string, caseType?: string): Promise<PolicyListing[]> {
    const qb = this.applicable(scope).select(LISTED);
    if (caseType) qb.andWhere('p.caseType = :caseType', { caseType });
    return qb.orderBy('p.caseType').addOrderBy('p.regionCode').addOrderBy('p.version').getMany();
  }

  /** The version with its body, if it can apply within the region `scope`; else null. */
  findApplicable(id: string, scope: string): Promise<PolicyVersion | null> {
    return this.applicable(scope).andWhere('p.id = :id', { id }).getOne();
  }

  /** Records a new version, numbered after the latest of its case type and region. Answers its number. */
  async addVersion(p: NewPolicyVersion): Promise<number> {
    // Serialises numbering per (case type, region) for the caller's transaction; no row to lock yet.
    await this.q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`policy:${p.caseType}:${p.regionCode}`]);
    const latest = await this.rows
      .createQueryBuilder('p')
      .select('COALESCE(MAX(p.version), 0)', 'latest')
      .where('p.caseType = :caseType AND p.regionCode = :regionCode', { caseType: p.caseType, regionCode: p.regionCode })
      .getRawOne<{ latest: number }>();
    const version = (latest?.latest ?? 0) + 1;
    await this.rows.insert({ ...p, body: jsonb(p.body), version });
    return version;
  }

  private applicable(scope: string) {
    return this.rows
      .createQueryBuilder('p')
      .where(`(${inRegionSubtree('p.region_code', ':scope')} OR ${regionCovers('p.region_code', ':scope')})`, { scope });
  }
}
