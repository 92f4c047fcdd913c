import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** Epoch milliseconds stored as int8: well below 2^53, so a number is exact. */
const EPOCH_MS: ValueTransformer = {
  to: (v: number | null) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
const EPOCH_MS_LIST: ValueTransformer = {
  to: (v: number[]) => v,
  from: (v: string[]) => v.map(Number),
};

/** Recent failed logins of one account or client address, and the end of its lock. */
@Entity({ name: 'login_failures' })
export class LoginFailureEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  scope!: 'account' | 'address';

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  /** Times of the recent failures (epoch ms). */
  @Column({ type: 'bigint', array: true, default: () => "'{}'", transformer: EPOCH_MS_LIST })
  failures!: number[];

  /** When the lock ends (epoch ms); null when not locked. */
  @Column({ name: 'locked_until', type: 'bigint', nullable: true, transformer: EPOCH_MS })
  lockedUntil!: number | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
