import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CareLevel } from '@app/contracts/care-level';

export type WaitingListStatus = 'waiting' | 'offered' | 'left';

/** A case on a care home's waiting list (入住轮候). One entry per case. */
@Entity({ name: 'care_home_waiting_list' })
export class WaitingListEntryEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'home_id', type: 'uuid' })
  homeId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'priority_category', type: 'varchar', length: 32 })
  priorityCategory!: string;

  @Column({ name: 'care_level', type: 'varchar', length: 20, nullable: true })
  careLevel!: CareLevel | null;

  @Column({ name: 'applied_on', type: 'date' })
  appliedOn!: string;

  /** The order of registration (GENERATED ALWAYS AS IDENTITY: never written). A bigint, read as a number (pg-types). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: number;

  @Column({ type: 'varchar', length: 10, default: 'waiting' })
  status!: WaitingListStatus;

  @Column({ name: 'joined_at', type: 'timestamptz' })
  joinedAt!: Date;

  @Column({ name: 'offered_at', type: 'timestamptz', nullable: true })
  offeredAt!: Date | null;

  @Column({ name: 'offered_bed_id', type: 'uuid', nullable: true })
  offeredBedId!: string | null;

  /** The case whose released bed was offered: it finds its offer again when its activity is retried. */
  @Column({ name: 'offered_by_case_id', type: 'uuid', nullable: true })
  offeredByCaseId!: string | null;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt!: Date | null;
}
