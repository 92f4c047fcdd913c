import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'regions' })
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 10 })
  level!: 'county' | 'township' | 'village';

  @Column({ name: 'parent_code', type: 'varchar', length: 12, nullable: true })
  parentCode!: string | null;

  /** True for codes made up for the demo, not taken from the official division list. */
  @Column({ name: 'is_demo', type: 'boolean', default: false })
  isDemo!: boolean;
}
