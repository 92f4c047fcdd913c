import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { EscalationsQuery, OverdueQuery, StuckCasesQuery, SummaryQuery } from './supervision.dto';
import { SupervisionService } from './supervision.service';
import { EscalationPageView, SummaryView } from './supervision.views';
import { OverduePageView } from '../tasks/tasks.views';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('summary')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Dashboard: open, overdue and due-soon task counts per region (one level below yours), step, assignee or case type, ' +
      'with overdue aging buckets 1-3, 4-7, 8-14 and 15+ days past due (Asia/Shanghai dates).',
  })
  @ApiOkResponse({ type: SummaryView })
  summary(@CurrentActor() actor: Actor, @Query() q: SummaryQuery) {
    return this.supervision.summary(actor, q);
  }

  @Get('overdue')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Drill-down: open tasks past their deadline in your region subtree, most overdue first, paged.' })
  @ApiOkResponse({ type: OverduePageView })
  overdue(@CurrentActor() actor: Actor, @Query() q: OverdueQuery) {
    return this.supervision.overdue(actor, q);
  }

  @Get('escalations')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Escalations addressed to your region subtree (level 1: overdue; 2+: escalated one region up), newest first, paged.',
  })
  @ApiOkResponse({ type: EscalationPageView })
  escalations(@CurrentActor() actor: Actor, @Query() q: EscalationsQuery) {
    return this.supervision.escalations(actor, q);
  }

  @Get('stuck-cases')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Cases the reconciliation job (every 5 minutes) found stuck between PostgreSQL and Temporal — workflow closed or missing, ' +
      'an activity failing past its retry limit, an open task the workflow is not waiting for — each with the reason, paged.',
  })
  stuckCases(@CurrentActor() actor: Actor, @Query() q: StuckCasesQuery) {
    return this.supervision.stuckCases(actor, q);
  }
}
