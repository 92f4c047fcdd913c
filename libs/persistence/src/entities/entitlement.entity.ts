import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CaseType } from '@app/contracts/case-types';

/** What an approved allowance pays, month by month; its amounts live in the current revision's segments. */
@Entity({ name: 'entitlements' })
export class EntitlementEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid', unique: true })
  caseId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: CaseType;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: 'active' | 'ended';

  @Column({ name: 'start_month', type: 'varchar', length: 7 })
  startMonth!: string;

  @Column({ name: 'end_month', type: 'varchar', length: 7, nullable: true })
  endMonth!: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @Column({ name: 'policy_id', type: 'uuid' })
  policyId!: string;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion!: number;

  @Column({ name: 'current_revision', type: 'int' })
  currentRevision!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One computation of an entitlement, kept with its reason and inputs; never changed afterwards. */
@Entity({ name: 'entitlement_revisions' })
export class EntitlementRevisionEntity {
  @PrimaryColumn({ name: 'entitlement_id', type: 'uuid' })
  entitlementId!: string;

  @PrimaryColumn({ type: 'int' })
  revision!: number;

  /** Idempotency key chosen by the caller; unique. */
  @Column({ name: 'revision_key', type: 'varchar', length: 200, unique: true })
  revisionKey!: string;

  @Column({ type: 'text' })
  reason!: string;

  /** The facts the plan was computed from (any JSON object). */
  @Column({ type: 'jsonb' })
  inputs!: object;

  @Column({ type: 'jsonb' })
  explanation!: string[];

  @Column({ name: 'start_month', type: 'varchar', length: 7, nullable: true })
  startMonth!: string | null;

  @Column({ name: 'end_month', type: 'varchar', length: 7, nullable: true })
  endMonth!: string | null;

  @CreateDateColumn({ name: 'computed_at', type: 'timestamptz' })
  computedAt!: Date;
}

/** A run of months paid at one monthly amount (integer fen) within a revision. */
@Entity({ name: 'entitlement_segments' })
export class EntitlementSegmentEntity {
  @PrimaryColumn({ name: 'entitlement_id', type: 'uuid' })
  entitlementId!: string;

  @PrimaryColumn({ type: 'int' })
  revision!: number;

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ name: 'from_month', type: 'varchar', length: 7 })
  fromMonth!: string;

  @Column({ name: 'to_month', type: 'varchar', length: 7, nullable: true })
  toMonth!: string | null;

  @Column({ name: 'monthly_amount_fen', type: 'int' })
  monthlyAmountFen!: number;

  @Column({ type: 'varchar', length: 64 })
  rule!: string;

  @Column({ type: 'text' })
  explanation!: string;
}
