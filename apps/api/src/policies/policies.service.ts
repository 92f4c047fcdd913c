import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, CaseType } from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import { isBusinessDate, shanghaiDateOf } from '@app/domain/dates';
import { validateCasePolicy } from '@app/domain/policy';
import { AuditRepository, PoliciesRepository, regionCovers, inRegionSubtree } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import type { CreatePolicyDto, PolicyQuery } from './policies.dto';

const COLUMNS = `id, case_type AS "caseType", region_code AS "regionCode", version, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom",
  note, created_by AS "createdBy", created_at AS "createdAt"`;

@Injectable()
export class PoliciesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Versions that can apply to the caller's region: those of its ancestors and of its subtree. */
  async list(actor: Actor, q: PolicyQuery) {
    const params: unknown[] = [actor.regionCode];
    let where = `(${inRegionSubtree('region_code', '$1')} OR ${regionCovers('region_code', '$1')})`;
    if (q.caseType) {
      params.push(q.caseType);
      where += ` AND case_type = $${params.length}`;
    }
    return this.db.query(`SELECT ${COLUMNS} FROM policies WHERE ${where} ORDER BY case_type, region_code, version`, params);
  }

  async get(actor: Actor, id: string) {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ${COLUMNS}, body FROM policies WHERE id = $1 AND (${inRegionSubtree('region_code', '$2')} OR ${regionCovers('region_code', '$2')})`,
      [id, actor.regionCode],
    );
    if (rows.length === 0) throw ApiError.notFound('Policy');
    return rows[0];
  }

  /** The version a case applied for on `on` in `regionCode` would use: most specific region, latest effective date. */
  async inForce(actor: Actor, caseType: CaseType, regionCode: string, on: string) {
    if (!isWithinRegion(actor.regionCode, regionCode) && !isWithinRegion(regionCode, actor.regionCode)) throw ApiError.notFound('Region');
    const policy = await new PoliciesRepository(this.db).inForce(caseType, regionCode, on);
    if (!policy) throw new ApiError('POLICY_NOT_FOUND', `No policy is in force for ${caseType} in ${regionCode} on ${on}.`);
    return policy;
  }

  /** A new version; earlier versions stay, and cases keep the version they started under. */
  async create(actor: Actor, dto: CreatePolicyDto) {
    if (!isBusinessDate(dto.effectiveFrom)) throw ApiError.field('VALIDATION_FAILED', 'effectiveFrom', 'is not a real date');
    if (dto.effectiveFrom < shanghaiDateOf(Date.now()))
      throw ApiError.field('VALIDATION_FAILED', 'effectiveFrom', 'cannot be in the past: decided cases keep their version');
    if (!isWithinRegion(actor.regionCode, dto.regionCode))
      throw ApiError.field('UNKNOWN_REGION', 'regionCode', 'is not within your region');
    const region: unknown[] = await this.db.query('SELECT 1 FROM regions WHERE code = $1', [dto.regionCode]);
    if (region.length === 0) throw ApiError.field('UNKNOWN_REGION', 'regionCode', 'is not a known region');
    const problems = validateCasePolicy(dto.body, dto.caseType);
    if (problems.length > 0) {
      throw new ApiError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    }
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`policy:${dto.caseType}:${dto.regionCode}`]);
      const [{ next }]: { next: number }[] = await m.query(
        'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM policies WHERE case_type = $1 AND region_code = $2',
        [dto.caseType, dto.regionCode],
      );
      await m.query(
        `INSERT INTO policies (id, case_type, region_code, version, effective_from, body, note, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
        [id, dto.caseType, dto.regionCode, next, dto.effectiveFrom, JSON.stringify(dto.body), dto.note ?? null, actor.userId],
      );
      await new AuditRepository(m).record(actor, {
        eventKey: `policy-created:${id}`,
        regionCode: dto.regionCode,
        caseId: null,
        action: 'policy_version_created',
        after: { policyId: id, caseType: dto.caseType, regionCode: dto.regionCode, version: next, effectiveFrom: dto.effectiveFrom },
        reason: dto.note ?? null,
      });
    });
    return this.get(actor, id);
  }
}
