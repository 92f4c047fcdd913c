import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A year's holiday arrangement loaded by an administrator (it replaces a built-in one). */
@Entity({ name: 'holiday_years' })
export class HolidayYearEntity {
  @PrimaryColumn({ type: 'int' })
  year!: number;

  @Column({ type: 'jsonb' })
  holidays!: string[];

  @Column({ name: 'makeup_workdays', type: 'jsonb' })
  makeupWorkdays!: string[];

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'loaded_by', type: 'uuid', nullable: true })
  loadedBy!: string | null;

  @Column({ name: 'loaded_at', type: 'timestamptz', default: () => 'now()' })
  loadedAt!: Date;

  /** Names the recount this load started (its workflow id); confirmed in `recountStartedAt`. */
  @Column({ name: 'recount_key', type: 'uuid', nullable: true })
  recountKey!: string | null;

  @Column({ name: 'recount_started_at', type: 'timestamptz', nullable: true })
  recountStartedAt!: Date | null;
}
