import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import { AssignTaskDto, CompleteTaskDto, InboxQuery, ReleaseTaskDto } from './tasks.dto';
import { TasksService } from './tasks.service';
import { CompleteTaskResultView, TaskDetailView, TaskPageView } from './tasks.views';

const READERS = ['township_officer', 'county_officer', 'assessor', 'supervisor', 'admin'] as const;
/** The roles that work tasks (a task's candidate role is one of these). */
const WORKERS = ['township_officer', 'county_officer', 'assessor'] as const;

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'The task inbox: tasks in your region subtree, filtered and paged, soonest deadline first. ' +
      'Returns { items, total, totalCapped, page, pageSize }; counts of completed tasks stop at 1,000 (totalCapped).',
  })
  @ApiOkResponse({ type: TaskPageView })
  list(@CurrentActor() actor: Actor, @Query() q: InboxQuery) {
    return this.tasks.list(actor, q);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One task, with its case, deadline, assignee and outcome. 404 outside your region.' })
  @ApiOkResponse({ type: TaskDetailView })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.tasks.get(actor, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Roles(...WORKERS)
  @ApiOperation({
    summary:
      'Claim an open task of your role: it becomes yours (claiming your own task again changes nothing). 409 CONFLICT if another officer holds it.',
  })
  @ApiOkResponse({ type: TaskDetailView })
  claim(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.tasks.claim(actor, id);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles(...WORKERS, 'supervisor')
  @ApiOperation({ summary: 'Give a claimed task back to the pool. By the officer holding it, or a supervisor over its region.' })
  @ApiOkResponse({ type: TaskDetailView })
  release(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ReleaseTaskDto) {
    return this.tasks.release(actor, id, dto.reason ?? null);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary:
      "Reassign an open task to an active user with the task's role whose region contains the task (else 400 naming userId). The user is notified.",
  })
  @ApiOkResponse({ type: TaskDetailView })
  assign(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: AssignTaskDto) {
    return this.tasks.assign(actor, id, dto);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles('township_officer', 'county_officer', 'assessor')
  @ApiOperation({
    summary: 'Complete a task with an outcome. 409 if the task is already done or the case is at another step; 403 for the wrong role.',
  })
  @ApiOkResponse({ type: CompleteTaskResultView })
  complete(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: CompleteTaskDto) {
    return this.tasks.complete(actor, id, dto);
  }
}
