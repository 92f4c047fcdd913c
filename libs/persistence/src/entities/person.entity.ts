import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An elder. ID number, name, phone and address are personal data: masked in lists, never logged. */
@Entity({ name: 'persons' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'id_number', type: 'varchar', length: 18, unique: true })
  idNumber!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 6 })
  sex!: 'male' | 'female';

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  /** Region of household registration (户籍), village or township code. */
  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ name: 'death_date', type: 'date', nullable: true })
  deathDate!: string | null;

  /** Household registration moved out of the county on this date. */
  @Column({ name: 'moved_out_on', type: 'date', nullable: true })
  movedOutOn!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
