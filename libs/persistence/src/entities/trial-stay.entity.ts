import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CareLevel } from '@app/contracts/care-level';

/** One trial stay (试住) per case: what was asked for, where the elder stayed, and how it ended. */
@Entity({ name: 'trial_stays' })
export class TrialStayEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'home_id', type: 'uuid' })
  homeId!: string;

  @Column({ name: 'priority_category', type: 'varchar', length: 32 })
  priorityCategory!: string;

  @Column({ name: 'care_level', type: 'varchar', length: 20, nullable: true })
  careLevel!: CareLevel | null;

  @Column({ name: 'bed_id', type: 'uuid', nullable: true })
  bedId!: string | null;

  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true })
  checkedInAt!: Date | null;

  @Column({ name: 'trial_ends_at', type: 'timestamptz', nullable: true })
  trialEndsAt!: Date | null;

  @Column({ name: 'trial_ends_on', type: 'date', nullable: true })
  trialEndsOn!: string | null;

  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Column({ name: 'end_kind', type: 'varchar', length: 32, nullable: true })
  endKind!: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  /** Counts towards the withdrawal bar (a check constraint requires `endedOn` then). */
  @Column({ name: 'voluntary_withdrawal', type: 'boolean', default: false })
  voluntaryWithdrawal!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
