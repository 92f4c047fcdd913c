import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import { CreateCaseDto, ListCasesQuery, ObjectionDto, ReasonDto } from './cases.dto';
import { CasesService } from './cases.service';
import { ApplicantFullView, CaseDetailView, CasePageView, TimelineEntryView } from './cases.views';

const READERS = ['township_officer', 'county_officer', 'assessor', 'supervisor', 'admin'] as const;
const OFFICERS = ['township_officer', 'county_officer'] as const;

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles(...OFFICERS)
  @ApiOperation({
    summary:
      'Register an application (intake). Starts the case workflow; the first task is acceptance (受理). ' +
      'A 409 CASE_ALREADY_OPEN names the open case (caseId, caseNo) when it is in your region.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retry-safe intake: the same key with the same body returns the same case; with another body, 422 IDEMPOTENCY_KEY_REUSED.',
  })
  @ApiCreatedResponse({ type: CaseDetailView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCaseDto, @Headers('idempotency-key') idempotencyKey?: string) {
    return this.cases.create(actor, dto, idempotencyKey);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Cases in your region subtree, newest first. Personal data masked.' })
  @ApiOkResponse({ type: CasePageView })
  list(@CurrentActor() actor: Actor, @Query() q: ListCasesQuery) {
    return this.cases.list(actor, q);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One case: status, current step, open tasks. 404 outside your region.' })
  @ApiOkResponse({ type: CaseDetailView })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.cases.get(actor, id);
  }

  @Get(':id/timeline')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every recorded action on the case, oldest first (the audit log).' })
  @ApiOkResponse({ type: [TimelineEntryView] })
  timeline(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.cases.timeline(actor, id);
  }

  @Get(':id/applicant')
  @Roles(...OFFICERS, 'assessor')
  @ApiOperation({ summary: "The applicant's full personal data. Each viewing is recorded in the audit log." })
  @ApiOkResponse({ type: ApplicantFullView })
  applicant(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.cases.applicant(actor, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: "Record the applicant's withdrawal. The case stays readable." })
  @ApiOkResponse({ type: CaseDetailView })
  withdraw(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ReasonDto) {
    return this.cases.withdraw(actor, id, dto.reason);
  }

  @Post(':id/objections')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Register an objection during the public notice (公示). Pauses the case until an officer resolves it.' })
  @ApiOkResponse({ type: CaseDetailView })
  objection(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ObjectionDto) {
    return this.cases.registerObjection(actor, id, dto.summary);
  }
}
