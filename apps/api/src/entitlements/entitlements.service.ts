import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CASE_TYPE_LABELS, type Actor, type CaseType } from '@app/contracts';
import { formatYuan } from '@app/domain/entitlement';
import { caseTypeDefinition } from '@app/domain/case-types';
import { maskName, maskResidentId } from '@app/domain/identity';
import {
  CasesRepository,
  computeCasePlan,
  EntitlementsRepository,
  type EntitlementListing,
  type EntitlementSegmentEntity,
} from '@app/persistence';
import { ApiError } from '../common/api-error.exception';

@Injectable()
export class EntitlementsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private present(r: EntitlementListing) {
    return {
      id: r.id,
      caseId: r.case_id,
      caseNo: r.case_no,
      kind: r.kind,
      kindLabel: CASE_TYPE_LABELS[r.kind] ?? r.kind,
      person: { personId: r.person_id, idNumberMasked: maskResidentId(r.id_number), nameMasked: maskName(r.person_name) },
      regionCode: r.region_code,
      status: r.status,
      startMonth: r.start_month,
      endMonth: r.end_month,
      endReason: r.end_reason,
      policy: { id: r.policy_id, version: r.policy_version },
      currentRevision: r.current_revision,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  async list(actor: Actor, q: { personId?: string; caseId?: string; status?: string; page?: number; pageSize?: number }) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const rows = await new EntitlementsRepository(this.db).page(
      { scope: actor.regionCode, personId: q.personId, caseId: q.caseId, status: q.status },
      pageSize,
      (page - 1) * pageSize,
    );
    return { items: rows.map((r) => this.present(r)), page, pageSize };
  }

  /** The plan of an allowance case as the policy computes it today, with its explanation. */
  async plan(actor: Actor, caseId: string) {
    const found = await new CasesRepository(this.db).findWithin(caseId, actor.regionCode);
    if (!found) throw ApiError.notFound('Case');
    const caseType = found.case_type as CaseType;
    if (!caseTypeDefinition(caseType).allowance) {
      throw new ApiError('NOT_APPLICABLE', `A ${CASE_TYPE_LABELS[caseType]} case has no allowance plan.`);
    }
    return computeCasePlan(this.db, caseId);
  }

  /** One entitlement with the current amounts month by month, every revision and its reason. */
  async get(actor: Actor, id: string, by: 'id' | 'case' = 'id') {
    const entitlements = new EntitlementsRepository(this.db);
    const e = await entitlements.findWithin(id, by, actor.regionCode);
    if (!e) throw ApiError.notFound('Entitlement');
    const revisions = await entitlements.revisions(e.id);
    const segments = await entitlements.segments(e.id);
    const seg = (s: EntitlementSegmentEntity) => ({
      from: s.fromMonth,
      to: s.toMonth,
      monthlyAmountFen: s.monthlyAmountFen,
      monthlyAmount: formatYuan(s.monthlyAmountFen),
      rule: s.rule,
      explanation: s.explanation,
    });
    return {
      ...this.present(e),
      segments: segments.filter((s) => s.revision === e.current_revision).map(seg),
      calculation: {
        policyVersion: e.policy_version,
        explanation: revisions.find((r) => r.revision === e.current_revision)?.explanation ?? [],
      },
      revisions: revisions.map((r) => ({
        revision: r.revision,
        reason: r.reason,
        computedAt: r.computedAt,
        startMonth: r.startMonth,
        endMonth: r.endMonth,
        explanation: r.explanation,
        segments: segments.filter((s) => s.revision === r.revision).map(seg),
      })),
    };
  }
}
