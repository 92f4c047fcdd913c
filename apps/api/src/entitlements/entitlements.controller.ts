import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { PageQuery } from '../common/page-query.dto';
import { uuidParam } from '../common/uuid.pipe';
import { EntitlementsService } from './entitlements.service';
import { EntitlementDetailView, EntitlementPageView, PlanView } from './entitlements.views';

export class ListEntitlementsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() personId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional({ enum: ['active', 'ended'] }) @IsOptional() @IsIn(['active', 'ended']) status?: string;
}

const READERS = ['township_officer', 'county_officer', 'supervisor', 'admin'] as const;

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller()
export class EntitlementsController {
  constructor(private readonly entitlements: EntitlementsService) {}

  @Get('entitlements')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Entitlements in your region: person, type, start and end month, status.' })
  @ApiOkResponse({ type: EntitlementPageView })
  list(@CurrentActor() actor: Actor, @Query() q: ListEntitlementsQuery) {
    return this.entitlements.list(actor, q);
  }

  @Get('entitlements/:id')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'One entitlement: monthly amounts with the rule, policy version and dates behind each, and every revision with its reason.',
  })
  @ApiOkResponse({ type: EntitlementDetailView })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.entitlements.get(actor, id);
  }

  @Get('cases/:id/plan')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "What the case's allowance would pay under its policy version today, explained month by month (before approval: what the county would approve).",
  })
  @ApiOkResponse({ type: PlanView })
  plan(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.entitlements.plan(actor, id);
  }

  @Get('cases/:id/entitlement')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The entitlement of an approved case.' })
  @ApiOkResponse({ type: EntitlementDetailView })
  ofCase(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.entitlements.get(actor, id, 'case');
  }
}
