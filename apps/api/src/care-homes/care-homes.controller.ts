import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import { BedView, CareHomeView, WaitingListQuery, WaitingListView } from './care-homes.dto';
import { CareHomesService } from './care-homes.service';

export const CARE_HOME_READERS = ['township_officer', 'county_officer', 'supervisor', 'admin'] as const;

@ApiTags('care-homes')
@ApiBearerAuth()
@Controller('care-homes')
export class CareHomesController {
  constructor(private readonly homes: CareHomesService) {}

  @Get()
  @Roles(...CARE_HOME_READERS)
  @ApiOperation({
    summary: 'Care homes in your region subtree with free / reserved / occupied beds (by care level where tracked) and the waiting count.',
  })
  @ApiOkResponse({ type: [CareHomeView] })
  list(@CurrentActor() actor: Actor) {
    return this.homes.list(actor);
  }

  @Get(':id')
  @Roles(...CARE_HOME_READERS)
  @ApiOperation({ summary: 'One care home with its bed counts. 404 outside your region.' })
  @ApiOkResponse({ type: CareHomeView })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.homes.get(actor, id);
  }

  @Get(':id/beds')
  @Roles(...CARE_HOME_READERS)
  @ApiOperation({ summary: "The home's beds: label, care level, status and the case holding each. 404 outside your region." })
  @ApiOkResponse({ type: [BedView] })
  beds(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.homes.beds(actor, id);
  }

  @Get(':id/waiting-list')
  @Roles(...CARE_HOME_READERS)
  @ApiOperation({
    summary:
      "The home's waiting list (入住轮候) in admission order: priority category, then application date, then registration. Personal data masked.",
  })
  @ApiOkResponse({ type: WaitingListView })
  waitingList(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Query() q: WaitingListQuery) {
    return this.homes.waitingList(actor, id, q.status);
  }
}
