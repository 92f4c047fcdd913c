import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseType } from '@app/contracts/case-types';
import type { Role } from '@app/contracts/roles';

/** One human step of a case. Created and completed only by workflow activities. */
@Entity({ name: 'tasks' })
export class TaskEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'case_type', type: 'varchar', length: 40 })
  caseType!: CaseType;

  @Column({ type: 'varchar', length: 32 })
  step!: string;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ name: 'candidate_role', type: 'varchar', length: 32 })
  candidateRole!: Role;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  /** Set when the deadline crosses a year whose holiday arrangement is not loaded. */
  @Column({ name: 'calendar_flag', type: 'varchar', length: 100, nullable: true })
  calendarFlag!: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'uuid', nullable: true })
  completedBy!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  outcome!: string | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data!: Record<string, unknown> | null;

  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true })
  overdueAt!: Date | null;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;
}
