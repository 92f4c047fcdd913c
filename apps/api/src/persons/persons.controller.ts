import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { OPEN_CASE_STATUSES, type Actor, type CaseStatus } from '@app/contracts';
import { regionLevelOf } from '@app/domain/access';
import { isBusinessDate, shanghaiDateOf } from '@app/domain/dates';
import { appendAudit } from '@app/persistence';
import { startLifeEventFanOut } from '@app/runtime';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError } from '../common/api-error.exception';
import { uuidParam } from '../common/uuid.pipe';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import { LifeEventResultView, TransferResultView } from './persons.views';

export class LifeEventDto {
  @ApiProperty({ enum: ['death', 'moved_out'], example: 'death' })
  @IsIn(['death', 'moved_out'], { message: 'kind must be one of: death, moved_out' })
  kind!: 'death' | 'moved_out';

  @ApiProperty({ example: '2026-11-15', description: 'Date of death, or the date the household registration left the county.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'on must be a date YYYY-MM-DD' })
  on!: string;

  @ApiPropertyOptional({ example: '死亡医学证明编号 …' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

export class TransferDto {
  @ApiProperty({ example: '370124002', description: 'The township (9 digits) or village (12 digits) that serves the person from now on.' })
  @Matches(/^\d{9}(\d{3})?$/, { message: 'toRegionCode must be a 9-digit township or 12-digit village code' })
  toRegionCode!: string;

  @ApiProperty({ example: '户籍迁入城关街道,经两地协商转移' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

@ApiTags('persons')
@ApiBearerAuth()
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly updates: WorkflowUpdates,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
  ) {}

  /**
   * The serving region moves only here, recorded: an intake elsewhere never changes it. Made by the
   * region that serves the person now (a township releasing them, or the county). Open cases stay
   * with the region that is handling them, so a person with an open case is not transferred until
   * it ends (a case's region is fixed in its workflow).
   */
  @Post(':id/transfer')
  @HttpCode(200)
  @Roles('township_officer', 'county_officer')
  @ApiOperation({
    summary: 'Transfer a person to the region that serves them from now on (audited). Refused while they have an open case.',
  })
  @ApiOkResponse({ type: TransferResultView })
  async transfer(@CurrentActor() actor: Actor, @Param('id', uuidParam()) personId: string, @Body() dto: TransferDto) {
    const region: unknown[] = await this.db.query(`SELECT 1 FROM regions WHERE code = $1`, [dto.toRegionCode]);
    const level = regionLevelOf(dto.toRegionCode);
    if (region.length === 0 || (level !== 'township' && level !== 'village'))
      throw ApiError.field('UNKNOWN_REGION', 'toRegionCode', 'is not a known township or village');
    return this.db.transaction(async (m) => {
      const persons: { region_code: string }[] = await m.query(
        `SELECT region_code FROM persons WHERE id = $1 AND region_code LIKE $2 || '%' FOR UPDATE`,
        [personId, actor.regionCode],
      );
      if (persons.length === 0) throw ApiError.notFound('Person');
      const from = persons[0].region_code;
      if (from === dto.toRegionCode) return { personId, regionCode: from, transferred: false };
      const open: unknown[] = await m.query(`SELECT 1 FROM cases WHERE person_id = $1 AND status = ANY($2) LIMIT 1`, [
        personId,
        OPEN_CASE_STATUSES,
      ]);
      if (open.length > 0) {
        throw new ApiError(
          'CONFLICT',
          '此人尚有进行中的案件，请办结后再转移。(The person has an open case; it stays with its region until it ends.)',
        );
      }
      await m.query(`UPDATE persons SET region_code = $2, updated_at = now() WHERE id = $1`, [personId, dto.toRegionCode]);
      await appendAudit(m, {
        eventKey: `person-transferred:${personId}:${randomUUID()}`,
        actorId: actor.userId,
        actorRole: actor.role,
        actorName: actor.displayName,
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

  @Post(':id/events')
  @HttpCode(200)
  @Roles('township_officer', 'county_officer')
  @ApiOperation({
    summary:
      'Record a death or a move of the household registration out of the county. Open applications close; allowances being paid stop from the next month.',
  })
  @ApiOkResponse({ type: LifeEventResultView })
  async lifeEvent(@CurrentActor() actor: Actor, @Param('id', uuidParam()) personId: string, @Body() dto: LifeEventDto) {
    if (!isBusinessDate(dto.on)) throw ApiError.field('VALIDATION_FAILED', 'on', 'is not a real date');
    if (dto.on > shanghaiDateOf(Date.now())) throw ApiError.field('VALIDATION_FAILED', 'on', 'cannot be in the future');
    const persons: { region_code: string }[] = await this.db.query(
      `SELECT region_code FROM persons WHERE id = $1 AND region_code LIKE $2 || '%'`,
      [personId, actor.regionCode],
    );
    if (persons.length === 0) throw ApiError.notFound('Person');
    // The same fact recorded twice is one event: every case dedups it by this id.
    const eventId = `${personId}:${dto.kind}:${dto.on}`;
    await this.db.transaction(async (m) => {
      const column = dto.kind === 'death' ? 'death_date' : 'moved_out_on';
      await m.query(`UPDATE persons SET ${column} = $2, updated_at = now() WHERE id = $1`, [personId, dto.on]);
      await appendAudit(m, {
        eventKey: `life-event:${eventId}`,
        actorId: actor.userId,
        actorRole: actor.role,
        actorName: actor.displayName,
        regionCode: persons[0].region_code,
        caseId: null,
        action: `person_${dto.kind}`,
        after: { kind: dto.kind, on: dto.on, personId },
        reason: dto.note ?? null,
      });
    });
    const cases: { id: string; case_no: string }[] = await this.db.query(
      `SELECT id, case_no FROM cases WHERE person_id = $1 AND status = ANY($2)`,
      [personId, OPEN_CASE_STATUSES],
    );
    if (cases.length === 0) return { personId, kind: dto.kind, on: dto.on, cases: [] };
    // Delivered by a durable workflow: a case Temporal cannot reach now is retried, not lost.
    const delivered = await this.updates.run(async () => {
      const handle = await startLifeEventFanOut(this.temporal, this.taskQueue, {
        caseIds: cases.map((c) => c.id),
        event: { eventId, actor, kind: dto.kind, on: dto.on },
      });
      return handle.result();
    });
    const finished: { id: string; status: CaseStatus }[] = delivered.some((d) => d.status === null)
      ? await this.db.query('SELECT id, status FROM cases WHERE id = ANY($1)', [cases.map((c) => c.id)])
      : [];
    const affected = cases.map((c) => ({
      caseId: c.id,
      caseNo: c.case_no,
      status: delivered.find((d) => d.caseId === c.id)?.status ?? finished.find((f) => f.id === c.id)!.status,
    }));
    return { personId, kind: dto.kind, on: dto.on, cases: affected };
  }
}
