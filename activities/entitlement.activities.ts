import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, EntitlementPlanView } from '@app/contracts';
import { mzt039Level, scoreAssessment, type AssessmentInput } from '@app/domain/assessment';
import { shanghaiDateOf } from '@app/domain/dates';
import { AssessmentsRepository, AuditRepository, casePlans, CasePlanError, EntitlementsRepository } from '@app/persistence';

export type PlanSummary = EntitlementPlanView;
/** A case's facts (case, person, policy) as one transaction read them. */
export type CaseFacts = casePlans.CaseFacts;

/** The case's facts and plan (libs/persistence), with "cannot compute" as a non-retryable failure. */
async function nonRetryable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof CasePlanError) throw ApplicationFailure.nonRetryable(err.message, err.code);
    throw err;
  }
}
/** The case's facts (case, person, policy) in the caller's transaction; an unknown case fails for good. */
export const caseFactsIn = (m: EntityManager, caseId: string) => nonRetryable(casePlans.facts(m, caseId));
const plan = (m: EntityManager, caseId: string, extra: { reviewFailedOn?: string } = {}, known?: CaseFacts) =>
  nonRetryable(casePlans.plan(m, caseId, extra, known));
const summary = casePlans.summary;

/** The allowance plan of a case as workflows see it, read inside the caller's transaction. */
export async function planSummaryIn(m: EntityManager, caseId: string, known?: CaseFacts): Promise<PlanSummary> {
  return summary((await plan(m, caseId, {}, known)).plan);
}

/** Creates the entitlement of an approved case inside the caller's transaction (idempotent per case), from facts it read already if given. */
export async function grantIn(
  m: EntityManager,
  input: { caseId: string; revisionKey: string; reason: string; at: string },
  known?: CaseFacts,
): Promise<{ entitlementId: string; plan: PlanSummary }> {
  const { facts: f, plan: p, inputs } = await plan(m, input.caseId, {}, known);
  const entitlements = new EntitlementsRepository(m);
  const found = await entitlements.ofCase(input.caseId);
  if (found) return { entitlementId: found.id, plan: summary(p) };
  if (!p.eligible || !p.startMonth) {
    throw ApplicationFailure.nonRetryable(`not eligible: ${p.reasons.map((r) => r.message).join('; ')}`, 'NOT_ELIGIBLE');
  }
  const id = randomUUID();
  await entitlements.insert({
    id,
    caseId: input.caseId,
    personId: f.person_id,
    kind: f.case_type,
    regionCode: f.region_code,
    status: p.endMonth ? 'ended' : 'active',
    startMonth: p.startMonth,
    endMonth: p.endMonth,
    endReason: null,
    policyId: f.policy_id,
    policyVersion: f.policy_version,
    currentRevision: 1,
  });
  await entitlements.addFirstRevision(id, { revisionKey: input.revisionKey, reason: input.reason, plan: p, inputs });
  await new AuditRepository(m).record(null, {
    eventKey: `entitlement-granted:${input.caseId}`,
    at: new Date(input.at),
    regionCode: f.region_code,
    caseId: input.caseId,
    action: 'entitlement_granted',
    after: {
      entitlementId: id,
      startMonth: p.startMonth,
      endMonth: p.endMonth,
      segments: p.segments.length,
      policyVersion: f.policy_version,
    },
    reason: input.reason,
  });
  return { entitlementId: id, plan: summary(p) };
}

/**
 * Entitlements: the plan of an allowance computed by libs/domain from the case's facts (person,
 * roster, assessments, policy version), stored as revisions so every change keeps its reason.
 */
