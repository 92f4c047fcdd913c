import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { caseWorkflowId, lifeEventUpdate, OPEN_CASE_STATUSES, type Actor } from '@app/contracts';
import { isBusinessDate, shanghaiDateOf } from '@app/domain/dates';
import { appendAudit } from '@app/persistence';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError } from '../common/api-error.exception';
import { uuidParam } from '../common/uuid.pipe';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { runWorkflowUpdate } from '../temporal/workflow-errors';
import { LifeEventResultView } from './persons.views';

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

@ApiTags('persons')
@ApiBearerAuth()
@Controller('persons')
export class PersonsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

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
    const eventId = randomUUID();
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
    const affected = [];
    for (const c of cases) {
      const state = await runWorkflowUpdate(() =>
        this.temporal.workflow
          .getHandle(caseWorkflowId(c.id))
          .executeUpdate(lifeEventUpdate, { args: [{ eventId, actor, kind: dto.kind, on: dto.on }] }),
      );
      affected.push({ caseId: c.id, caseNo: c.case_no, status: state.status });
    }
    return { personId, kind: dto.kind, on: dto.on, cases: affected };
  }
}
