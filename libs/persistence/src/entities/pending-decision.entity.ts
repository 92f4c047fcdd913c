import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { CompleteTaskInput } from '@app/contracts/workflow-io';

/** A decision answered 202 DECISION_PENDING, re-sent by the worker until the workflow answers it. */
@Entity({ name: 'pending_decisions' })
export class PendingDecisionEntity {
  @PrimaryColumn({ name: 'update_id', type: 'varchar', length: 100 })
  updateId!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  @Column({ type: 'jsonb' })
  request!: CompleteTaskInput;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  resolution!: 'applied' | 'rejected' | null;

  @Column({ name: 'rejection_code', type: 'varchar', length: 40, nullable: true })
  rejectionCode!: string | null;

  @Column({ name: 'rejection_message', type: 'text', nullable: true })
  rejectionMessage!: string | null;
}
