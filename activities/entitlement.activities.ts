import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, EntitlementPlanView } from '@app/contracts';
import { mzt039Level, scoreAssessment, type AssessmentInput } from '@app/domain/assessment';
import { shanghaiDateOf } from '@app/domain/dates';
import type { EntitlementPlan } from '@app/domain/entitlement';
import { AuditRepository, casePlans, CasePlanError } from '@app/persistence';

export type PlanSummary = EntitlementPlanView;

/** The case's facts and plan (libs/persistence), with "cannot compute" as a non-retryable failure. */
async function nonRetryable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof CasePlanError) throw ApplicationFailure.nonRetryable(err.message, err.code);
    throw err;
  }
}
const facts = (m: EntityManager, caseId: string) => nonRetryable(casePlans.facts(m, caseId));
const plan = (m: EntityManager, caseId: string, extra: { reviewFailedOn?: string } = {}) => nonRetryable(casePlans.plan(m, caseId, extra));
const summary = casePlans.summary;

async function writeRevision(
  m: EntityManager,
  entitlementId: string,
  revisionKey: string,
  reason: string,
  p: EntitlementPlan,
  inputs: Record<string, unknown>,
): Promise<number> {
  const existing: { revision: number }[] = await m.query('SELECT revision FROM entitlement_revisions WHERE revision_key = $1', [
    revisionKey,
  ]);
  if (existing.length > 0) return existing[0].revision;
  const [{ next }]: { next: number }[] = await m.query(
    'SELECT COALESCE(MAX(revision), 0) + 1 AS next FROM entitlement_revisions WHERE entitlement_id = $1',
    [entitlementId],
  );
  await m.query(
    `INSERT INTO entitlement_revisions (entitlement_id, revision, revision_key, reason, inputs, explanation, start_month, end_month) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [entitlementId, next, revisionKey, reason, JSON.stringify(inputs), JSON.stringify(p.explanation), p.startMonth, p.endMonth],
  );
  let seq = 0;
  for (const s of p.segments) {
    seq += 1;
    await m.query(
      `INSERT INTO entitlement_segments (entitlement_id, revision, seq, from_month, to_month, monthly_amount_fen, rule, explanation) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [entitlementId, next, seq, s.from, s.to, s.monthlyAmountFen, s.rule, s.explanation],
    );
  }
  return next;
}

/** The allowance plan of a case as workflows see it, read inside the caller's transaction. */
export async function planSummaryIn(m: EntityManager, caseId: string): Promise<PlanSummary> {
  return summary((await plan(m, caseId)).plan);
}

/** Creates the entitlement of an approved case inside the caller's transaction (idempotent per case). */
export async function grantIn(
  m: EntityManager,
  input: { caseId: string; revisionKey: string; reason: string; at: string },
): Promise<{ entitlementId: string; plan: PlanSummary }> {
  const { facts: f, plan: p, inputs } = await plan(m, input.caseId);
  const found: { id: string }[] = await m.query('SELECT id FROM entitlements WHERE case_id = $1', [input.caseId]);
  if (found.length > 0) return { entitlementId: found[0].id, plan: summary(p) };
  if (!p.eligible || !p.startMonth) {
    throw ApplicationFailure.nonRetryable(`not eligible: ${p.reasons.map((r) => r.message).join('; ')}`, 'NOT_ELIGIBLE');
  }
  const id = randomUUID();
  await m.query(
    `INSERT INTO entitlements (id, case_id, person_id, kind, region_code, status, start_month, end_month, end_reason, policy_id, policy_version, current_revision)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,1)`,
    [
      id,
      input.caseId,
      f.person_id,
      f.case_type,
      f.region_code,
      p.endMonth ? 'ended' : 'active',
      p.startMonth,
      p.endMonth,
      null,
      f.policy_id,
      f.policy_version,
    ],
  );
  await writeRevision(m, id, input.revisionKey, input.reason, p, inputs);
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
        const rows: { id: string; status: string; end_month: string | null; current_revision: number }[] = await m.query(
          'SELECT id, status, end_month, current_revision FROM entitlements WHERE case_id = $1 FOR UPDATE',
          [input.caseId],
        );
        if (rows.length === 0) throw ApplicationFailure.nonRetryable(`case ${input.caseId} has no entitlement`, 'NOT_APPLICABLE');
        const e = rows[0];
        const {
          facts: f,
          plan: p,
          inputs,
        } = await plan(m, input.caseId, input.reviewFailedOn ? { reviewFailedOn: input.reviewFailedOn } : {});
        // A plan that no longer starts at all ended before it began: nothing is paid after today's month.
        const endMonth = p.eligible ? p.endMonth : (p.startMonth ?? e.end_month ?? shanghaiDateOf(Date.now()).slice(0, 7));
        const revision = await writeRevision(m, e.id, input.revisionKey, input.reason, p, inputs);
        const ended = endMonth !== null;
        await m.query(
          `UPDATE entitlements SET status = $2, end_month = $3, end_reason = $4, current_revision = $5, updated_at = now() WHERE id = $1`,
          [e.id, ended ? 'ended' : 'active', endMonth, ended ? input.reason : null, revision],
        );
        await new AuditRepository(m).record(input.actor, {
          eventKey: `entitlement-revised:${input.revisionKey}`,
          at: new Date(input.at),
          regionCode: f.region_code,
          caseId: input.caseId,
          action: ended ? 'entitlement_ended' : 'entitlement_revised',
          before: { status: e.status, endMonth: e.end_month, revision: e.current_revision },
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
        const f = await facts(m, input.caseId);
        await m.query(
          `INSERT INTO assessments (id, case_id, person_id, assessor_id, assessed_on, scale, items, factors, total, base_level, final_level, adjustments)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (id) DO NOTHING`,
          [
            input.taskId,
            input.caseId,
            f.person_id,
            input.actor.userId,
            input.assessedOn,
            input.form.scale,
            JSON.stringify(row.items),
            JSON.stringify(row.factors),
            row.total,
            row.baseLevel,
            row.finalLevel,
            JSON.stringify(row.adjustments),
          ],
        );
      });
      return { total: row.total, baseLevel: row.baseLevel, finalLevel: row.finalLevel, levelName: row.levelName };
    },
  };
}