export function createEntitlementActivities({ db }: { db: DataSource }) {
  return {
    /** The plan as it stands today: shown with the review and approval tasks, binding at approval. */
    async planEntitlement(input: { caseId: string }): Promise<PlanSummary> {
      return summary((await plan(db.manager, input.caseId)).plan);
    },

    /** Creates the entitlement of an approved case (idempotent per case). */
    async grantEntitlement(input: {
      caseId: string;
      revisionKey: string;
      reason: string;
      at: string;
    }): Promise<{ entitlementId: string; plan: PlanSummary }> {
      return db.transaction((m) => grantIn(m, input));
    },

    /**
     * Recomputes an entitlement after a change of facts (death, moving out, leaving the roster, a
     * failed annual review, a new assessment). The earlier revision stays; the new one is current.
     */
    async reviseEntitlement(input: {
      caseId: string;
      revisionKey: string;
      reason: string;
      reviewFailedOn?: string;
      actor?: Actor | null;
      at: string;
    }): Promise<{ ended: boolean; endMonth: string | null; plan: PlanSummary }> {
      return db.transaction(async (m) => {
        const entitlements = new EntitlementsRepository(m);
        const e = await entitlements.lockOfCase(input.caseId);
        if (!e) throw ApplicationFailure.nonRetryable(`case ${input.caseId} has no entitlement`, 'NOT_APPLICABLE');
        const {
          facts: f,
          plan: p,
          inputs,
        } = await plan(m, input.caseId, input.reviewFailedOn ? { reviewFailedOn: input.reviewFailedOn } : {});
        // A plan that no longer starts at all ended before it began: nothing is paid after today's month.
        const endMonth = p.eligible ? p.endMonth : (p.startMonth ?? e.endMonth ?? shanghaiDateOf(Date.now()).slice(0, 7));
        const revision = await entitlements.addRevision(e.id, { revisionKey: input.revisionKey, reason: input.reason, plan: p, inputs });
        const ended = endMonth !== null;
        await entitlements.setCurrent(e.id, {
          status: ended ? 'ended' : 'active',
          endMonth,
          endReason: ended ? input.reason : null,
          currentRevision: revision,
        });
        await new AuditRepository(m).record(input.actor, {
          eventKey: `entitlement-revised:${input.revisionKey}`,
          at: new Date(input.at),
          regionCode: f.region_code,
          caseId: input.caseId,
          action: ended ? 'entitlement_ended' : 'entitlement_revised',
          before: { status: e.status, endMonth: e.endMonth, revision: e.currentRevision },
          after: { status: ended ? 'ended' : 'active', endMonth, revision },
          reason: input.reason,
        });
        return { ended, endMonth, plan: summary(p) };
      });
    },

    /**
     * Scores and stores an assessment (the task id is its id): a GB/T 42195-2022 form of 26 items,
     * or, under an MZ/T 039-2013 policy, the four first-level grades and the judgment card's level.
     */
    async recordAssessment(input: {
      taskId: string;
      caseId: string;
      actor: Actor;
      form: ({ scale: 'GB/T 42195-2022' } & AssessmentInput) | { scale: 'MZ/T 039-2013'; grades: Record<string, number> };
      assessedOn: string;
    }): Promise<{ total: number | null; baseLevel: number; finalLevel: number; levelName: string }> {
      let row: {
        total: number | null;
        baseLevel: number;
        finalLevel: number;
        levelName: string;
        items: unknown;
        factors: unknown;
        adjustments: unknown;
      };
      if (input.form.scale === 'MZ/T 039-2013') {
        const graded = mzt039Level(input.form.grades);
        if (!graded.ok) throw ApplicationFailure.nonRetryable(graded.errors.map((e) => e.message).join('; '), 'INVALID_DATA');
        row = {
          total: null,
          baseLevel: graded.level,
          finalLevel: graded.level,
          levelName: graded.levelNameZh,
          items: input.form.grades,
          factors: {},
          adjustments: [{ rule: graded.rule }],
        };
      } else {
        const { scale: _scale, ...form } = input.form;
        const scored = scoreAssessment(form);
        if (!scored.ok) throw ApplicationFailure.nonRetryable(scored.errors.map((e) => e.message).join('; '), 'INVALID_DATA');
        row = {
          total: scored.total,
          baseLevel: scored.baseLevel,
          finalLevel: scored.finalLevel,
          levelName: scored.finalLevelNameZh,
          items: form.items,
          factors: {
            coma: form.coma,
            dementia: form.dementia,
            psychiatricDiagnosis: form.psychiatricDiagnosis,
            careRiskEvents30d: form.careRiskEvents30d,
          },
          adjustments: scored.adjustments,
        };
      }
      await db.transaction(async (m) => {
        const f = await caseFactsIn(m, input.caseId);
        await new AssessmentsRepository(m).record({
          id: input.taskId,
          caseId: input.caseId,
          personId: f.person_id,
          assessorId: input.actor.userId,
          assessedOn: input.assessedOn,
          scale: input.form.scale,
          items: row.items,
          factors: row.factors,
          total: row.total,
          baseLevel: row.baseLevel,
          finalLevel: row.finalLevel,
          adjustments: row.adjustments,
        });
      });
      return { total: row.total, baseLevel: row.baseLevel, finalLevel: row.finalLevel, levelName: row.levelName };
    },
  };
}
