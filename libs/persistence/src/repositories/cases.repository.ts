import type { DataSource, EntityManager } from 'typeorm';
import { caseNumberPrefix, type CaseType } from '@app/contracts/case-types';
import type { CasePolicy } from '@app/domain/policy';
import type { Actor } from '@app/contracts/roles';
import { CaseEntity } from '../entities/case.entity';
import { AuditRepository, type AuditEntry } from './audit.repository';
import { PersonEntity } from '../entities/person.entity';
import { PolicyEntity } from '../entities/policy.entity';
import { pendingDecisionJoin, presentPendingDecision, type PendingDecisionColumns } from '../pending-decision-read';
import { inRegionSubtree, SqlFilter } from '../region-scope';

/** A case as the API shows it: its own columns, its region's name and its applicant's identity. */
export interface CaseRow {
  id: string;
  case_no: string;
  case_type: string;
  status: string;
  current_step: string | null;
  waiting_until: string | null;
  region_code: string;
  region_name: string;
  applied_on: string;
  accepted_on: string | null;
  decided_on: string | null;
  outcome_reason: string | null;
  policy_id: string;
  policy_version: number;
  proactive: boolean;
  id_number: string;
  person_name: string;
  sex: string;
  birth_date: string;
  person_id: string;
  created_at: Date;
  updated_at: Date;
}

/**
 * SQL for the next case number: `prefix` (an SQL expression, the value caseNumberPrefix gives) and
 * the case-number sequence's next value in at least six digits, all of them past 999,999.
 */
function nextCaseNumberSql(prefix: string): string {
  return `(SELECT ${prefix} || lpad(n, greatest(6, length(n)), '0') FROM (SELECT nextval('case_no_seq')::text AS n) seq)`;
}

/** A case to record, numbered as it is written (nextCaseNumberSql, from its type and application date). */
export interface NewCase {
  id: string;
  caseType: CaseType;
  personId: string;
  regionCode: string;
  policyId: string;
  policyVersion: number;
  appliedOn: string;
  details: Record<string, unknown>;
  createdBy: string | null;
}

/**
 * The statement that records a case at its acceptance step, numbered as it is written: the one rule
 * for a new case row, whoever records it (intake, proactive enrollment). Callers add what the
 * statement answers (RETURNING) or how it meets an open case (ON CONFLICT).
 */
