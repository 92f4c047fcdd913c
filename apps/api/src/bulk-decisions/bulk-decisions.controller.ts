import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { BULK_MAX_ITEMS, BulkCompleteDto } from './bulk-decisions.dto';
import { BulkDecisionsService } from './bulk-decisions.service';
import { BulkCompleteResultView } from './bulk-decisions.views';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class BulkDecisionsController {
  constructor(private readonly bulk: BulkDecisionsService) {}

  @Post('bulk-complete')
  @HttpCode(200)
  @Roles('township_officer', 'county_officer', 'assessor')
  @ApiOperation({
    summary:
      `Complete up to ${BULK_MAX_ITEMS} tasks, each exactly as POST /api/tasks/{id}/complete would (same checks, audit and deadline), ` +
      'a few at a time. Answers 200 with one result per item (completed / refused with its code / pending); a refused task never stops the others.',
  })
  @ApiOkResponse({ type: BulkCompleteResultView })
  complete(@CurrentActor() actor: Actor, @Body() dto: BulkCompleteDto) {
    return this.bulk.complete(actor, dto);
  }
}
