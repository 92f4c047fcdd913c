import { ApiProperty } from '@nestjs/swagger';
import { CASE_TYPES, ROLES, type CaseType, type Role } from '@app/contracts';
import { CaseStateView, JSON_OBJECT, PendingDecisionView } from '../common/views';
import { AGING_BUCKETS } from './task-read-model';

export class TaskItemView {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'JK-2026-000001' }) caseNo!: string;
  @ApiProperty({ enum: CASE_TYPES }) caseType!: CaseType;
  @ApiProperty({ example: '经济困难老年人补贴' }) caseTypeLabel!: string;
  @ApiProperty({ example: 'review' }) step!: string;
  @ApiProperty({ example: '审核' }) stepLabel!: string;
  @ApiProperty({ enum: ['open', 'completed'] }) status!: 'open' | 'completed';
  @ApiProperty({ example: '370124001' }) regionCode!: string;
  @ApiProperty({ type: String, nullable: true, example: '榆山街道' }) regionName!: string | null;
  @ApiProperty({ enum: ROLES }) candidateRole!: Role;
  @ApiProperty({ example: '乡镇(街道)经办人' }) candidateRoleLabel!: string;
  @ApiProperty({ type: String, nullable: true }) assigneeId!: string | null;
  @ApiProperty({ type: String, nullable: true }) assigneeName!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() dueAt!: Date;
  @ApiProperty({ example: '2026-12-01', description: 'The due day (Asia/Shanghai).' }) dueDate!: string;
  @ApiProperty({ type: String, nullable: true }) calendarFlag!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: Number, nullable: true, example: null, description: 'Days past due (Asia/Shanghai dates), open tasks only.' })
  daysOverdue!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 2,
    description:
      'Working days left until the due day on the official calendar (holidays and make-up days counted; 0 = due today); open tasks not yet overdue, in the inbox list only.',
  })
  workingDaysLeft!: number | null;
  @ApiProperty({ enum: AGING_BUCKETS, nullable: true }) agingBucket!: string | null;
  @ApiProperty({ example: 0 }) escalationLevel!: number;
  @ApiProperty({ example: '张*' }) applicantNameMasked!: string;
  @ApiProperty({ type: Date, nullable: true }) completedAt!: Date | null;
}

export class TaskDetailView extends TaskItemView {
  @ApiProperty({ type: String, nullable: true }) completedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) completedByName!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ ...JSON_OBJECT, nullable: true, description: 'What the step shows the officer (e.g. the plan, objections).' })
  context!: Record<string, unknown> | null;
  @ApiProperty({ example: 'in_progress' }) caseStatus!: string;
  @ApiProperty({ type: String, nullable: true }) caseCurrentStep!: string | null;
  @ApiProperty({
    type: PendingDecisionView,
    nullable: true,
    description:
      'A decision on this open task answered 202 DECISION_PENDING and not yet applied: the task awaits the system, not a second decision.',
  })
  pendingDecision!: PendingDecisionView | null;
}

export class TaskPageView {
  @ApiProperty({ type: [TaskItemView] }) items!: TaskItemView[];
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'True when the count stopped at its cap (completed tasks: 1,000).' }) totalCapped!: boolean;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class OverduePageView {
  @ApiProperty({ type: [TaskItemView] }) items!: TaskItemView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class CompleteTaskResultView {
  @ApiProperty() taskId!: string;
  @ApiProperty({ example: 'acceptance' }) step!: string;
  @ApiProperty({ example: '受理' }) stepLabel!: string;
  @ApiProperty({ example: 'accept' }) outcome!: string;
  @ApiProperty({ type: CaseStateView }) case!: CaseStateView;
}
