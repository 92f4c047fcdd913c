import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CaseStatus, CaseType } from '@app/contracts/case-types';

@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'case_no', type: 'varchar', length: 32, unique: true })
  caseNo!: string;

  @Column({ name: 'case_type', type: 'varchar', length: 40 })
  caseType!: CaseType;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: CaseStatus;

  @Column({ name: 'current_step', type: 'varchar', length: 32, nullable: true })
  currentStep!: string | null;

  /** 'YYYY-MM' the case is waiting for (e.g. the 60th-birthday month), when waiting. */
  @Column({ name: 'waiting_until', type: 'varchar', length: 7, nullable: true })
  waitingUntil!: string | null;

  @Column({ name: 'policy_id', type: 'uuid' })
  policyId!: string;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion!: number;

  @Column({ name: 'applied_on', type: 'date' })
  appliedOn!: string;

  @Column({ name: 'accepted_on', type: 'date', nullable: true })
  acceptedOn!: string | null;

  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn!: string | null;

  @Column({ name: 'outcome_reason', type: 'text', nullable: true })
  outcomeReason!: string | null;

  /** Why the case is `needs_attention` (a decision the workflow refused); cleared when it moves on. */
  @Column({ name: 'attention_reason', type: 'text', nullable: true })
  attentionReason!: string | null;

  /** Non-personal application details (channel, requested home, …). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  @Column({ name: 'proactive', type: 'boolean', default: false })
  proactive!: boolean;

  @Column({ name: 'workflow_started_at', type: 'timestamptz', nullable: true })
  workflowStartedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
