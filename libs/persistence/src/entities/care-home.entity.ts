import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A care home (敬老院) of a region. Its name is unique within the region. */
@Entity({ name: 'care_homes' })
export class CareHomeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  /** Beds carry a care level, and a bed is given only to an elder of that level. */
  @Column({ name: 'tracks_care_level', type: 'boolean', default: false })
  tracksCareLevel!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
