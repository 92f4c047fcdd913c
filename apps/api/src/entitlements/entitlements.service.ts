import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CASE_TYPE_LABELS, type Actor, type CaseType } from '@app/contracts';
import { formatYuan } from '@app/domain/entitlement';
import { caseTypeDefinition } from '@app/domain/case-types';
import { maskName, maskResidentId } from '@app/domain/identity';
import { computeCasePlan, inRegionSubtree } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';

interface EntitlementRow {
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

const SELECT = `
  SELECT e.id, e.case_id, c.case_no, e.person_id, p.id_number, p.name AS person_name, e.kind, e.region_code, e.status,
         e.start_month, e.end_month, e.end_reason, e.policy_id, e.policy_version, e.current_revision, e.created_at, e.updated_at
    FROM entitlements e JOIN cases c ON c.id = e.case_id JOIN persons p ON p.id = e.person_id`;

@Injectable()
export class EntitlementsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private present(r: EntitlementRow) {
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
    const where = [inRegionSubtree('e.region_code', '$1')];
    const params: unknown[] = [actor.regionCode];
    for (const [col, val] of [
      ['e.person_id', q.personId],
      ['e.case_id', q.caseId],
      ['e.status', q.status],
    ] as const) {
      if (val) {
        params.push(val);
        where.push(`${col} = $${params.length}`);
      }
    }
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const rows: EntitlementRow[] = await this.db.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY e.created_at DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return { items: rows.map((r) => this.present(r)), page, pageSize };
  }

  /** The plan of an allowance case as the policy computes it today, with its explanation. */
  async plan(actor: Actor, caseId: string) {
    const rows: { case_type: CaseType }[] = await this.db.query(
      `SELECT case_type FROM cases WHERE id = $1 AND ${inRegionSubtree('region_code', '$2')}`,
      [caseId, actor.regionCode],
    );
    if (rows.length === 0) throw ApiError.notFound('Case');
    if (!caseTypeDefinition(rows[0].case_type).allowance) {
      throw new ApiError('NOT_APPLICABLE', `A ${CASE_TYPE_LABELS[rows[0].case_type]} case has no allowance plan.`);
    }
    return computeCasePlan(this.db, caseId);
  }

  /** One entitlement with the current amounts month by month, every revision and its reason. */
  async get(actor: Actor, id: string, by: 'id' | 'case' = 'id') {
    const rows: EntitlementRow[] = await this.db.query(
      `${SELECT} WHERE ${by === 'id' ? 'e.id' : 'e.case_id'} = $1 AND ${inRegionSubtree('e.region_code', '$2')}`,
      [id, actor.regionCode],
    );
    if (rows.length === 0) throw ApiError.notFound('Entitlement');
    const e = rows[0];
    const revisions: {
      revision: number;
      reason: string;
      explanation: string[];
      start_month: string | null;
      end_month: string | null;
      computed_at: Date;
      inputs: Record<string, unknown>;
    }[] = await this.db.query(
      `SELECT revision, reason, explanation, start_month, end_month, computed_at, inputs FROM entitlement_revisions WHERE entitlement_id = $1 ORDER BY revision`,
      [e.id],
    );
    const segments: {
      revision: number;
      seq: number;
      from_month: string;
      to_month: string | null;
      monthly_amount_fen: number;
      rule: string;
      explanation: string;
    }[] = await this.db.query(
      `SELECT revision, seq, from_month, to_month, monthly_amount_fen, rule, explanation FROM entitlement_segments WHERE entitlement_id = $1 ORDER BY revision, seq`,
      [e.id],
    );
    const seg = (s: (typeof segments)[number]) => ({
      from: s.from_month,
      to: s.to_month,
      monthlyAmountFen: s.monthly_amount_fen,
      monthlyAmount: formatYuan(s.monthly_amount_fen),
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
        computedAt: r.computed_at,
        startMonth: r.start_month,
        endMonth: r.end_month,
        explanation: r.explanation,
        segments: segments.filter((s) => s.revision === r.revision).map(seg),
      })),
    };
  }
}
