import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CASE_NUMBER_PREFIX,
  CASE_STATUS_LABELS,
  CASE_TYPE_LABELS,
  FIRST_TASK_AT_INTAKE,
  caseWorkflowId,
  OPEN_CASE_STATUSES,
  parseTrialStayDetails,
  registerObjectionUpdate,
  withdrawUpdate,
  type Actor,
  type CaseStatus,
  type CaseType,
} from '@app/contracts';
import { isWithinRegion, regionLevelOf } from '@app/domain/access';
import { shanghaiDateOf, ageOn } from '@app/domain/dates';
import { maskName, maskResidentId, parseResidentId } from '@app/domain/identity';
import { CASE_DETAILS_BOUNDS, freeFormDataProblems } from '@app/domain/input';
import { firstTaskOf, STEP_LABELS, trialStayRules, type CasePolicy, type StepCode } from '@app/domain/policy';
import { appendAudit, isUniqueViolation, openTaskRow } from '@app/persistence';
import { ensureCaseWorkflow, JsonLogger } from '@app/runtime';
import { CalendarProvider } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import type { CreateCaseDto, ListCasesQuery } from './cases.dto';

interface CaseRow {
  id: string;
  case_no: string;
  case_type: CaseType;
  status: CaseStatus;
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

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** JSON with keys in a fixed order, so the same request always hashes the same. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const CASE_SELECT = `
  SELECT c.id, c.case_no, c.case_type, c.status, c.current_step, c.waiting_until, c.region_code, r.name AS region_name,
         to_char(c.applied_on, 'YYYY-MM-DD') AS applied_on, to_char(c.accepted_on, 'YYYY-MM-DD') AS accepted_on,
         to_char(c.decided_on, 'YYYY-MM-DD') AS decided_on, c.outcome_reason, c.policy_id, c.policy_version, c.proactive,
         p.id AS person_id, p.id_number, p.name AS person_name, p.sex, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date,
         c.created_at, c.updated_at
    FROM cases c JOIN persons p ON p.id = c.person_id JOIN regions r ON r.code = c.region_code`;

@Injectable()
export class CasesService {
  private readonly log = new JsonLogger('api');

  constructor(
    private readonly updates: WorkflowUpdates,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
    private readonly calendars: CalendarProvider,
  ) {}

  /** Intake: validate, record person and case, start the case's workflow. */
  async create(actor: Actor, dto: CreateCaseDto, idempotencyKey?: string) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw ApiError.field('VALIDATION_FAILED', 'Idempotency-Key', 'must be 1 to 128 characters: letters, digits, - _ . :');
    }
    const detailProblems = freeFormDataProblems(dto.details, CASE_DETAILS_BOUNDS, 'details');
    if (detailProblems.length > 0) {
      throw new ApiError('VALIDATION_FAILED', detailProblems.map((p) => `${p.field}: ${p.message}`).join('; '), detailProblems);
    }
    const id = parseResidentId(dto.applicant.idNumber, shanghaiDateOf(Date.now()));
    if (!id.ok) throw ApiError.field('INVALID_ID_NUMBER', 'applicant.idNumber', id.message);
    if (dto.applicant.birthDate && dto.applicant.birthDate !== id.value.birthDate) {
      throw ApiError.field('BIRTH_DATE_MISMATCH', 'applicant.birthDate', 'does not match the birth date in the ID number');
    }
    if (!isWithinRegion(actor.regionCode, dto.regionCode)) {
      throw ApiError.field('UNKNOWN_REGION', 'regionCode', 'is not a region you serve');
    }
    const level = regionLevelOf(dto.regionCode);
    const region: { code: string }[] = await this.db.query('SELECT code FROM regions WHERE code = $1', [dto.regionCode]);
    if (region.length === 0 || (level !== 'township' && level !== 'village')) {
      throw ApiError.field('UNKNOWN_REGION', 'regionCode', 'is not a known township or village');
    }
    const today = shanghaiDateOf(Date.now());
    const appliedOn = dto.appliedOn ?? today;
    if (appliedOn > today) throw ApiError.field('VALIDATION_FAILED', 'appliedOn', 'cannot be in the future');

