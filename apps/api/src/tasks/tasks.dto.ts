import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DueWithinHours, DueWithinWorkingDays } from '../common/due-soon';
import { PageQuery } from '../common/page-query.dto';
import { CASE_TYPES, type CaseType, FIELD_PATTERNS_ZH } from '@app/contracts';
import { STEP_CODES, type StepCode } from '@app/domain/policy';

export class CompleteTaskDto {
  @ApiProperty({ enum: STEP_CODES, example: 'acceptance', description: 'The step you are completing; refused if the case is elsewhere.' })
  @IsIn(STEP_CODES, { message: `step must be one of: ${STEP_CODES.join(', ')}` })
  step!: string;

  @ApiProperty({ example: 'accept', description: 'Allowed outcomes depend on the step (e.g. acceptance: accept, reject, return).' })
  @IsString()
  @Length(1, 32)
  outcome!: string;

  @ApiPropertyOptional({ example: '材料齐全,予以受理', description: 'Required as the reason for reject, return and similar outcomes.' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Step findings, e.g. the home visit or the assessment form.',
    example: { homeVisit: { visitedOn: '2026-11-20', staff: 2, findings: '家庭情况属实' } },
  })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}

export const INBOX_SCOPES = ['mine', 'role', 'all'] as const;
export type InboxScope = (typeof INBOX_SCOPES)[number];
export const TASK_STATUSES = ['open', 'completed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const INBOX_SORTS = ['dueAt', '-dueAt', 'createdAt', '-createdAt'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
const BOOLEAN_STRINGS = ['true', 'false'] as const;
const REGION_CODE = /^\d{6}(\d{3}){0,2}$/;

/** Filters every task list shares: a region subtree, a case type, a step. */
export class TaskFilterQuery extends PageQuery {
  @ApiPropertyOptional({ example: '370124001', description: 'Narrow to a region subtree (within yours; outside it the list is empty).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode?: string;

  @ApiPropertyOptional({ enum: STEP_CODES, example: 'review' })
  @IsOptional()
  @IsIn(STEP_CODES, { message: `step must be one of: ${STEP_CODES.join(', ')}` })
  step?: StepCode;

  @ApiPropertyOptional({ enum: CASE_TYPES, example: 'hardship-allowance' })
  @IsOptional()
  @IsIn(CASE_TYPES, { message: `caseType must be one of: ${CASE_TYPES.join(', ')}` })
  caseType?: CaseType;
}

export class InboxQuery extends TaskFilterQuery {
  @ApiPropertyOptional({
    enum: INBOX_SCOPES,
    example: 'role',
    description:
      'mine: assigned to me; role: for my role and unassigned or mine; all: everything in my region. Default: all for supervisors and admins, role otherwise.',
  })
  @IsOptional()
  @IsIn(INBOX_SCOPES, { message: `scope must be one of: ${INBOX_SCOPES.join(', ')}` })
  scope?: InboxScope;

  @ApiPropertyOptional({ enum: TASK_STATUSES, default: 'open', example: 'open' })
  @IsOptional()
  @IsIn(TASK_STATUSES, { message: `status must be one of: ${TASK_STATUSES.join(', ')}` })
  status?: TaskStatus;

  @ApiPropertyOptional({
    enum: BOOLEAN_STRINGS,
    example: 'true',
    description: 'Open tasks: past their deadline now. Completed tasks: completed after their deadline.',
  })
  @IsOptional()
  @IsIn(BOOLEAN_STRINGS, { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: BOOLEAN_STRINGS,
    example: 'true',
    description: 'Not yet overdue, and due within the window (dueWithinHours, default 48, or dueWithinWorkingDays).',
  })
  @IsOptional()
  @IsIn(BOOLEAN_STRINGS, { message: 'dueSoon must be true or false' })
  dueSoon?: 'true' | 'false';

  @DueWithinHours()
  dueWithinHours?: number;

  @DueWithinWorkingDays()
  dueWithinWorkingDays?: number;

  @ApiPropertyOptional({
    enum: INBOX_SORTS,
    example: 'dueAt',
    description: 'A leading "-" sorts descending. Default: dueAt for open tasks, -dueAt for completed ones.',
  })
  @IsOptional()
  @IsIn(INBOX_SORTS, { message: `sort must be one of: ${INBOX_SORTS.join(', ')}` })
  sort?: InboxSort;
}

export class AssignTaskDto {
  @ApiProperty({
    example: '5b0e8a52-3f5c-4b7e-9a51-2f8d7c1e0a11',
    description: 'An active user with the task’s role whose region contains the task.',
  })
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId!: string;

  @ApiProperty({ example: '原经办人休假,改由本人办理', description: 'Why the task is reassigned; recorded in the audit log.' })
  @IsString({ message: 'reason must be a string' })
  @Length(1, 1000, { message: 'reason must be 1 to 1000 characters' })
  reason!: string;
}

export class ReleaseTaskDto {
  @ApiPropertyOptional({ example: '转交他人办理', description: 'Why the task is released; recorded in the audit log.' })
  @IsOptional()
  @IsString({ message: 'reason must be a string' })
  @Length(1, 1000, { message: 'reason must be 1 to 1000 characters' })
  reason?: string;
}

export { PageQuery };
