import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import { ReasonDto } from '../cases/cases.dto';
import { AssessmentFormDto } from './assessments.dto';
import { AssessmentsService } from './assessments.service';
import { AssessmentItemsView, AssessmentRecordView, AssessmentScoredView } from './assessments.views';
import { CaseStateView } from '../common/views';

@ApiTags('assessments')
@ApiBearerAuth()
@Controller()
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get('assessments/items')
  @Roles('assessor', 'township_officer', 'county_officer', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The 26 GB/T 42195-2022 items with their score ranges, and the levels by total.' })
  @ApiOkResponse({ type: AssessmentItemsView })
  items() {
    return this.assessments.items();
  }

  @Post('assessments/preview')
  @HttpCode(200)
  @Roles('assessor', 'township_officer', 'county_officer')
  @ApiOperation({
    summary:
      'Computes the total, the level and its adjustments before the assessor submits. Out-of-range scores are a 400 naming the item.',
  })
  @ApiOkResponse({ type: AssessmentScoredView })
  preview(@Body() form: AssessmentFormDto) {
    return this.assessments.preview(form);
  }

  @Get('cases/:id/assessments')
  @Roles('assessor', 'township_officer', 'county_officer', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Assessments recorded on a case, oldest first.' })
  @ApiOkResponse({ type: [AssessmentRecordView] })
  ofCase(@CurrentActor() actor: Actor, @Param('id', uuidParam()) caseId: string) {
    return this.assessments.ofCase(actor, caseId);
  }

  @Post('cases/:id/reassessment')
  @HttpCode(200)
  @Roles('township_officer', 'county_officer')
  @ApiOperation({ summary: "Request a reassessment of a care allowance being paid (the elder's condition changed)." })
  @ApiOkResponse({ type: CaseStateView })
  requestReassessment(@CurrentActor() actor: Actor, @Param('id', uuidParam()) caseId: string, @Body() dto: ReasonDto) {
    return this.assessments.requestReassessment(actor, caseId, dto.reason);
  }
}
