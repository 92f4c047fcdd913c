import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_TYPES, ROLES, type CaseType, type Role } from '@app/contracts';
import { SUMMARY_GROUPS } from './supervision.dto';

export class AgingView {
  @ApiProperty({ name: '1-3', example: 2 }) '1-3'!: number;
  @ApiProperty({ name: '4-7', example: 1 }) '4-7'!: number;
  @ApiProperty({ name: '8-14', example: 0 }) '8-14'!: number;
  @ApiProperty({ name: '15+', example: 0 }) '15+'!: number;
}

export class SummaryCountsView {
  @ApiProperty({ example: 12 }) open!: number;
  @ApiProperty({ example: 3 }) overdue!: number;
  @ApiProperty({ example: 4 }) dueSoon!: number;
  @ApiProperty({ type: AgingView, description: 'Overdue tasks by days past due.' }) aging!: AgingView;
}

export class SummaryGroupView extends SummaryCountsView {
  @ApiProperty({ type: String, nullable: true, description: 'Region code, step, user id or case type; null: unassigned.' })
  key!: string | null;
  @ApiProperty({ example: '榆山街道' }) label!: string;
  @ApiPropertyOptional({ enum: ROLES, nullable: true, description: 'groupBy=assignee only.' }) role?: Role | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'groupBy=assignee only.' }) roleLabel?: string | null;
}

export class SummaryView {
  @ApiProperty({ enum: SUMMARY_GROUPS }) groupBy!: string;
  @ApiProperty({ example: '370124' }) regionCode!: string;
  @ApiProperty({ enum: CASE_TYPES, nullable: true }) caseType!: CaseType | null;
  @ApiProperty({ type: Number, nullable: true }) dueWithinHours!: number | null;
  @ApiProperty({ type: Number, nullable: true }) dueWithinWorkingDays!: number | null;
  @ApiProperty({ description: 'Tasks due before this instant (and not overdue) count as due soon.' }) dueSoonUntil!: Date;
  @ApiProperty() asOf!: Date;
  @ApiProperty({ type: [SummaryGroupView] }) groups!: SummaryGroupView[];
  @ApiProperty({ type: SummaryCountsView }) totals!: SummaryCountsView;
}

export class EscalationView {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty() caseNo!: string;
  @ApiProperty({ enum: CASE_TYPES }) caseType!: CaseType;
  @ApiProperty() caseTypeLabel!: string;
  @ApiProperty({ example: 1 }) level!: number;
  @ApiProperty({ example: '370124001' }) escalatedTo!: string;
  @ApiProperty({ type: String, nullable: true }) escalatedToName!: string | null;
  @ApiProperty() escalatedAt!: Date;
  @ApiProperty() step!: string;
  @ApiProperty() stepLabel!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ type: String, nullable: true }) regionName!: string | null;
  @ApiProperty({ enum: ROLES }) candidateRole!: Role;
  @ApiProperty({ type: String, nullable: true }) assigneeId!: string | null;
  @ApiProperty({ type: String, nullable: true }) assigneeName!: string | null;
  @ApiProperty() dueAt!: Date;
  @ApiProperty() dueDate!: string;
  @ApiProperty({ enum: ['open', 'completed'] }) taskStatus!: 'open' | 'completed';
  @ApiProperty({ type: Date, nullable: true }) completedAt!: Date | null;
  @ApiProperty() applicantNameMasked!: string;
}

export class EscalationPageView {
  @ApiProperty({ type: [EscalationView] }) items!: EscalationView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
