import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import { IsBoolean, IsInt, IsObject, Max, Min } from 'class-validator';
import type { DataSource } from 'typeorm';
import { caseWorkflowId, requestReassessmentUpdate, type Actor } from '@app/contracts';
import { ASSESSMENT_ITEMS, CAPABILITY_LEVELS, scoreAssessment } from '@app/domain/assessment';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError } from '../common/api-error.exception';
import { uuidParam } from '../common/uuid.pipe';
import { ReasonDto } from '../cases/cases.dto';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import { AssessmentItemsView, AssessmentRecordView, AssessmentScoredView } from './assessments.views';
import { CaseStateView } from '../common/views';

export class AssessmentFormDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Score per item code (26 items of GB/T 42195-2022); see GET /api/assessments/items.',
    example: { eating: 2, grooming: 2 },
  })
  @IsObject()
  items!: Record<string, number>;

  @ApiProperty({ example: false }) @IsBoolean() coma!: boolean;
  @ApiProperty({ example: false }) @IsBoolean() dementia!: boolean;
  @ApiProperty({ example: false }) @IsBoolean() psychiatricDiagnosis!: boolean;

  @ApiProperty({ example: 0, description: 'Care-risk events (fall, choking, self-harm, wandering…) in the last 30 days.' })
  @IsInt()
  @Min(0)
  @Max(100)
  careRiskEvents30d!: number;
}

@ApiTags('assessments')
@ApiBearerAuth()
@Controller()
export class AssessmentsController {
  constructor(
    private readonly updates: WorkflowUpdates,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get('assessments/items')
  @Roles('assessor', 'township_officer', 'county_officer', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The 26 GB/T 42195-2022 items with their score ranges, and the levels by total.' })
  @ApiOkResponse({ type: AssessmentItemsView })
  items() {
    return { items: ASSESSMENT_ITEMS, levels: CAPABILITY_LEVELS };
  }

  @Post('assessments/preview')
  @HttpCode(200)
  @Roles('assessor', 'township_officer', 'county_officer')
  @ApiOperation({
    summary:
      'Computes the total, the level and its adjustments before the assessor submits. Out-of-range scores are a 400 naming the item.',
  })
  @ApiOkResponse({ type: AssessmentScoredView })
  preview(@Body() form: AssessmentFormDto) {
    const scored = scoreAssessment(form);
    if (!scored.ok) {
      throw new ApiError(
        'INVALID_DATA',
        scored.errors.map((e) => e.message).join('; '),
        scored.errors.map((e) => ({ field: `items.${e.item}`, message: e.message })),
      );
    }
    return scored;
  }

  @Get('cases/:id/assessments')
  @Roles('assessor', 'township_officer', 'county_officer', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Assessments recorded on a case, oldest first.' })
  @ApiOkResponse({ type: [AssessmentRecordView] })
  async ofCase(@CurrentActor() actor: Actor, @Param('id', uuidParam()) caseId: string) {
    const found: unknown[] = await this.db.query(`SELECT 1 FROM cases WHERE id = $1 AND region_code LIKE $2 || '%'`, [
      caseId,
      actor.regionCode,
    ]);
    if (found.length === 0) throw ApiError.notFound('Case');
    return this.db.query(
      `SELECT id, to_char(assessed_on, 'YYYY-MM-DD') AS "assessedOn", scale, total, base_level AS "baseLevel", final_level AS "finalLevel",
              adjustments, factors, items FROM assessments WHERE case_id = $1 ORDER BY assessed_on, created_at`,
      [caseId],
    );
  }

  @Post('cases/:id/reassessment')
  @HttpCode(200)
  @Roles('township_officer', 'county_officer')
  @ApiOperation({ summary: "Request a reassessment of a care allowance being paid (the elder's condition changed)." })
  @ApiOkResponse({ type: CaseStateView })
  async requestReassessment(@CurrentActor() actor: Actor, @Param('id', uuidParam()) caseId: string, @Body() dto: ReasonDto) {
    const found: unknown[] = await this.db.query(`SELECT 1 FROM cases WHERE id = $1 AND region_code LIKE $2 || '%'`, [
      caseId,
      actor.regionCode,
    ]);
    if (found.length === 0) throw ApiError.notFound('Case');
    return this.updates.run(() =>
      this.temporal.workflow
        .getHandle(caseWorkflowId(caseId))
        .executeUpdate(requestReassessmentUpdate, { args: [{ requestId: randomUUID(), actor, reason: dto.reason }] }),
    );
  }
}
