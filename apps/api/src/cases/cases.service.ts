import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import {
  newCaseInput,
  CASE_STATUS_LABELS,
  CASE_TYPE_LABELS,
  FIELD_PROBLEMS_ZH,
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
import {
  AuditRepository,
  CasesRepository,
  isUniqueViolation,
  openTaskRow,
  PersonsRepository,
  PoliciesRepository,
  type CaseRow as StoredCaseRow,
  type PolicyVersion,
  workflowPolicyOf,
} from '@app/persistence';
import { ensureCaseWorkflow, JsonLogger, startCaseWorkflow } from '@app/runtime';
import { CalendarProvider } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import type { CreateCaseDto, ListCasesQuery } from './cases.dto';

type CaseRow = StoredCaseRow & { case_type: CaseType; status: CaseStatus };

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
      throw ApiError.field('VALIDATION_FAILED', 'Idempotency-Key', '应为 1 至 128 个字符(字母、数字或 - _ . :)');
    }
    const detailProblems = freeFormDataProblems(dto.details, CASE_DETAILS_BOUNDS, 'details');
    if (detailProblems.length > 0) {
      throw new ApiError('VALIDATION_FAILED', detailProblems.map((p) => `${p.field}: ${p.message}`).join('; '), detailProblems);
    }
    const id = parseResidentId(dto.applicant.idNumber, shanghaiDateOf(Date.now()));
    if (!id.ok) throw ApiError.field('INVALID_ID_NUMBER', 'applicant.idNumber', id.message);
    if (dto.applicant.birthDate && dto.applicant.birthDate !== id.value.birthDate) {
      throw ApiError.field('BIRTH_DATE_MISMATCH', 'applicant.birthDate', '与身份证号码中的出生日期不一致');
    }
    if (!isWithinRegion(actor.regionCode, dto.regionCode)) {
      throw ApiError.field('UNKNOWN_REGION', 'regionCode', FIELD_PROBLEMS_ZH.notYourRegion);
    }
    const level = regionLevelOf(dto.regionCode);
    const today = shanghaiDateOf(Date.now());
    const appliedOn = dto.appliedOn ?? today;
    // The region, the policy in force and (when intake writes the first task) the holiday calendar
    // are read at once; the refusals below keep their order.
    const [known, policyFound, calendar] = await Promise.all([
      new PersonsRepository(this.db).regionExists(dto.regionCode),
      appliedOn > today ? null : new PoliciesRepository(this.db.manager).inForce(dto.caseType, dto.regionCode, appliedOn),
      FIRST_TASK_AT_INTAKE[dto.caseType] ? this.calendars.calendar() : undefined,
    ]);
    if (!known || (level !== 'township' && level !== 'village')) {
      throw ApiError.field('UNKNOWN_REGION', 'regionCode', FIELD_PROBLEMS_ZH.unknownTownshipOrVillage);
    }
    if (appliedOn > today) throw ApiError.field('VALIDATION_FAILED', 'appliedOn', FIELD_PROBLEMS_ZH.inTheFuture);
    const policy = this.policyOrRefusal(policyFound, dto.caseType, appliedOn);

    const caseId = randomUUID();
    // The first task is written with the case, so the answer includes it without waiting for the
    // workflow (which adopts it); its deadline is counted before the transaction takes a connection.
    const first = FIRST_TASK_AT_INTAKE[dto.caseType] ? firstTaskOf(policy.body) : null;
    const openedAt = new Date();
    const due = first ? await this.calendars.deadline(openedAt, first.deadline, calendar) : null;
    const firstTaskId = randomUUID();
    const replayed = await this.db.transaction(async (m) => {
      // A retried request (same key, same body) gets the case the first one created.
      const earlier = idempotencyKey ? await this.claimIdempotencyKey(m, actor, idempotencyKey, dto, caseId) : null;
      if (earlier) return earlier;
      if (dto.caseType === 'trial-stay') await this.checkTrialStayDetails(m, dto, policy.body);
      const person = await this.registerPerson(m, actor, dto, id.value.birthDate, id.value.sex, id.value.id);
      // A person this transaction has just created has no case yet: nothing to look up.
      if (!person.created) await this.assertNoOpenCase(m, actor, person.id, dto.caseType);
      try {
        // The case, its number and its audit entry: one statement.
        await new CasesRepository(m).insertApplied(
          {
            id: caseId,
            caseType: dto.caseType,
            personId: person.id,
            regionCode: dto.regionCode,
            policyId: policy.id,
            policyVersion: policy.version,
            appliedOn,
            details: dto.details ?? {},
            createdBy: actor.userId,
          },
          actor,
          {
            eventKey: `case-created:${caseId}`,
            // The same instant as the first task's opening, which follows it (the timeline orders by time, then id).
            at: openedAt,
            step: 'acceptance',
            action: 'case_created',
            // With the case number the statement draws.
            after: { caseType: dto.caseType, appliedOn, policyId: policy.id, policyVersion: policy.version },
          },
        );
      } catch (err) {
        // Not expected (the person row is locked above), but never a 500: the transaction is aborted, so no details.
        if (isUniqueViolation(err, 'cases_one_open_per_person_type')) {
          throw new ApiError('CASE_ALREADY_OPEN', `This person already has an open ${CASE_TYPE_LABELS[dto.caseType]} case.`);
        }
        throw err;
      }
      if (first && due) {
        await openTaskRow(m, {
          taskId: firstTaskId,
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
    if (replayed) return this.answerReplayed(actor, replayed);
    // What the workflow starts with is what this request has just written: nothing to read back.
    const input = newCaseInput({
      caseId,
      caseType: dto.caseType,
      regionCode: dto.regionCode,
      appliedOn,
      policy: workflowPolicyOf(policy),
      ...(first && due
        ? {
            firstTask: {
              taskId: firstTaskId,
              step: first.step,
              candidateRole: first.role,
              openedAt: openedAt.toISOString(),
              dueAt: due.dueAt,
              dueDate: due.dueDate,
            },
          }
        : {}),
    });
    // The answer is read while the workflow starts.
    const [answer] = await Promise.all([
      this.get(actor, caseId),
      this.startWorkflow(caseId, async () => {
        const { recorded } = await startCaseWorkflow(this.temporal, this.db, this.taskQueue, input);
        recorded.catch((err: unknown) =>
          this.log.write('warn', 'case workflow started but not recorded as started; the sweep will', { caseId, err }),
        );
      }),
    ]);
    return answer;
  }

  /** A retried intake (same key, same body): the case the first request created, its workflow started if that was cut off. */
  private async answerReplayed(actor: Actor, caseId: string) {
    if (await new CasesRepository(this.db).workflowUnstarted(caseId)) {
      await this.startWorkflow(caseId, () => ensureCaseWorkflow(this.temporal, this.db, this.taskQueue, caseId));
    }
    return this.get(actor, caseId);
  }

  /**
   * Starts the case's workflow, bounded: with Temporal down, intake still answers (the case is
   * recorded) within seconds, and the worker's sweep starts the workflow when Temporal is reachable.
   */
  private async startWorkflow(caseId: string, start: () => Promise<void>): Promise<void> {
    try {
      await this.temporal.connection.withDeadline(Date.now() + 5000, start);
    } catch (err) {
      this.log.write('warn', 'case workflow not started at intake; the sweep will retry', { caseId, err });
    }
  }

  /** A request names a care home of the applicant's county and a waiting-list category of the policy. */
  private async checkTrialStayDetails(m: EntityManager, dto: CreateCaseDto, policy: CasePolicy): Promise<void> {
    const parsed = parseTrialStayDetails(dto.details ?? {}, trialStayRules(policy).priorityCategories);
    if (!parsed.ok) {
      const fields = parsed.problems.map((p) => ({ field: p.split(':')[0], message: p.slice(p.indexOf(':') + 1).trim() }));
      throw new ApiError('VALIDATION_FAILED', parsed.problems.join('; '), fields);
    }
    const inCounty = await new CasesRepository(m).careHomeWithin(parsed.value.careHomeId, dto.regionCode.slice(0, 6));
    if (!inCounty) throw ApiError.field('VALIDATION_FAILED', 'details.careHomeId', '不是申请人所在县的供养机构');
  }

  private policyOrRefusal(policy: PolicyVersion | null, caseType: CaseType, on: string): PolicyVersion {
    if (!policy) throw new ApiError('POLICY_NOT_FOUND', `No ${CASE_TYPE_LABELS[caseType]} policy is in force for this region on ${on}.`);
    return policy;
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
    const earlier = await new CasesRepository(m).claimIdempotencyKey(actor.userId, key, hash, caseId);
    if (!earlier) return null;
    if (earlier.request_hash !== hash) {
      throw new ApiError(
        'IDEMPOTENCY_KEY_REUSED',
        'Idempotency-Key 已用于另一份不同的申请：重试请用原请求内容，新申请请用新的 Key。(This key was used for a different request.)',
        [{ field: 'Idempotency-Key', message: '已用于另一份内容不同的申请' }],
      );
    }
    return earlier.case_id;
  }

  /**
   * The applicant's person record: created if new (ON CONFLICT, so parallel intakes of one new
   * person make one row and no unique-violation error), otherwise locked for this intake. A person
   * served by a region outside the caller's subtree is neither changed nor described: the answer is
   * the same whatever name was given, so it cannot be used to guess it. Phone and address given for
   * a person the caller serves update the record, audited. `created`: the row is this intake's.
   */
  private async registerPerson(
    m: EntityManager,
    actor: Actor,
    dto: CreateCaseDto,
    birthDate: string,
    sex: string,
    idNumber: string,
  ): Promise<{ id: string; created: boolean }> {
    const persons = new PersonsRepository(m);
    const inserted = await persons.insertIfNew({
      idNumber,
      name: dto.applicant.name,
      sex,
      birthDate,
      phone: dto.applicant.phone ?? null,
      address: dto.applicant.address ?? null,
      regionCode: dto.regionCode,
    });
    if (inserted) return { id: inserted, created: true };
    const found = await persons.lockByIdNumber(idNumber);
    // Inserted by a concurrent intake that has not committed: ON CONFLICT waited for it, so it is there.
    if (!found) throw new Error('person row vanished during intake');
    if (!isWithinRegion(actor.regionCode, found.region_code)) {
      throw new ApiError(
        'PERSON_SERVED_ELSEWHERE',
        '该身份证号的人员由其他地区服务。请由现服务地区(或县级)办理人员转移后再受理。(This person is served by another region: transfer them first.)',
      );
    }
    if (found.name !== dto.applicant.name) {
      throw ApiError.field('NAME_MISMATCH', 'applicant.name', '与该身份证号码已登记的姓名不一致');
    }
    const changed = (['phone', 'address'] as const).filter((f) => dto.applicant[f] !== undefined && dto.applicant[f] !== found[f]);
    if (changed.length > 0) {
      await persons.updateContact(found.id, dto.applicant.phone ?? null, dto.applicant.address ?? null);
      await new AuditRepository(m).record(actor, {
        eventKey: `person-updated:${found.id}:${randomUUID()}`,
        regionCode: found.region_code,
        caseId: null,
        action: 'person_updated',
        // Which fields changed, not their values: the audit log is read more widely than the record.
        after: { personId: found.id, fields: changed, via: 'intake' },
      });
    }
    return { id: found.id, created: false };
  }

  /** One open case per person and type: 409 naming the case when the caller may see it, nothing about it otherwise. */
  private async assertNoOpenCase(m: EntityManager, actor: Actor, personId: string, caseType: CaseType): Promise<void> {
    const open = await new CasesRepository(m).openOf(personId, caseType, OPEN_CASE_STATUSES);
    if (!open) return;
    if (isWithinRegion(actor.regionCode, open.region_code)) {
      throw new ApiError('CASE_ALREADY_OPEN', `This person already has an open ${CASE_TYPE_LABELS[caseType]} case (${open.case_no}).`, [], {
        caseId: open.id,
        caseNo: open.case_no,
      });
    }
    throw new ApiError(
      'CASE_ALREADY_OPEN',
      `This person already has an open ${CASE_TYPE_LABELS[caseType]} case, handled by another region.`,
    );
  }

  private async findScoped(actor: Actor, caseId: string): Promise<CaseRow> {
    const row = await new CasesRepository(this.db).findWithin(caseId, actor.regionCode);
    if (!row) throw ApiError.notFound('Case');
    return row as CaseRow;
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
    const tasks = await new CasesRepository(this.db).openTasks(caseId);
    return { ...this.present(row), openTasks: tasks.map((t) => ({ ...t, stepLabel: STEP_LABELS[t.step as StepCode] ?? t.step })) };
  }

  async list(actor: Actor, q: ListCasesQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const scope = q.regionCode && isWithinRegion(actor.regionCode, q.regionCode) ? q.regionCode : actor.regionCode;
    if (q.regionCode && !isWithinRegion(actor.regionCode, q.regionCode)) return { items: [], total: 0, page, pageSize };
    const { rows, total } = await new CasesRepository(this.db).page(
      { scope, caseType: q.caseType, status: q.status },
      pageSize,
      (page - 1) * pageSize,
    );
    return { items: rows.map((r) => this.present(r as CaseRow)), total, page, pageSize };
  }

  async timeline(actor: Actor, caseId: string) {
    await this.findScoped(actor, caseId);
    const rows = await new AuditRepository(this.db).ofCase(caseId);
    return rows.map((r) => ({ ...r, stepLabel: r.step ? (STEP_LABELS[r.step as StepCode] ?? r.step) : null }));
  }

  /** The full personal data of the applicant: shown only on request, and the viewing is audited. */
  async applicant(actor: Actor, caseId: string) {
    const row = await this.findScoped(actor, caseId);
    if (actor.role === 'assessor') {
      // Least privilege: an assessor needs the applicant only to assess them.
      if (!(await new CasesRepository(this.db).hasAssessmentTaskWithin(caseId, actor.regionCode))) {
        throw new ApiError(
          'FORBIDDEN',
          "An assessor sees the applicant's personal data only for cases with an assessment task in their region.",
        );
      }
    }
    const person = await new PersonsRepository(this.db).personalData(row.person_id);
    await new AuditRepository(this.db.manager).record(actor, {
      eventKey: `personal-data-viewed:${randomUUID()}`,
      regionCode: row.region_code,
      caseId,
      action: 'personal_data_viewed',
    });
    return person;
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
