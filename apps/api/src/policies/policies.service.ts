import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { FIELD_PROBLEMS_ZH, type Actor, type CaseType } from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import { isBusinessDate, shanghaiDateOf } from '@app/domain/dates';
import { validateCasePolicy, type CasePolicy } from '@app/domain/policy';
import { AuditRepository, PoliciesRepository, RegionsRepository } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import type { CreatePolicyDto, PolicyQuery } from './policies.dto';

@Injectable()
export class PoliciesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Versions that can apply to the caller's region: those of its ancestors and of its subtree. */
  async list(actor: Actor, q: PolicyQuery) {
    return new PoliciesRepository(this.db).applicableTo(actor.regionCode, q.caseType);
  }

  async get(actor: Actor, id: string) {
    const policy = await new PoliciesRepository(this.db).findApplicable(id, actor.regionCode);
    if (!policy) throw ApiError.notFound('Policy');
    return policy;
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
    if (!isBusinessDate(dto.effectiveFrom)) throw ApiError.field('VALIDATION_FAILED', 'effectiveFrom', FIELD_PROBLEMS_ZH.notARealDate);
    if (dto.effectiveFrom < shanghaiDateOf(Date.now()))
      throw ApiError.field('VALIDATION_FAILED', 'effectiveFrom', '不能早于今天(已办理的案件仍按原版本政策)');
    if (!isWithinRegion(actor.regionCode, dto.regionCode))
      throw ApiError.field('UNKNOWN_REGION', 'regionCode', FIELD_PROBLEMS_ZH.notAdministeredRegion);
    if (!(await new RegionsRepository(this.db).exists(dto.regionCode)))
      throw ApiError.field('UNKNOWN_REGION', 'regionCode', FIELD_PROBLEMS_ZH.unknownRegion);
    const problems = validateCasePolicy(dto.body, dto.caseType);
    if (problems.length > 0) {
      throw new ApiError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    }
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      const version = await new PoliciesRepository(m).addVersion({
        id,
        caseType: dto.caseType,
        regionCode: dto.regionCode,
        effectiveFrom: dto.effectiveFrom,
        body: dto.body as unknown as CasePolicy, // validated above
        note: dto.note ?? null,
        createdBy: actor.userId,
      });
      await new AuditRepository(m).record(actor, {
        eventKey: `policy-created:${id}`,
        regionCode: dto.regionCode,
        caseId: null,
        action: 'policy_version_created',
        after: { policyId: id, caseType: dto.caseType, regionCode: dto.regionCode, version, effectiveFrom: dto.effectiveFrom },
        reason: dto.note ?? null,
      });
    });
    return this.get(actor, id);
  }
}
