import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CASE_TYPES, FINDING_KINDS, type CaseType, type FindingKind, FIELD_PATTERNS_ZH } from '@app/contracts';
import { DueWithinHours, DueWithinWorkingDays } from '../common/due-soon';
import { PageQuery } from '../common/page-query.dto';
import { TaskFilterQuery } from '../tasks/tasks.dto';

export const SUMMARY_GROUPS = ['region', 'step', 'assignee', 'caseType'] as const;
export type SummaryGroup = (typeof SUMMARY_GROUPS)[number];
const REGION_CODE = /^\d{6}(\d{3}){0,2}$/;

export class SummaryQuery {
  @ApiPropertyOptional({
    enum: SUMMARY_GROUPS,
    default: 'region',
    example: 'region',
    description:
      'region: the regions one level below yours (or below regionCode); a township also shows tasks registered at the township itself.',
  })
  @IsOptional()
  @IsIn(SUMMARY_GROUPS, { message: `groupBy must be one of: ${SUMMARY_GROUPS.join(', ')}` })
  groupBy?: SummaryGroup;

  @ApiPropertyOptional({ example: '370124001', description: 'Narrow to a region subtree (within yours; outside it the summary is empty).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode?: string;

  @ApiPropertyOptional({ enum: CASE_TYPES, example: 'care-allowance' })
  @IsOptional()
  @IsIn(CASE_TYPES, { message: `caseType must be one of: ${CASE_TYPES.join(', ')}` })
  caseType?: CaseType;

  @DueWithinHours()
  dueWithinHours?: number;

  @DueWithinWorkingDays()
  dueWithinWorkingDays?: number;
}

/** The overdue drill-down takes the same region, case type and step filters as the inbox. */
export class OverdueQuery extends TaskFilterQuery {}

export class EscalationsQuery extends PageQuery {
  @ApiPropertyOptional({
    example: '370124001',
    description: 'Escalations addressed to this region subtree (within yours; outside it the list is empty).',
  })
  @IsOptional()
  @Matches(REGION_CODE, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10,
    example: 1,
    description: '1: overdue (to the township); 2 and up: escalated one region higher.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'level must be an integer' })
  @Min(1, { message: 'level must be at least 1' })
  @Max(10, { message: 'level must not exceed 10' })
  level?: number;
}

export class StuckCasesQuery extends PageQuery {
  @ApiPropertyOptional({ example: '370124001', description: 'Narrow to a region subtree (within yours; outside it the list is empty).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode?: string;

  @ApiPropertyOptional({ enum: FINDING_KINDS, example: 'activity_retrying' })
  @IsOptional()
  @IsIn(FINDING_KINDS, { message: `kind must be one of: ${FINDING_KINDS.join(', ')}` })
  kind?: FindingKind;
}