    let caseId: string = randomUUID();
    // The first task is written with the case, so the answer includes it without waiting for the
    // workflow (which adopts it); its deadline is counted before the transaction takes a connection.
    const policy = await this.policyInForce(this.db.manager, dto.caseType, dto.regionCode, appliedOn);
    const first = FIRST_TASK_AT_INTAKE[dto.caseType] ? firstTaskOf(policy.body) : null;
    const openedAt = new Date();
    const due = first ? await this.calendars.deadline(openedAt, first.deadline) : null;
    const replayed = await this.db.transaction(async (m) => {
      // A retried request (same key, same body) gets the case the first one created.
      const earlier = idempotencyKey ? await this.claimIdempotencyKey(m, actor, idempotencyKey, dto, caseId) : null;
      if (earlier) return earlier;
      if (dto.caseType === 'trial-stay') await this.checkTrialStayDetails(m, dto, policy.body);
      const personId = await this.registerPerson(m, actor, dto, id.value.birthDate, id.value.sex, id.value.id);
      await this.assertNoOpenCase(m, actor, personId, dto.caseType);
      const [{ n }]: { n: string }[] = await m.query(`SELECT nextval('case_no_seq') AS n`);
      const caseNo = `${CASE_NUMBER_PREFIX[dto.caseType]}-${appliedOn.slice(0, 4)}-${String(n).padStart(6, '0')}`;
      try {
        await m.query(
          `INSERT INTO cases (id, case_no, case_type, person_id, region_code, status, current_step, policy_id, policy_version, applied_on, details, created_by)
           VALUES ($1,$2,$3,$4,$5,'in_progress','acceptance',$6,$7,$8,$9,$10)`,
          [
            caseId,
            caseNo,
            dto.caseType,
            personId,
            dto.regionCode,
            policy.id,
            policy.version,
            appliedOn,
            JSON.stringify(dto.details ?? {}),
            actor.userId,
          ],
        );
      } catch (err) {
        // Not expected (the person row is locked above), but never a 500: the transaction is aborted, so no details.
        if (isUniqueViolation(err, 'cases_one_open_per_person_type')) {
          throw new ApiError('CASE_ALREADY_OPEN', `This person already has an open ${CASE_TYPE_LABELS[dto.caseType]} case.`);
        }
        throw err;
      }
      await appendAudit(m, {
        eventKey: `case-created:${caseId}`,
        // The same instant as the first task's opening, which follows it (the timeline orders by time, then id).
        at: openedAt,
        actorId: actor.userId,
        actorRole: actor.role,
        actorName: actor.displayName,
        regionCode: dto.regionCode,
        caseId,
        step: 'acceptance',
        action: 'case_created',
        after: { caseNo, caseType: dto.caseType, appliedOn, policyId: policy.id, policyVersion: policy.version },
      });
      if (first && due) {
        await openTaskRow(m, {
          taskId: randomUUID(),
          caseId,
          caseType: dto.caseType,
          step: first.step,
          candidateRole: first.role,
          regionCode: dto.regionCode,
          openedAt: openedAt.toISOString(),
          dueAt: due.dueAt,
          dueDate: due.dueDate,
          calendarFlag: due.calendarFlag,
          label: STEP_LABELS[first.step],
        });
      }
      return null;
    });
    // A retried intake whose first attempt committed the case but was cut off before its workflow started: start it now.
    const started = replayed
      ? ((await this.db.query('SELECT 1 FROM cases WHERE id = $1 AND workflow_started_at IS NULL', [replayed])) as unknown[]).length === 0
      : false;
    if (replayed && started) return this.get(actor, replayed);
    if (replayed) caseId = replayed;
    try {
      // Bounded: with Temporal down, intake still answers (the case is recorded) within seconds.
      await this.temporal.connection.withDeadline(Date.now() + 5000, () =>
        ensureCaseWorkflow(this.temporal, this.db, this.taskQueue, caseId),
      );
    } catch (err) {
      // The case is committed; the worker's sweep starts its workflow when Temporal is reachable.
      this.log.write('warn', 'case workflow not started at intake; the sweep will retry', { caseId, err });
    }
    return this.get(actor, caseId);
  }

  /** A request names a care home of the applicant's county and a waiting-list category of the policy. */
  private async checkTrialStayDetails(m: EntityManager, dto: CreateCaseDto, policy: CasePolicy): Promise<void> {
    const parsed = parseTrialStayDetails(dto.details ?? {}, trialStayRules(policy).priorityCategories);
    if (!parsed.ok) {
      const fields = parsed.problems.map((p) => ({ field: p.split(':')[0], message: p.slice(p.indexOf(':') + 1).trim() }));
      throw new ApiError('VALIDATION_FAILED', parsed.problems.join('; '), fields);
    }
    const home: unknown[] = await m.query(`SELECT 1 FROM care_homes WHERE id = $1 AND region_code LIKE $2 || '%'`, [
      parsed.value.careHomeId,
      dto.regionCode.slice(0, 6),
    ]);
    if (home.length === 0) throw ApiError.field('VALIDATION_FAILED', 'details.careHomeId', "is not a care home of the applicant's county");
  }

  private async policyInForce(
    m: EntityManager,
    caseType: CaseType,
    regionCode: string,
    on: string,
  ): Promise<{ id: string; version: number; body: CasePolicy }> {
    const rows: { id: string; version: number; body: CasePolicy }[] = await m.query(
      `SELECT id, version, body FROM policies
        WHERE case_type = $1 AND $2 LIKE region_code || '%' AND effective_from <= $3
        ORDER BY length(region_code) DESC, effective_from DESC, version DESC LIMIT 1`,
      [caseType, regionCode, on],
    );
    if (rows.length === 0)
      throw new ApiError('POLICY_NOT_FOUND', `No ${CASE_TYPE_LABELS[caseType]} policy is in force for this region on ${on}.`);
    return rows[0];
  }

  /**
   * Records the key with a hash of the request, in the intake's transaction. Answers the case an
   * earlier request under the same key created (null when this request is the first); the same key
   * with a different body is refused. A concurrent twin waits on the key's row and then sees it.
   */
  private async claimIdempotencyKey(
    m: EntityManager,
    actor: Actor,
    key: string,
    dto: CreateCaseDto,
    caseId: string,
  ): Promise<string | null> {
    const hash = createHash('sha256').update(canonicalJson(dto)).digest('hex');
    const claimed: unknown[] = await m.query(
      `INSERT INTO intake_requests (user_id, idempotency_key, request_hash, case_id) VALUES ($1,$2,$3,$4)
       ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING case_id`,
      [actor.userId, key, hash, caseId],
    );
    if (claimed.length === 1) return null;
    const [earlier]: { request_hash: string; case_id: string }[] = await m.query(
      'SELECT request_hash, case_id FROM intake_requests WHERE user_id = $1 AND idempotency_key = $2',
      [actor.userId, key],
    );
    if (earlier.request_hash !== hash) {
      throw new ApiError(
        'IDEMPOTENCY_KEY_REUSED',
        'Idempotency-Key 已用于另一份不同的申请：重试请用原请求内容，新申请请用新的 Key。(This key was used for a different request.)',
        [{ field: 'Idempotency-Key', message: 'was used for a different request body' }],
      );
    }
    return earlier.case_id;
  }

  /**
   * The applicant's person record: created if new (ON CONFLICT, so parallel intakes of one new
   * person make one row and no unique-violation error), otherwise locked for this intake. A person
   * served by a region outside the caller's subtree is neither changed nor described: the answer is
   * the same whatever name was given, so it cannot be used to guess it. Phone and address given for
   * a person the caller serves update the record, audited.
   */
  private async registerPerson(m: EntityManager, actor: Actor, dto: CreateCaseDto, birthDate: string, sex: string, idNumber: string) {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO persons (id_number, name, sex, birth_date, phone, address, region_code) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (id_number) DO NOTHING RETURNING id`,
      [idNumber, dto.applicant.name, sex, birthDate, dto.applicant.phone ?? null, dto.applicant.address ?? null, dto.regionCode],
    );
    if (inserted.length === 1) return inserted[0].id;
    const [found]: { id: string; name: string; region_code: string; phone: string | null; address: string | null }[] = await m.query(
      'SELECT id, name, region_code, phone, address FROM persons WHERE id_number = $1 FOR UPDATE',
      [idNumber],
    );
    if (!isWithinRegion(actor.regionCode, found.region_code)) {
      throw new ApiError(
        'PERSON_SERVED_ELSEWHERE',
        '该身份证号的人员由其他地区服务。请由现服务地区(或县级)办理人员转移后再受理。(This person is served by another region: transfer them first.)',
      );
    }
    if (found.name !== dto.applicant.name) {
      throw ApiError.field('NAME_MISMATCH', 'applicant.name', 'does not match the name registered for this ID number');
    }
    const changed = (['phone', 'address'] as const).filter((f) => dto.applicant[f] !== undefined && dto.applicant[f] !== found[f]);
    if (changed.length > 0) {
      await m.query('UPDATE persons SET phone = COALESCE($2, phone), address = COALESCE($3, address), updated_at = now() WHERE id = $1', [
        found.id,
        dto.applicant.phone ?? null,
        dto.applicant.address ?? null,
      ]);
      await appendAudit(m, {
        eventKey: `person-updated:${found.id}:${randomUUID()}`,
        actorId: actor.userId,
        actorRole: actor.role,
        actorName: actor.displayName,
        regionCode: found.region_code,
        caseId: null,
        action: 'person_updated',
        // Which fields changed, not their values: the audit log is read more widely than the record.
        after: { personId: found.id, fields: changed, via: 'intake' },
      });
    }
    return found.id;
  }

  /** One open case per person and type: 409 naming the case when the caller may see it, nothing about it otherwise. */
  private async assertNoOpenCase(m: EntityManager, actor: Actor, personId: string, caseType: CaseType): Promise<void> {
    const open: { id: string; case_no: string; region_code: string }[] = await m.query(
      `SELECT id, case_no, region_code FROM cases WHERE person_id = $1 AND case_type = $2 AND status = ANY($3) LIMIT 1`,
      [personId, caseType, OPEN_CASE_STATUSES],
    );
    if (open.length === 0) return;
    if (isWithinRegion(actor.regionCode, open[0].region_code)) {
      throw new ApiError(
        'CASE_ALREADY_OPEN',
        `This person already has an open ${CASE_TYPE_LABELS[caseType]} case (${open[0].case_no}).`,
        [],
        {
          caseId: open[0].id,
          caseNo: open[0].case_no,
        },
      );
    }
    throw new ApiError(
      'CASE_ALREADY_OPEN',
      `This person already has an open ${CASE_TYPE_LABELS[caseType]} case, handled by another region.`,
    );
  }

  private async findScoped(actor: Actor, caseId: string): Promise<CaseRow> {
    const rows: CaseRow[] = await this.db.query(`${CASE_SELECT} WHERE c.id = $1 AND c.region_code LIKE $2 || '%'`, [
      caseId,
      actor.regionCode,
    ]);
    if (rows.length === 0) throw ApiError.notFound('Case');
    return rows[0];
  }

  private present(row: CaseRow) {
    return {
      id: row.id,
      caseNo: row.case_no,
      caseType: row.case_type,
      caseTypeLabel: CASE_TYPE_LABELS[row.case_type],
      status: row.status,
      statusLabel: CASE_STATUS_LABELS[row.status],
      currentStep: row.current_step,
      currentStepLabel: row.current_step ? (STEP_LABELS[row.current_step as StepCode] ?? row.current_step) : null,
      waitingUntil: row.waiting_until,
      regionCode: row.region_code,
      regionName: row.region_name,
      appliedOn: row.applied_on,
      acceptedOn: row.accepted_on,
      decidedOn: row.decided_on,
      outcomeReason: row.outcome_reason,
      proactive: row.proactive,
      policy: { id: row.policy_id, version: row.policy_version },
      applicant: {
        personId: row.person_id,
        idNumberMasked: maskResidentId(row.id_number),
        nameMasked: maskName(row.person_name),
        sex: row.sex,
        age: ageOn(row.birth_date, shanghaiDateOf(Date.now())),
      },
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async get(actor: Actor, caseId: string) {
    const row = await this.findScoped(actor, caseId);
    const tasks: Record<string, unknown>[] = await this.db.query(
      `SELECT id, step, candidate_role AS "candidateRole", assignee_id AS "assigneeId", created_at AS "createdAt", due_at AS "dueAt",
              to_char(due_date, 'YYYY-MM-DD') AS "dueDate", calendar_flag AS "calendarFlag", overdue, escalation_level AS "escalationLevel"
         FROM tasks WHERE case_id = $1 AND completed_at IS NULL ORDER BY created_at`,
      [caseId],
    );
    return { ...this.present(row), openTasks: tasks.map((t) => ({ ...t, stepLabel: STEP_LABELS[t.step as StepCode] ?? t.step })) };
  }

  async list(actor: Actor, q: ListCasesQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const scope = q.regionCode && isWithinRegion(actor.regionCode, q.regionCode) ? q.regionCode : actor.regionCode;
    if (q.regionCode && !isWithinRegion(actor.regionCode, q.regionCode)) return { items: [], total: 0, page, pageSize };
    const where = [`c.region_code LIKE $1 || '%'`];
    const params: unknown[] = [scope];
    if (q.caseType) {
      params.push(q.caseType);
      where.push(`c.case_type = $${params.length}`);
    }
    if (q.status) {
      params.push(q.status);
      where.push(`c.status = $${params.length}`);
    }
    const [{ total }]: { total: string }[] = await this.db.query(
      `SELECT count(*) AS total FROM cases c WHERE ${where.join(' AND ')}`,
      params,
    );
    const rows: CaseRow[] = await this.db.query(
      `${CASE_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return { items: rows.map((r) => this.present(r)), total: Number(total), page, pageSize };
  }

  async timeline(actor: Actor, caseId: string) {
    await this.findScoped(actor, caseId);
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT id, at, action, step, task_id AS "taskId", actor_id AS "actorId", actor_role AS "actorRole", actor_name AS "actorName",
              before, after, reason FROM audit_log WHERE case_id = $1 ORDER BY at, id`,
      [caseId],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), stepLabel: r.step ? (STEP_LABELS[r.step as StepCode] ?? r.step) : null }));
  }

  /** The full personal data of the applicant: shown only on request, and the viewing is audited. */
  async applicant(actor: Actor, caseId: string) {
    const row = await this.findScoped(actor, caseId);
    if (actor.role === 'assessor') {
      // Least privilege: an assessor needs the applicant only to assess them.
      const tasks: unknown[] = await this.db.query(
        `SELECT 1 FROM tasks WHERE case_id = $1 AND step IN ('assessment', 'reassessment') AND region_code LIKE $2 || '%' LIMIT 1`,
        [caseId, actor.regionCode],
      );
      if (tasks.length === 0) {
        throw new ApiError(
          'FORBIDDEN',
          "An assessor sees the applicant's personal data only for cases with an assessment task in their region.",
        );
      }
    }
    const person: Record<string, unknown>[] = await this.db.query(
      `SELECT id_number AS "idNumber", name, sex, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", phone, address, region_code AS "regionCode",
              to_char(death_date, 'YYYY-MM-DD') AS "deathDate", to_char(moved_out_on, 'YYYY-MM-DD') AS "movedOutOn" FROM persons WHERE id = $1`,
      [row.person_id],
    );
    await appendAudit(this.db.manager, {
      eventKey: `personal-data-viewed:${randomUUID()}`,
      actorId: actor.userId,
      actorRole: actor.role,
      actorName: actor.displayName,
      regionCode: row.region_code,
      caseId,
      action: 'personal_data_viewed',
    });
    return person[0];
  }

  async withdraw(actor: Actor, caseId: string, reason: string) {
    await this.findScoped(actor, caseId);
    const handle = this.temporal.workflow.getHandle(caseWorkflowId(caseId));
    await this.updates.run(() => handle.executeUpdate(withdrawUpdate, { args: [{ actor, reason }] }), handle.workflowId);
    return this.get(actor, caseId);
  }

  async registerObjection(actor: Actor, caseId: string, summary: string) {
    await this.findScoped(actor, caseId);
    const handle = this.temporal.workflow.getHandle(caseWorkflowId(caseId));
    await this.updates.run(
      () => handle.executeUpdate(registerObjectionUpdate, { args: [{ objectionId: randomUUID(), actor, summary }] }),
      handle.workflowId,
    );
    return this.get(actor, caseId);
  }
}
