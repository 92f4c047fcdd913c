import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import {
  AddBedDto,
  BedServiceDto,
  BedView,
  CareHomeView,
  CreateCareHomeDto,
  UpdateCareHomeDto,
  WaitingListQuery,
  WaitingListView,
} from './care-homes.dto';
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

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Register a care home in a region you administer (audited). 400 UNKNOWN_REGION outside it; 409 if the name is used in that region.',
  })
  @ApiCreatedResponse({ type: CareHomeView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCareHomeDto) {
    return this.homes.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: "Change a home's name, address or care-level tracking (audited, before and after). 404 outside your region." })
  @ApiOkResponse({ type: CareHomeView })
  update(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: UpdateCareHomeDto) {
    return this.homes.update(actor, id, dto);
  }

  @Post(':id/beds')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a free bed to a home (audited). 409 if the label is used in the home; 404 outside your region.' })
  @ApiCreatedResponse({ type: BedView })
  addBed(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: AddBedDto) {
    return this.homes.addBed(actor, id, dto);
  }

  @Post(':id/beds/:bedId/out-of-service')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Take a free bed out of service (never offered again until back). 409 BED_IN_USE if reserved or occupied. Idempotent.',
  })
  @ApiOkResponse({ type: BedView })
  outOfService(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Param('bedId', uuidParam()) bedId: string,
    @Body() dto: BedServiceDto,
  ) {
    return this.homes.setInService(actor, id, bedId, false, dto);
  }

  @Post(':id/beds/:bedId/in-service')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Put an out-of-service bed back into service as free. Idempotent; 404 outside your region.' })
  @ApiOkResponse({ type: BedView })
  inService(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Param('bedId', uuidParam()) bedId: string,
    @Body() dto: BedServiceDto,
  ) {
    return this.homes.setInService(actor, id, bedId, true, dto);
  }

  @Delete(':id/beds/:bedId')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Delete a bed registered by mistake. 409 BED_IN_USE if it holds or ever held a stay or an offer (take it out of service instead).',
  })
  @ApiNoContentResponse()
  deleteBed(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('bedId', uuidParam()) bedId: string) {
    return this.homes.deleteBed(actor, id, bedId);
  }
}
