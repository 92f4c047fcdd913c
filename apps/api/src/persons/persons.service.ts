import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { FIELD_PROBLEMS_ZH, OPEN_CASE_STATUSES, type Actor, type CaseStatus } from '@app/contracts';
import { regionLevelOf } from '@app/domain/access';
import { isBusinessDate, shanghaiDateOf } from '@app/domain/dates';
import { AuditRepository, FanOutOutboxRepository, PersonsRepository } from '@app/persistence';
import { lifeEventFanOutWorkflowId, startLifeEventFanOut } from '@app/runtime';
import { ApiError } from '../common/api-error.exception';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import type { LifeEventDto, TransferDto } from './persons.dto';

@Injectable()
export class PersonsService {
  constructor(
    private readonly updates: WorkflowUpdates,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
  ) {}

  /** Moves the person's serving region (see the controller), refused while they have an open case. */
  async transfer(actor: Actor, personId: string, dto: TransferDto) {
    const level = regionLevelOf(dto.toRegionCode);
    const known = await new PersonsRepository(this.db).regionExists(dto.toRegionCode);
    if (!known || (level !== 'township' && level !== 'village'))
      throw ApiError.field('UNKNOWN_REGION', 'toRegionCode', FIELD_PROBLEMS_ZH.unknownTownshipOrVillage);
    return this.db.transaction(async (m) => {
      const persons = new PersonsRepository(m);
      const from = await persons.regionWithin(personId, actor.regionCode, true);
      if (from === null) throw ApiError.notFound('Person');
      if (from === dto.toRegionCode) return { personId, regionCode: from, transferred: false };
      if (await persons.hasOpenCase(personId, OPEN_CASE_STATUSES)) {
        throw new ApiError(
          'CONFLICT',
          '此人尚有进行中的案件，请办结后再转移。(The person has an open case; it stays with its region until it ends.)',
        );
      }
      await persons.moveTo(personId, dto.toRegionCode);
      await new AuditRepository(m).record(actor, {
        eventKey: `person-transferred:${personId}:${randomUUID()}`,
        regionCode: from,
        caseId: null,
        action: 'person_transferred',
        before: { personId, regionCode: from },
        after: { personId, regionCode: dto.toRegionCode },
        reason: dto.reason,
      });
      return { personId, regionCode: dto.toRegionCode, transferred: true };
    });
  }

  /** Records a death or a move out of the county, and delivers it to the person's open cases. */
  async recordLifeEvent(actor: Actor, personId: string, dto: LifeEventDto) {
    if (!isBusinessDate(dto.on)) throw ApiError.field('VALIDATION_FAILED', 'on', FIELD_PROBLEMS_ZH.notARealDate);
    if (dto.on > shanghaiDateOf(Date.now())) throw ApiError.field('VALIDATION_FAILED', 'on', FIELD_PROBLEMS_ZH.inTheFuture);
    const persons = new PersonsRepository(this.db);
    const region = await persons.regionWithin(personId, actor.regionCode);
    if (region === null) throw ApiError.notFound('Person');
    // The same fact recorded twice is one event: every case dedups it by this id.
    const eventId = `${personId}:${dto.kind}:${dto.on}`;
    const event = { eventId, actor, kind: dto.kind, on: dto.on };
    const cases = await this.db.transaction(async (m) => {
      const inTx = new PersonsRepository(m);
      await inTx.recordLifeEvent(personId, dto.kind, dto.on);
      await new AuditRepository(m).record(actor, {
        eventKey: `life-event:${eventId}`,
        regionCode: region,
        caseId: null,
        action: `person_${dto.kind}`,
        after: { kind: dto.kind, on: dto.on, personId },
        reason: dto.note ?? null,
      });
      const open = await inTx.openCases(personId, OPEN_CASE_STATUSES);
      // In the outbox with the event: if Temporal cannot take the start now, the worker's sweep starts it.
      if (open.length > 0) {
        await new FanOutOutboxRepository(m).record(lifeEventFanOutWorkflowId(eventId), { caseIds: open.map((c) => c.id), event });
      }
      return open;
    });
    if (cases.length === 0) return { personId, kind: dto.kind, on: dto.on, cases: [] };
    // Delivered by a durable workflow: a case Temporal cannot reach now is retried, not lost.
    const delivered = await this.updates.run(async () => {
      const handle = await startLifeEventFanOut(this.temporal, this.taskQueue, { caseIds: cases.map((c) => c.id), event }, this.db);
      return handle.result();
    });
    const finished = delivered.some((d) => d.status === null) ? await persons.caseStatuses(cases.map((c) => c.id)) : [];
    const affected = cases.map((c) => ({
      caseId: c.id,
      caseNo: c.case_no,
      status: delivered.find((d) => d.caseId === c.id)?.status ?? (finished.find((f) => f.id === c.id)!.status as CaseStatus),
    }));
    return { personId, kind: dto.kind, on: dto.on, cases: affected };
  }
}
