import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FIELD_PROBLEMS_ZH, type Actor } from '@app/contracts';
import { shanghaiDateOf } from '@app/domain/dates';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError } from '../common/api-error.exception';
import { uuidParam } from '../common/uuid.pipe';
import { CreatePolicyDto, PolicyQuery } from './policies.dto';
import { PoliciesService } from './policies.service';
import { PolicyDetailView, PolicyView } from './policies.views';

const READERS = ['township_officer', 'county_officer', 'assessor', 'supervisor', 'admin'] as const;

@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Policy versions that can apply in your region (ancestors and subtree).' })
  @ApiOkResponse({ type: [PolicyView] })
  list(@CurrentActor() actor: Actor, @Query() q: PolicyQuery) {
    return this.policies.list(actor, q);
  }

  @Get('in-force')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The version an application of this type in this region on this date would use.' })
  @ApiOkResponse({ type: PolicyDetailView })
  inForce(@CurrentActor() actor: Actor, @Query() q: PolicyQuery) {
    if (!q.caseType) throw ApiError.field('VALIDATION_FAILED', 'caseType', FIELD_PROBLEMS_ZH.required);
    return this.policies.inForce(actor, q.caseType, q.regionCode ?? actor.regionCode, q.on ?? shanghaiDateOf(Date.now()));
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One policy version with its full body.' })
  @ApiOkResponse({ type: PolicyDetailView })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.policies.get(actor, id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Publish a new policy version for a region from a date. Refused with the field named if the workflows could not run it.',
  })
  @ApiCreatedResponse({ type: PolicyDetailView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePolicyDto) {
    return this.policies.create(actor, dto);
  }
}
