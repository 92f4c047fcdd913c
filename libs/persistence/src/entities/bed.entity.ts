import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CareLevel } from '@app/contracts/care-level';

export type BedStatus = 'free' | 'reserved' | 'occupied' | 'out_of_service';

/** A bed of a care home. A reserved bed is always held by a case; a free or out-of-service one never is. */
@Entity({ name: 'beds' })
export class BedEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'home_id', type: 'uuid' })
  homeId!: string;

  @Column({ type: 'varchar', length: 40 })
  label!: string;

  @Column({ name: 'care_level', type: 'varchar', length: 20, nullable: true })
  careLevel!: CareLevel | null;

  @Column({ type: 'varchar', length: 20, default: 'free' })
  status!: BedStatus;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
