import { ApiProperty } from '@nestjs/swagger';
import { CASE_TYPES, type CaseType } from '@app/contracts';
import { MaskedPersonView, PolicyRefView } from '../common/views';

export class PlanSegmentView {
  @ApiProperty({ example: '2026-12', description: 'First month of the segment (YYYY-MM).' }) from!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Last paid month, inclusive; null: open-ended.' }) to!: string | null;
  @ApiProperty({ example: 10000, description: 'Monthly amount in fen (1 yuan = 100 fen).' }) monthlyAmountFen!: number;
  @ApiProperty({ example: 'hardship.age-band-80', description: 'The rule that sets the amount.' }) rule!: string;
  @ApiProperty({ description: 'One sentence: which rule, which dates.' }) explanation!: string;
}

export class EntitlementSegmentView extends PlanSegmentView {
  @ApiProperty({ example: '100元' }) monthlyAmount!: string;
}

export class PlanReasonView {
  @ApiProperty({ example: 'no-eligible-roster-spell' }) code!: string;
  @ApiProperty() message!: string;
}

export class PlanView {
  @ApiProperty() eligible!: boolean;
  @ApiProperty({ type: [PlanReasonView], description: 'Why not eligible; empty when eligible.' }) reasons!: PlanReasonView[];
  @ApiProperty({ type: String, nullable: true, example: '2026-12' }) startMonth!: string | null;
  @ApiProperty({ type: String, nullable: true }) endMonth!: string | null;
  @ApiProperty({ type: [PlanSegmentView] }) segments!: PlanSegmentView[];
  @ApiProperty({ type: [String], description: 'The dates and rules behind the plan, in order.' }) explanation!: string[];
}

export class EntitlementView {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty() caseNo!: string;
  @ApiProperty({ enum: CASE_TYPES }) kind!: CaseType;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ type: MaskedPersonView }) person!: MaskedPersonView;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ enum: ['active', 'ended'] }) status!: string;
  @ApiProperty({ example: '2026-12' }) startMonth!: string;
  @ApiProperty({ type: String, nullable: true }) endMonth!: string | null;
  @ApiProperty({ type: String, nullable: true }) endReason!: string | null;
  @ApiProperty({ type: PolicyRefView }) policy!: PolicyRefView;
  @ApiProperty() currentRevision!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class EntitlementCalculationView {
  @ApiProperty() policyVersion!: number;
  @ApiProperty({ type: [String] }) explanation!: string[];
}

export class EntitlementRevisionView {
  @ApiProperty() revision!: number;
  @ApiProperty({ example: 'granted' }) reason!: string;
  @ApiProperty() computedAt!: Date;
  @ApiProperty({ type: String, nullable: true }) startMonth!: string | null;
  @ApiProperty({ type: String, nullable: true }) endMonth!: string | null;
  @ApiProperty({ type: [String] }) explanation!: string[];
  @ApiProperty({ type: [EntitlementSegmentView] }) segments!: EntitlementSegmentView[];
}

export class EntitlementDetailView extends EntitlementView {
  @ApiProperty({ type: [EntitlementSegmentView], description: 'The current revision, month range by month range.' })
  segments!: EntitlementSegmentView[];
  @ApiProperty({ type: EntitlementCalculationView }) calculation!: EntitlementCalculationView;
  @ApiProperty({ type: [EntitlementRevisionView] }) revisions!: EntitlementRevisionView[];
}

export class EntitlementPageView {
  @ApiProperty({ type: [EntitlementView] }) items!: EntitlementView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
