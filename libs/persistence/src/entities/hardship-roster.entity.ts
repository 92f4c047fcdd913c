import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RosterCategory } from '@app/domain/roster';

/** One spell of a person on the hardship roster (低保 / 特困 / 低收入), as imported. */
@Entity({ name: 'hardship_roster' })
export class HardshipRosterEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 10 })
  category!: RosterCategory;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ name: 'entered_on', type: 'date' })
  enteredOn!: string;

  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn!: string | null;

  @Column({ type: 'varchar', length: 100 })
  source!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