export function insertCaseSql(c: NewCase & { proactive?: boolean }): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO cases (id, case_no, case_type, person_id, region_code, status, current_step, policy_id, policy_version, applied_on, details, created_by, proactive)
          VALUES ($1, ${nextCaseNumberSql('$2')}, $3, $4, $5, 'in_progress', 'acceptance', $6, $7, $8, $9, $10, $11)`,
    params: [
      c.id,
      caseNumberPrefix(c.caseType, c.appliedOn),
      c.caseType,
      c.personId,
      c.regionCode,
      c.policyId,
      c.policyVersion,
      c.appliedOn,
      JSON.stringify(c.details),
      c.createdBy,
      c.proactive ?? false,
    ],
  };
}

/** A case as its workflow starts: the case and the policy version it applied under. */
export interface CaseWorkflowStart {
  caseType: CaseType;
  regionCode: string;
  appliedOn: string;
  policyId: string;
  version: number;
  policyRegion: string;
  effectiveFrom: string;
  body: CasePolicy;
}

export interface CaseListFilter {
  /** The region subtree the cases lie in. */
  scope: string;
  caseType?: string;
  status?: string;
}

const CASE_SELECT = `
  SELECT c.id, c.case_no, c.case_type, c.status, c.current_step, c.waiting_until, c.region_code, r.name AS region_name,
         c.applied_on, c.accepted_on, c.decided_on, c.outcome_reason, c.policy_id, c.policy_version, c.proactive,
         p.id AS person_id, p.id_number, p.name AS person_name, p.sex, p.birth_date,
         c.created_at, c.updated_at
    FROM cases c JOIN persons p ON p.id = c.person_id JOIN regions r ON r.code = c.region_code`;

/** Cases, their intake keys and open tasks. Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class CasesRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /** Moves the case to the status and step a side effect reached (the workflow's own transitions use setState). */
  async moveTo(caseId: string, change: Partial<Pick<CaseEntity, 'status' | 'currentStep' | 'waitingUntil'>>): Promise<void> {
    await this.q.getRepository(CaseEntity).update({ id: caseId }, change);
  }

  /** The case if it lies within the region subtree `scope`, else null. */
  async findWithin(caseId: string, scope: string): Promise<CaseRow | null> {
    const rows: CaseRow[] = await this.q.query(`${CASE_SELECT} WHERE c.id = $1 AND ${inRegionSubtree('c.region_code', '$2')}`, [
      caseId,
      scope,
    ]);
    return rows[0] ?? null;
  }

  /** Whether the case lies within the region subtree `scope` (without reading it). */
  async existsWithin(caseId: string, scope: string): Promise<boolean> {
    const rows: unknown[] = await this.q.query(`SELECT 1 FROM cases WHERE id = $1 AND ${inRegionSubtree('region_code', '$2')}`, [
      caseId,
      scope,
    ]);
    return rows.length > 0;
  }

  /** One page of cases, newest first, and how many match. */
  async page(filter: CaseListFilter, limit: number, offset: number): Promise<{ rows: CaseRow[]; total: number }> {
    const f = new SqlFilter().inRegion('c.region_code', filter.scope);
    if (filter.caseType) f.and(`c.case_type = ${f.param(filter.caseType)}`);
    if (filter.status) f.and(`c.status = ${f.param(filter.status)}`);
    const [{ total }]: { total: number }[] = await this.q.query(`SELECT count(*)::int AS total FROM cases c WHERE ${f.sql}`, f.params);
    const rows: CaseRow[] = await this.q.query(
      `${CASE_SELECT} WHERE ${f.sql} ORDER BY c.created_at DESC, c.id LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
      f.params,
    );
    return { rows, total };
  }

  /**
   * Records an application at intake (insertCaseSql) and audits it with the number drawn: one
   * statement.
   */
  async insertApplied(c: NewCase, actor: Actor, audit: Omit<AuditEntry, 'regionCode' | 'caseId'>): Promise<void> {
    const insert = insertCaseSql(c);
    await new AuditRepository(this.q).recordIfWritten(
      actor,
      { ...audit, caseId: c.id },
      `${insert.sql} RETURNING case_no, region_code`,
      insert.params,
      [],
      { after: `jsonb_build_object('caseNo', w.case_no)` },
    );
  }

  /** The person's open case of this type (one at most), if any. */
  async openOf(
    personId: string,
    caseType: string,
    openStatuses: readonly string[],
  ): Promise<{ id: string; case_no: string; region_code: string } | null> {
    const rows: { id: string; case_no: string; region_code: string }[] = await this.q.query(
      `SELECT id, case_no, region_code FROM cases WHERE person_id = $1 AND case_type = $2 AND status = ANY($3) LIMIT 1`,
      [personId, caseType, openStatuses],
    );
    return rows[0] ?? null;
  }

  /**
   * Claims an intake idempotency key for `caseId` with the request's hash. Answers null when this
   * request claimed it, else the earlier request's hash and case (a concurrent twin waits on the row).
   */
  async claimIdempotencyKey(
    userId: string,
    key: string,
    hash: string,
    caseId: string,
  ): Promise<{ request_hash: string; case_id: string } | null> {
    const claimed: unknown[] = await this.q.query(
      `INSERT INTO intake_requests (user_id, idempotency_key, request_hash, case_id) VALUES ($1,$2,$3,$4)
       ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING case_id`,
      [userId, key, hash, caseId],
    );
    if (claimed.length === 1) return null;
    const [earlier]: { request_hash: string; case_id: string }[] = await this.q.query(
      'SELECT request_hash, case_id FROM intake_requests WHERE user_id = $1 AND idempotency_key = $2',
      [userId, key],
    );
    return earlier;
  }

  /** The case's open tasks, oldest first, as the case page lists them. */
  /** The case's open tasks, each with its decision awaiting the system (202 DECISION_PENDING), if any. */
  async openTasks(caseId: string): Promise<Record<string, unknown>[]> {
    const rows: (Record<string, unknown> & PendingDecisionColumns)[] = await this.q.query(
      `SELECT t.id, t.step, t.candidate_role AS "candidateRole", t.assignee_id AS "assigneeId", t.created_at AS "createdAt", t.due_at AS "dueAt",
              t.due_date AS "dueDate", t.calendar_flag AS "calendarFlag", t.overdue, t.escalation_level AS "escalationLevel",
              pending.*
         FROM tasks t ${pendingDecisionJoin('t')}
        WHERE t.case_id = $1 AND t.completed_at IS NULL ORDER BY t.created_at`,
      [caseId],
    );
    return rows.map(({ pending_submitted_at, pending_outcome, pending_actor_id, ...task }) => ({
      ...task,
      pendingDecision: presentPendingDecision({ pending_submitted_at, pending_outcome, pending_actor_id }),
    }));
  }

  /** Whether the case has an assessment or reassessment task within the region subtree `scope`. */
  async hasAssessmentTaskWithin(caseId: string, scope: string): Promise<boolean> {
    const rows: unknown[] = await this.q.query(
      `SELECT 1 FROM tasks WHERE case_id = $1 AND step IN ('assessment', 'reassessment') AND ${inRegionSubtree('region_code', '$2')} LIMIT 1`,
      [caseId, scope],
    );
    return rows.length > 0;
  }

  /** Whether the care home lies within the region subtree `scope` (the applicant's county). */
  async careHomeWithin(homeId: string, scope: string): Promise<boolean> {
    const rows: unknown[] = await this.q.query(`SELECT 1 FROM care_homes WHERE id = $1 AND ${inRegionSubtree('region_code', '$2')}`, [
      homeId,
      scope,
    ]);
    return rows.length > 0;
  }

  /** The case's region; null when there is no such case. */
  async regionOf(caseId: string): Promise<string | null> {
    const rows: { region_code: string }[] = await this.q.query('SELECT region_code FROM cases WHERE id = $1', [caseId]);
    return rows[0]?.region_code ?? null;
  }

  /** The case's status, step and region, locked for a state change. */
  async lockState(caseId: string): Promise<{ status: string; current_step: string | null; region_code: string } | null> {
    const rows: { status: string; current_step: string | null; region_code: string }[] = await this.q.query(
      'SELECT status, current_step, region_code FROM cases WHERE id = $1 FOR UPDATE',
      [caseId],
    );
    return rows[0] ?? null;
  }

  /**
   * Moves the case to a state the workflow decided (dates and reason keep earlier values when not
   * given) and audits it, with the status and step it had before (read under the row's lock): one
   * statement. False when there is no such case (nothing written).
   */
  async setState(
    c: {
      caseId: string;
      status: string;
      currentStep: string | null;
      waitingUntil: string | null;
      acceptedOn: string | null;
      decidedOn: string | null;
      outcomeReason: string | null;
    },
    actor: Actor | null | undefined,
    audit: Omit<AuditEntry, 'regionCode' | 'before'>,
  ): Promise<boolean> {
    const written = await new AuditRepository(this.q).recordIfWritten(
      actor,
      audit,
      `UPDATE cases c SET status = $2, current_step = $3, waiting_until = $4,
         accepted_on = COALESCE($5, c.accepted_on), decided_on = COALESCE($6, c.decided_on),
         outcome_reason = COALESCE($7, c.outcome_reason), attention_reason = NULL, updated_at = now()
         FROM (SELECT id, status, current_step FROM cases WHERE id = $1 FOR UPDATE) before
        WHERE c.id = before.id
        RETURNING c.region_code, before.status AS before_status, before.current_step AS before_step`,
      [c.caseId, c.status, c.currentStep, c.waitingUntil, c.acceptedOn, c.decidedOn, c.outcomeReason],
      [],
      { before: `jsonb_build_object('status', w.before_status, 'currentStep', w.before_step)` },
    );
    return written.length > 0;
  }

  /** The case locked for raising attention: its region, number and status. */
  async lockForAttention(caseId: string): Promise<{ region_code: string; case_no: string; status: string } | null> {
    const rows: { region_code: string; case_no: string; status: string }[] = await this.q.query(
      'SELECT region_code, case_no, status FROM cases WHERE id = $1 FOR UPDATE',
      [caseId],
    );
    return rows[0] ?? null;
  }

  async needsAttention(caseId: string, reason: string): Promise<void> {
    await this.q.query(`UPDATE cases SET status = 'needs_attention', attention_reason = $2, updated_at = now() WHERE id = $1`, [
      caseId,
      reason,
    ]);
  }

  /** What starting the case's workflow needs: the case and the policy version it applied under; null when there is no such case. */
  workflowStart(caseId: string): Promise<CaseWorkflowStart | undefined> {
    return this.q
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .innerJoin(PolicyEntity, 'p', 'p.id = c.policyId')
      .select('c.caseType', 'caseType')
      .addSelect('c.regionCode', 'regionCode')
      .addSelect('c.appliedOn', 'appliedOn')
      .addSelect('p.id', 'policyId')
      .addSelect('p.version', 'version')
      .addSelect('p.regionCode', 'policyRegion')
      .addSelect('p.effectiveFrom', 'effectiveFrom')
      .addSelect('p.body', 'body')
      .where('c.id = :caseId', { caseId })
      .getRawOne<CaseWorkflowStart>();
  }

  /** Records that the case's workflow started (the first time only). */
  async markWorkflowStarted(caseId: string): Promise<void> {
    await this.q
      .getRepository(CaseEntity)
      .createQueryBuilder()
      .update()
      // Not a change of the case: its updated_at stays as it was.
      .set({ workflowStartedAt: () => 'now()', updatedAt: () => 'updated_at' })
      .where('id = :caseId AND workflow_started_at IS NULL', { caseId })
      .execute();
  }

  /** Whether the case exists and its workflow was never confirmed started (and, given `statuses`, its status is one of them). */
  workflowUnstarted(caseId: string, statuses?: readonly string[]): Promise<boolean> {
    const qb = this.q
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('c.id = :caseId', { caseId })
      .andWhere('c.workflowStartedAt IS NULL');
    if (statuses) qb.andWhere('c.status IN (:...statuses)', { statuses });
    return qb.getExists();
  }

  /** Up to `limit` cases, oldest first, recorded more than `olderThanSeconds` ago whose workflow was never confirmed started. */
  async unstartedWorkflows(olderThanSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.q
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where('c.workflowStartedAt IS NULL')
      .andWhere('c.createdAt < now() - make_interval(secs => :olderThanSeconds)', { olderThanSeconds })
      .orderBy('c.createdAt')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** The open cases (status one of `statuses`) of `caseType` whose applicant has this ID number. */
  async openIdsOfApplicant(idNumber: string, caseType: CaseType, statuses: readonly string[]): Promise<string[]> {
    const rows = await this.q
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .innerJoin(PersonEntity, 'p', 'p.id = c.personId')
      .select('c.id', 'id')
      .where('p.idNumber = :idNumber AND c.caseType = :caseType', { idNumber, caseType })
      .andWhere('c.status IN (:...statuses)', { statuses })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}
