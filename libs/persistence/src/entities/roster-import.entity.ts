import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RosterRowError } from '@app/domain/roster';

/** One roster file import: its counts and the rows it refused, kept as its report. */
@Entity({ name: 'roster_imports' })
export class RosterImportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  filename!: string | null;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode!: string;

  @Column({ name: 'imported_by', type: 'uuid' })
  importedBy!: string;

  @Column({ name: 'imported_at', type: 'timestamptz', default: () => 'now()' })
  importedAt!: Date;

  @Column({ name: 'rows_total', type: 'int' })
  rowsTotal!: number;

  @Column({ name: 'rows_ok', type: 'int' })
  rowsOk!: number;

  @Column({ name: 'rows_failed', type: 'int' })
  rowsFailed!: number;

  @Column({ name: 'rows_inserted', type: 'int' })
  rowsInserted!: number;

  @Column({ name: 'rows_updated', type: 'int' })
  rowsUpdated!: number;

  @Column({ name: 'rows_unchanged', type: 'int' })
  rowsUnchanged!: number;

  @Column({ name: 'ignored_columns', type: 'jsonb', default: () => "'[]'" })
  ignoredColumns!: string[];

  /** The refused rows: line, field and code. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  errors!: RosterRowError[];
}
