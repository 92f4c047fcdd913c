import type { DataSource, EntityManager } from 'typeorm';
import type { CaseType } from '@app/contracts/case-types';
import type { EntitlementPlan } from '@app/domain/entitlement';
import { CaseEntity, EntitlementEntity, EntitlementRevisionEntity, EntitlementSegmentEntity, PersonEntity } from '../entities';
import { inRegionSubtree } from '../region-scope';

/** An entitlement as the API lists it: with its case number and its applicant (masked by the caller). */
export interface EntitlementListing {
  id: string;
  case_id: string;
  case_no: string;
  person_id: string;
  id_number: string;
  person_name: string;
  kind: CaseType;
  region_code: string;
  status: string;
  start_month: string;
  end_month: string | null;
  end_reason: string | null;
  policy_id: string;
  policy_version: number;
  current_revision: number;
  created_at: Date;
  updated_at: Date;
}

export interface EntitlementListFilter {
  /** The region subtree the entitlements lie in. */
  scope: string;
  personId?: string;
  caseId?: string;
  status?: string;
}

/** A computed plan to store as a revision, keyed by `revisionKey`, with why and from what. */
export interface NewRevision {
  revisionKey: string;
  reason: string;
  plan: EntitlementPlan;
  inputs: Record<string, unknown>;
}

/**
 * Entitlements and their revisions (each recalculation kept with its reason) and segments.
 * Built over a DataSource or, inside a transaction, over that transaction's EntityManager.
 */
export class EntitlementsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get entitlements() {
    return this.q.getRepository(EntitlementEntity);
  }

  /** The case's entitlement (one at most), if granted. */
  ofCase(caseId: string): Promise<EntitlementEntity | null> {
    return this.entitlements.findOneBy({ caseId });
  }

  /** The case's entitlement, locked for a revision. */
  lockOfCase(caseId: string): Promise<EntitlementEntity | null> {
    return this.entitlements.createQueryBuilder('e').where('e.case_id = :caseId', { caseId }).setLock('pessimistic_write').getOne();
  }

  async insert(e: Omit<EntitlementEntity, 'createdAt' | 'updatedAt'>): Promise<void> {
    await this.entitlements.insert(e);
  }

  /** Records the outcome of a revision: status, end month and reason, and which revision is current. */
  async setCurrent(id: string, change: Pick<EntitlementEntity, 'status' | 'endMonth' | 'endReason' | 'currentRevision'>): Promise<void> {
    await this.entitlements.update({ id }, change);
  }

  /**
   * Stores a computed plan as the entitlement's next revision with its segments, and answers its
   * number. Keyed by `revisionKey`: a retry answers the revision it stored the first time.
   */
  async addRevision(entitlementId: string, r: NewRevision): Promise<number> {
    const revisions = this.q.getRepository(EntitlementRevisionEntity);
    const existing = await revisions.findOneBy({ revisionKey: r.revisionKey });
    if (existing) return existing.revision;
    const latest = await revisions
      .createQueryBuilder('r')
      .select('COALESCE(MAX(r.revision), 0)', 'latest')
      .where('r.entitlement_id = :entitlementId', { entitlementId })
      .getRawOne<{ latest: number }>();
    const revision = Number(latest?.latest ?? 0) + 1;
    await this.insertRevision(entitlementId, revision, r);
    return revision;
  }

  /**
   * Stores the first revision of an entitlement this transaction has just inserted: it has no
   * revisions to look up (two statements fewer than addRevision).
   */
  async addFirstRevision(entitlementId: string, r: NewRevision): Promise<void> {
    await this.insertRevision(entitlementId, 1, r);
  }

  /** A revision's row and its segments. */
  private async insertRevision(entitlementId: string, revision: number, r: NewRevision): Promise<void> {
    await this.q.getRepository(EntitlementRevisionEntity).insert({
      entitlementId,
      revision,
      revisionKey: r.revisionKey,
      reason: r.reason,
      inputs: r.inputs,
      explanation: [...r.plan.explanation],
      startMonth: r.plan.startMonth,
      endMonth: r.plan.endMonth,
    });
    if (r.plan.segments.length > 0) {
      await this.q.getRepository(EntitlementSegmentEntity).insert(
        r.plan.segments.map((s, i) => ({
          entitlementId,
          revision,
          seq: i + 1,
          fromMonth: s.from,
          toMonth: s.to,
          monthlyAmountFen: s.monthlyAmountFen,
          rule: s.rule,
          explanation: s.explanation,
        })),
      );
    }
  }

  /** One page of entitlements within the filter, newest first. */
  page(filter: EntitlementListFilter, limit: number, offset: number): Promise<EntitlementListing[]> {
    const query = this.listingQuery().where(inRegionSubtree('e.region_code', ':scope'), { scope: filter.scope });
    if (filter.personId) query.andWhere('e.person_id = :personId', { personId: filter.personId });
    if (filter.caseId) query.andWhere('e.case_id = :caseId', { caseId: filter.caseId });
    if (filter.status) query.andWhere('e.status = :status', { status: filter.status });
    return query.orderBy('e.created_at', 'DESC').limit(limit).offset(offset).getRawMany<EntitlementListing>();
  }

  /** The entitlement (by its id, or by its case's) if it lies within the region subtree `scope`, else null. */
  async findWithin(id: string, by: 'id' | 'case', scope: string): Promise<EntitlementListing | null> {
    const row = await this.listingQuery()
      .where(`${by === 'id' ? 'e.id' : 'e.case_id'} = :id AND ${inRegionSubtree('e.region_code', ':scope')}`, { id, scope })
      .getRawOne<EntitlementListing>();
    return row ?? null;
  }

  /** Every revision of the entitlement, oldest first. */
  revisions(entitlementId: string): Promise<EntitlementRevisionEntity[]> {
    return this.q.getRepository(EntitlementRevisionEntity).find({ where: { entitlementId }, order: { revision: 'ASC' } });
  }

  /** Every segment of every revision of the entitlement, by revision and order. */
  segments(entitlementId: string): Promise<EntitlementSegmentEntity[]> {
    return this.q.getRepository(EntitlementSegmentEntity).find({ where: { entitlementId }, order: { revision: 'ASC', seq: 'ASC' } });
  }

  private listingQuery() {
    return this.entitlements
      .createQueryBuilder('e')
      .innerJoin(CaseEntity, 'c', 'c.id = e.case_id')
      .innerJoin(PersonEntity, 'p', 'p.id = e.person_id')
      .select([
        'e.id AS id',
        'e.case_id AS case_id',
        'c.case_no AS case_no',
        'e.person_id AS person_id',
        'p.id_number AS id_number',
        'p.name AS person_name',
        'e.kind AS kind',
        'e.region_code AS region_code',
        'e.status AS status',
        'e.start_month AS start_month',
        'e.end_month AS end_month',
        'e.end_reason AS end_reason',
        'e.policy_id AS policy_id',
        'e.policy_version AS policy_version',
        'e.current_revision AS current_revision',
        'e.created_at AS created_at',
        'e.updated_at AS updated_at',
      ]);
  }
}
