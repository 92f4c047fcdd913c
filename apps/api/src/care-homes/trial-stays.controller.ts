import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import { CARE_HOME_READERS } from './care-homes.controller';
import { LeaveTrialDto, TrialStayView } from './care-homes.dto';
import { TrialStaysService } from './trial-stays.service';

@ApiTags('care-homes')
@ApiBearerAuth()
@Controller('trial-stays')
export class TrialStaysController {
  constructor(private readonly stays: TrialStaysService) {}

  @Get(':caseId')
  @Roles(...CARE_HOME_READERS)
  @ApiOperation({
    summary:
      "A trial-stay case's home, bed, trial dates, waiting-list place and the elder's support arrangements. 404 outside your region.",
  })
  @ApiOkResponse({ type: TrialStayView })
  get(@CurrentActor() actor: Actor, @Param('caseId', uuidParam('caseId')) caseId: string) {
    return this.stays.get(actor, caseId);
  }

  @Post(':caseId/leave')
  @HttpCode(200)
  @Roles('township_officer')
  @ApiOperation({
    summary:
      'Record that the elder leaves during the trial period (counts as a voluntary withdrawal). The case closes; the bed goes to the next in line. 409 outside the trial period.',
  })
  @ApiOkResponse({ type: TrialStayView })
  leave(@CurrentActor() actor: Actor, @Param('caseId', uuidParam('caseId')) caseId: string, @Body() dto: LeaveTrialDto) {
    return this.stays.leave(actor, caseId, dto.reason);
  }
}
