import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { ROLES, ROLE_LABELS, type Actor, type Role } from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import { CurrentActor, Roles } from '../auth/auth.decorators';

const WORKER_ROLES = ['township_officer', 'county_officer', 'assessor'] as const;

export class AssigneesQuery {
  @ApiProperty({ enum: WORKER_ROLES, example: 'township_officer', description: "The task's role." })
  @IsIn(WORKER_ROLES, { message: `role must be one of: ${WORKER_ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ example: '370124001001', description: "The task's region: candidates are users whose region contains it." })
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: 'regionCode must be a 6-, 9- or 12-digit region code' })
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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @Roles('supervisor')
  @ApiOperation({ summary: 'Users a task of this role and region can be reassigned to (by name). Empty outside your region.' })
  @ApiOkResponse({ type: [AssigneeView] })
  async list(@CurrentActor() actor: Actor, @Query() q: AssigneesQuery): Promise<AssigneeView[]> {
    if (!isWithinRegion(actor.regionCode, q.regionCode)) return [];
    const rows: { id: string; display_name: string; role: Role; region_code: string }[] = await this.db.query(
      `SELECT id, display_name, role, region_code FROM users
        WHERE active AND role = $1 AND $2 LIKE region_code || '%' ORDER BY display_name`,
      [q.role, q.regionCode],
    );
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      role: r.role,
      roleLabel: ROLE_LABELS[r.role],
      regionCode: r.region_code,
    }));
  }
}
