import type { EntityManager, DataSource } from 'typeorm';
import type { CaseType, EntitlementPlanView } from '@app/contracts';
import { caseTypeDefinition } from '@app/domain/case-types';
import { shanghaiDateOf } from '@app/domain/dates';
import type { EntitlementPlan, RosterSpell } from '@app/domain/entitlement';
import type { CasePolicy } from '@app/domain/policy';
import { CALENDAR_STAMP } from './calendar-provider';
import { rosterSpellsSql } from './roster-lookup';

/** A case's plan cannot be computed: it does not exist, or its type pays no allowance. Not worth retrying. */
export class CasePlanError extends Error {
  constructor(
    readonly code: 'CASE_NOT_FOUND' | 'NOT_APPLICABLE',
    message: string,
  ) {
    super(message);
    this.name = 'CasePlanError';
  }
}

export type PlanSummary = EntitlementPlanView;

export interface CaseFacts {
  case_type: CaseType;
  person_id: string;
  region_code: string;
  accepted_on: string | null;
  applied_on: string;
  policy_id: string;
  policy_version: number;
  body: CasePolicy;
  id_number: string;
  birth_date: string;
  death_date: string | null;
  moved_out_on: string | null;
  /** The person's roster spells (rosterSpellsSql), read in the same statement. */
  roster_spells: RosterSpell[];
  /** The holiday calendar's stamp (CalendarProvider), read with the rest. */
  calendar_stamp: string;
}

/**
 * The plan as workflows see it: months, amounts, rule codes and reasons, but none of the
 * explanatory sentences, which name birthdays and other dates of the person. Those stay in
 * PostgreSQL (entitlement revisions) and in the API's plan preview.
 */
export function summary(plan: EntitlementPlan): PlanSummary {
  return {
    eligible: plan.eligible,
    reasons: plan.reasons.map((r) => ({ code: r.code, message: r.message })),
    startMonth: plan.startMonth,
    endMonth: plan.endMonth,
    segments: plan.segments.map((s) => ({ from: s.from, to: s.to, monthlyAmountFen: s.monthlyAmountFen, rule: s.rule, explanation: '' })),
    explanation: [],
  };
}

/** The full plan with its explanation, for officers (the API's preview before approval). */
function fullSummary(plan: EntitlementPlan): PlanSummary {
  return { ...summary(plan), segments: plan.segments.map((s) => ({ ...s })), explanation: [...plan.explanation] };
}

/** The plan of a case today, fully explained: the same computation the workflow's activities run. */
export async function computeCasePlan(db: DataSource, caseId: string): Promise<PlanSummary> {
  return fullSummary((await plan(db.manager, caseId)).plan);
}

/**
 * The case, its person and policy, the person's roster spells (rosterSpellsSql: the same rule
 * rosterSpellsFor runs) and the holiday calendar's stamp: one statement.
 */
export async function facts(m: EntityManager, caseId: string): Promise<CaseFacts> {
  const rows: CaseFacts[] = await m.query(
    `SELECT c.case_type, c.person_id, c.region_code, c.accepted_on,
            c.applied_on, c.policy_id, c.policy_version, pol.body,
            p.id_number, p.birth_date, p.death_date, p.moved_out_on,
            ${rosterSpellsSql('p.id_number')} AS roster_spells,
            ${CALENDAR_STAMP} AS calendar_stamp
       FROM cases c JOIN persons p ON p.id = c.person_id JOIN policies pol ON pol.id = c.policy_id WHERE c.id = $1`,
    [caseId],
  );
  if (rows.length === 0) throw new CasePlanError('CASE_NOT_FOUND', `case ${caseId} does not exist`);
  return rows[0];
}

/** Inside a transaction pass its manager: every read, the roster's too, stays on that connection. */
export async function plan(
  m: EntityManager,
  caseId: string,
  extra: { reviewFailedOn?: string } = {},
  known?: CaseFacts,
): Promise<{ facts: CaseFacts; plan: EntitlementPlan; inputs: Record<string, unknown> }> {
  // The facts the caller read in this transaction already (a transition's age check), or read now.
  const f = known ?? (await facts(m, caseId));
  // The case type's registry entry says whether and how it is planned: no silent fall-through.
  const planner = caseTypeDefinition(f.case_type).allowance;
  if (!planner) throw new CasePlanError('NOT_APPLICABLE', `case type ${f.case_type} has no allowance plan`);
  const acceptedOn = f.accepted_on ?? shanghaiDateOf(Date.now());
  // Read only what the type's planner uses (the roster came with the facts), on the caller's connection.
  const rosterSpells = planner.needs.rosterSpells ? f.roster_spells : [];
  const assessed: { assessed_on: string; final_level: number }[] = planner.needs.assessments
    ? await m.query(`SELECT assessed_on, final_level FROM assessments WHERE case_id = $1 ORDER BY assessed_on, created_at`, [caseId])
    : [];
  const { plan: p, inputs } = planner.plan(
    {
      birthDate: f.birth_date,
      acceptedOn,
      appliedOn: f.applied_on,
      residentOfCounty: !(f.moved_out_on && f.moved_out_on <= acceptedOn),
      ...(f.death_date ? { deathDate: f.death_date } : {}),
      ...(f.moved_out_on ? { movedOutOn: f.moved_out_on } : {}),
      ...(extra.reviewFailedOn ? { reviewFailedOn: extra.reviewFailedOn } : {}),
      rosterSpells,
      assessments: assessed.map((a) => ({ assessedOn: a.assessed_on, level: a.final_level })),
    },
    f.body,
  );
  return { facts: f, plan: p, inputs };
}
