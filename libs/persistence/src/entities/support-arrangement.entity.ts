import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Dispersed (分散供养) or centralized (集中供养) support of a person over months ('YYYY-MM'); open while `toMonth` is null. */
@Entity({ name: 'support_arrangements' })
export class SupportArrangementEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'varchar', length: 12 })
  kind!: 'dispersed' | 'centralized';

  @Column({ name: 'from_month', type: 'varchar', length: 7 })
  fromMonth!: string;

  @Column({ name: 'to_month', type: 'varchar', length: 7, nullable: true })
  toMonth!: string | null;

  @Column({ name: 'home_id', type: 'uuid', nullable: true })
  homeId!: string | null;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
