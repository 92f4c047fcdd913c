import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import { LifeEventDto, TransferDto } from './persons.dto';
import { PersonsService } from './persons.service';
import { LifeEventResultView, TransferResultView } from './persons.views';

@ApiTags('persons')
@ApiBearerAuth()
@Controller('persons')
export class PersonsController {
  constructor(private readonly persons: PersonsService) {}

  /**
   * The serving region moves only here, recorded: an intake elsewhere never changes it. Made by the
   * region that serves the person now (a township releasing them, or the county). Open cases stay
   * with the region that is handling them, so a person with an open case is not transferred until
   * it ends (a case's region is fixed in its workflow).
   */
  @Post(':id/transfer')
  @HttpCode(200)
  @Roles('township_officer', 'county_officer')
  @ApiOperation({
    summary: 'Transfer a person to the region that serves them from now on (audited). Refused while they have an open case.',
  })
  @ApiOkResponse({ type: TransferResultView })
  transfer(@CurrentActor() actor: Actor, @Param('id', uuidParam()) personId: string, @Body() dto: TransferDto) {
    return this.persons.transfer(actor, personId, dto);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Roles('township_officer', 'county_officer')
  @ApiOperation({
    summary:
      'Record a death or a move of the household registration out of the county. Open applications close; allowances being paid stop from the next month.',
  })
  @ApiOkResponse({ type: LifeEventResultView })
  lifeEvent(@CurrentActor() actor: Actor, @Param('id', uuidParam()) personId: string, @Body() dto: LifeEventDto) {
    return this.persons.recordLifeEvent(actor, personId, dto);
  }
}
