import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { ROLES, type Actor, type Role, FIELD_PATTERNS_ZH } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { SupervisionService } from './supervision.service';

const WORKER_ROLES = ['township_officer', 'county_officer', 'assessor'] as const;

export class AssigneesQuery {
  @ApiProperty({ enum: WORKER_ROLES, example: 'township_officer', description: "The task's role." })
  @IsIn(WORKER_ROLES, { message: `role must be one of: ${WORKER_ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ example: '370124001001', description: "The task's region: candidates are users whose region contains it." })
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode!: string;
}

export class AssigneeView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '榆山街道经办人' }) displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ example: '乡镇(街道)经办人' }) roleLabel!: string;
  @ApiProperty({ example: '370124001' }) regionCode!: string;
}

/**
 * Who a supervisor may reassign a task to: the active users POST /tasks/:id/assign accepts (the
 * task's role, a region containing the task's). Only for a region within the supervisor's own.
 */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision/assignees')
export class AssigneesController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get()
  @Roles('supervisor')
  @ApiOperation({ summary: 'Users a task of this role and region can be reassigned to (by name). Empty outside your region.' })
  @ApiOkResponse({ type: [AssigneeView] })
  list(@CurrentActor() actor: Actor, @Query() q: AssigneesQuery): Promise<AssigneeView[]> {
    return this.supervision.assignees(actor, q.role, q.regionCode);
  }
}
