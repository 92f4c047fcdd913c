import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import { OPEN_CASE_STATUSES, type Actor, type LifeEventFanOutInput } from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import { isBusinessDate, shanghaiDateOf } from '@app/domain/dates';
import { maskName, maskResidentId, parseResidentId } from '@app/domain/identity';
import {
  parseRosterCsv,
  ROSTER_CATEGORY_LABELS,
  type RosterCategory,
  type RosterRow,
  type RosterRowError,
  rosterRowError,
} from '@app/domain/roster';
import { AuditRepository, FanOutOutboxRepository, inRegionSubtree } from '@app/persistence';
import { JsonLogger, lifeEventFanOutWorkflowId, startLifeEventFanOut } from '@app/runtime';
import { ApiError } from '../common/api-error.exception';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { ListImportsQuery, RosterImportReportView, SearchRosterQuery } from './roster.dto';
import { WorkflowUpdates } from '../temporal/workflow-errors';

/** More rows than this in one file and it is refused as a whole (the 5 MB body limit comes first for wide files). */
export const ROSTER_MAX_ROWS = 20_000;
const UPSERT_CHUNK = 1000;

interface SpellRow {
  id: string;
  id_number: string;
  name: string;
  category: RosterCategory;
  region_code: string;
  region_name: string;
  entered_on: string;
  left_on: string | null;
  source: string;
  updated_at: Date;
}

const SPELL_SELECT = `
  SELECT h.id, h.id_number, h.name, h.category, h.region_code, r.name AS region_name,
         to_char(h.entered_on, 'YYYY-MM-DD') AS entered_on, to_char(h.left_on, 'YYYY-MM-DD') AS left_on, h.source, h.updated_at
    FROM hardship_roster h JOIN regions r ON r.code = h.region_code`;

interface ImportRow {
  id: string;
  filename: string | null;
  region_code: string;
  imported_at: Date;
  imported_by: string;
  imported_by_name: string;
  rows_total: number;
  rows_ok: number;
  rows_failed: number;
  rows_inserted: number;
  rows_updated: number;
  rows_unchanged: number;
  ignored_columns: string[];
  errors: RosterRowError[];
}

const IMPORT_SELECT = `
  SELECT i.id, i.filename, i.region_code, i.imported_at, i.imported_by, u.display_name AS imported_by_name,
         i.rows_total, i.rows_ok, i.rows_failed, i.rows_inserted, i.rows_updated, i.rows_unchanged, i.ignored_columns, i.errors
    FROM roster_imports i JOIN users u ON u.id = i.imported_by`;

/** A roster exit's fan-out, with the file row it came from (for the log). */
interface RosterExitFanOut {
  row: number;
  input: LifeEventFanOutInput;
}

@Injectable()
export class RosterService {
  private readonly log = new JsonLogger('api');

  constructor(
    private readonly updates: WorkflowUpdates,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
  ) {}

  /**
   * A roster exit stops the hardship allowance from the month after: every open hardship case of
   * a person whose spell now ends is told, and recomputes its entitlement (or closes, if not yet approved).
   */
  /**
   * The fan-outs of the import's roster exits, recorded in the import's transaction (the outbox):
   * one per exit row with open hardship cases.
   */
  private async recordRosterExits(m: EntityManager, actor: Actor, importId: string, rows: RosterRow[]): Promise<RosterExitFanOut[]> {
    const fanOuts: RosterExitFanOut[] = [];
    for (const r of rows) {
      if (!r.leftOn) continue;
      const cases: { id: string }[] = await m.query(
        `SELECT c.id FROM cases c JOIN persons p ON p.id = c.person_id
          WHERE p.id_number = $1 AND c.case_type = 'hardship-allowance' AND c.status = ANY($2)`,
        [r.idNumber, OPEN_CASE_STATUSES],
      );
      if (cases.length === 0) continue;
      const input: LifeEventFanOutInput = {
        caseIds: cases.map((c) => c.id),
        event: { eventId: `${importId}:${r.row}`, actor, kind: 'roster_left', on: r.leftOn },
      };
      await new FanOutOutboxRepository(m).record(lifeEventFanOutWorkflowId(input.event.eventId), input);
      fanOuts.push({ row: r.row, input });
    }
    return fanOuts;
  }

  private async notifyRosterExits(importId: string, fanOuts: RosterExitFanOut[]): Promise<void> {
    for (const { row, input } of fanOuts) {
      try {
        // Delivered by a durable workflow (retried until each case has it); waited for here so the import answers after it.
        const handle = await startLifeEventFanOut(this.temporal, this.taskQueue, input, this.db);
        await this.updates.run(() => handle.result());
      } catch (err) {
        // The import stands; a started delivery goes on in its workflow, one not started is in the outbox and the worker's sweep starts it.
        this.log.write('warn', 'roster exit delivery not confirmed', {
          importId,
          row,
          err: err instanceof Error ? err.message : String(err),
        });
      }
    }
  }

  /**
   * Imports a roster file. Valid rows are upserted by (id_number, category, entered_on); every
   * other row is reported with its line and field. Rows for a region outside the importer's, or
   * that would change a spell another region recorded, are errors too. One audit row per import.
   */
  async importCsv(actor: Actor, csv: string, filename: string | null): Promise<RosterImportReportView> {
    const parsed = parseRosterCsv(csv, { today: shanghaiDateOf(Date.now()), maxRows: ROSTER_MAX_ROWS });
    if (!parsed.ok) throw ApiError.field('VALIDATION_FAILED', parsed.error.field, parsed.error.message);
    const file = parsed.value;
    const errors: RosterRowError[] = [...file.errors];

    const inScope = await this.importableRegions(
      actor,
      file.rows.map((r) => r.regionCode),
    );
    let rows = file.rows.filter((r) => {
      if (inScope.has(r.regionCode)) return true;
      // Outside the importer's region nothing is looked up, so nothing about it is revealed.
      errors.push(
        rosterRowError(r.row, 'region_code', isWithinRegion(actor.regionCode, r.regionCode) ? 'REGION_UNKNOWN' : 'REGION_OUT_OF_SCOPE'),
      );
      return false;
    });

    const importId = randomUUID();
    const fanOuts = await this.db.transaction(async (m) => {
      // Imports are rare and short: one at a time keeps the scope check below and the upsert consistent.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('hardship_roster_import'))`);
      const foreign = await this.spellsRecordedElsewhere(m, actor, rows);
      rows = rows.filter((r) => {
        if (!foreign.has(r.row)) return true;
        errors.push(rosterRowError(r.row, 'row', 'SPELL_KEPT_ELSEWHERE'));
        return false;
      });
      const { inserted, updated } = await this.upsert(m, rows, `import:${importId}`);
      errors.sort((a, b) => a.row - b.row);
      const rowsFailed = new Set(errors.map((e) => e.row)).size;
      const counts = {
        rowsTotal: file.rowsTotal,
        rowsOk: rows.length,
        rowsFailed,
        inserted,
        updated,
        unchanged: rows.length - inserted - updated,
      };
      await m.query(
        `INSERT INTO roster_imports (id, filename, region_code, imported_by, rows_total, rows_ok, rows_failed,
                                     rows_inserted, rows_updated, rows_unchanged, ignored_columns, errors)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
        [
          importId,
          filename,
          actor.regionCode,
          actor.userId,
          counts.rowsTotal,
          counts.rowsOk,
          counts.rowsFailed,
          counts.inserted,
          counts.updated,
          counts.unchanged,
          JSON.stringify(file.ignoredColumns),
          JSON.stringify(errors),
        ],
      );
      await new AuditRepository(m).record(actor, {
        eventKey: `roster-imported:${importId}`,
        regionCode: actor.regionCode,
        caseId: null,
        action: 'roster_imported',
        after: { importId, filename, ...counts },
      });
      return this.recordRosterExits(m, actor, importId, rows);
    });
    await this.notifyRosterExits(importId, fanOuts);
    return this.report(actor, importId);
  }

  /** Of the given codes, those that are townships or villages inside the actor's region. */
  private async importableRegions(actor: Actor, codes: string[]): Promise<Set<string>> {
    const wanted = [...new Set(codes)].filter((c) => isWithinRegion(actor.regionCode, c));
    if (wanted.length === 0) return new Set();
    const found: { code: string }[] = await this.db.query(
      `SELECT code FROM regions WHERE code = ANY($1::varchar[]) AND level IN ('township','village')`,
      [wanted],
    );
    return new Set(found.map((f) => f.code));
  }

  /** File rows (by line) whose spell exists already under a region outside the actor's. */
  private async spellsRecordedElsewhere(m: EntityManager, actor: Actor, rows: RosterRow[]): Promise<Set<number>> {
    if (rows.length === 0) return new Set();
    const found: { line_no: number }[] = await m.query(
      `SELECT k.line_no FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::date[]) AS k(line_no, id_number, category, entered_on)
         JOIN hardship_roster h ON h.id_number = k.id_number AND h.category = k.category AND h.entered_on = k.entered_on
        WHERE h.region_code NOT LIKE $5 || '%'`,
      [rows.map((r) => r.row), rows.map((r) => r.idNumber), rows.map((r) => r.category), rows.map((r) => r.enteredOn), actor.regionCode],
    );
    return new Set(found.map((f) => Number(f.line_no)));
  }

  /** Inserts new spells and updates changed ones; rows identical to the record are left alone. */
  private async upsert(m: EntityManager, rows: RosterRow[], source: string): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
      const chunk = rows.slice(i, i + UPSERT_CHUNK);
      const result: { inserted: boolean }[] = await m.query(
        `INSERT INTO hardship_roster AS h (id_number, name, category, region_code, entered_on, left_on, source)
         SELECT k.id_number, k.name, k.category, k.region_code, k.entered_on, k.left_on, $7
           FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::date[], $6::date[])
                AS k(id_number, name, category, region_code, entered_on, left_on)
         ON CONFLICT ON CONSTRAINT hardship_roster_spell_key DO UPDATE
            SET name = EXCLUDED.name, region_code = EXCLUDED.region_code, left_on = EXCLUDED.left_on,
                source = EXCLUDED.source, updated_at = now()
          WHERE (h.name, h.region_code, h.left_on) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.region_code, EXCLUDED.left_on)
         RETURNING (xmax = 0) AS inserted`,
        [
          chunk.map((r) => r.idNumber),
          chunk.map((r) => r.name),
          chunk.map((r) => r.category),
          chunk.map((r) => r.regionCode),
          chunk.map((r) => r.enteredOn),
          chunk.map((r) => r.leftOn),
          source,
        ],
      );
      for (const r of result) {
        if (r.inserted) inserted++;
        else updated++;
      }
    }
    return { inserted, updated };
  }

  /** One import's report; 404 unless it was made within the caller's region. */
  async report(actor: Actor, importId: string): Promise<RosterImportReportView> {
    const rows: ImportRow[] = await this.db.query(`${IMPORT_SELECT} WHERE i.id = $1 AND ${inRegionSubtree('i.region_code', '$2')}`, [
      importId,
      actor.regionCode,
    ]);
    if (rows.length === 0) throw ApiError.notFound('Roster import');
    return { ...this.presentImport(rows[0]), errors: rows[0].errors.map((e) => ({ ...e, code: e.code ?? 'LEGACY' })) };
  }

  /** Import reports made within the caller's region, newest first, without their error lists. */
  async imports(actor: Actor, q: ListImportsQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const [{ total }]: { total: string }[] = await this.db.query(
      `SELECT count(*) AS total FROM roster_imports WHERE ${inRegionSubtree('region_code', '$1')}`,
      [actor.regionCode],
    );
    const rows: ImportRow[] = await this.db.query(
      `${IMPORT_SELECT} WHERE ${inRegionSubtree('i.region_code', '$1')} ORDER BY i.imported_at DESC, i.id LIMIT $2 OFFSET $3`,
      [actor.regionCode, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map((r) => this.presentImport(r)), total: Number(total), page, pageSize };
  }

  private presentImport(r: ImportRow): Omit<RosterImportReportView, 'errors'> {
    return {
      importId: r.id,
      filename: r.filename,
      regionCode: r.region_code,
      importedAt: r.imported_at,
      importedBy: { id: r.imported_by, displayName: r.imported_by_name },
      rowsTotal: r.rows_total,
      rowsOk: r.rows_ok,
      rowsFailed: r.rows_failed,
      inserted: r.rows_inserted,
      updated: r.rows_updated,
      unchanged: r.rows_unchanged,
      ignoredColumns: r.ignored_columns,
    };
  }

  /** Spells in the caller's region, personal data masked. A regionCode outside it gives an empty page. */
  async search(actor: Actor, q: SearchRosterQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    if (q.regionCode && !isWithinRegion(actor.regionCode, q.regionCode)) return { items: [], total: 0, page, pageSize };
    const where = [inRegionSubtree('h.region_code', '$1')];
    const params: unknown[] = [q.regionCode ?? actor.regionCode];
    if (q.idNumber !== undefined) {
      params.push(this.idNumberOrFail(q.idNumber));
      where.push(`h.id_number = $${params.length}`);
    }
    if (q.category) {
      params.push(q.category);
      where.push(`h.category = $${params.length}`);
    }
    if (q.activeOn !== undefined) {
      if (!isBusinessDate(q.activeOn)) throw ApiError.field('VALIDATION_FAILED', 'activeOn', 'is not a real date');
      params.push(q.activeOn);
      where.push(`h.entered_on <= $${params.length} AND (h.left_on IS NULL OR h.left_on >= $${params.length})`);
    }
    const [{ total }]: { total: string }[] = await this.db.query(
      `SELECT count(*) AS total FROM hardship_roster h WHERE ${where.join(' AND ')}`,
      params,
    );
    const rows: SpellRow[] = await this.db.query(
      `${SPELL_SELECT} WHERE ${where.join(' AND ')}
        ORDER BY h.region_code, h.entered_on DESC, h.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map((r) => this.presentSpell(r)), total: Number(total), page, pageSize };
  }

  /** Every spell of one person within the caller's region, oldest first; [] when there are none. */
  async person(actor: Actor, idNumber: string) {
    const id = this.idNumberOrFail(idNumber);
    const rows: SpellRow[] = await this.db.query(
      `${SPELL_SELECT} WHERE h.id_number = $1 AND ${inRegionSubtree('h.region_code', '$2')} ORDER BY h.entered_on, h.category`,
      [id, actor.regionCode],
    );
    return rows.map((r) => this.presentSpell(r));
  }

  private idNumberOrFail(raw: string): string {
    const id = parseResidentId(raw);
    if (!id.ok) throw ApiError.field('INVALID_ID_NUMBER', 'idNumber', id.message);
    return id.value.id;
  }

  private presentSpell(r: SpellRow) {
    return {
      id: r.id,
      idNumberMasked: maskResidentId(r.id_number),
      nameMasked: maskName(r.name),
      category: r.category,
      categoryLabel: ROSTER_CATEGORY_LABELS[r.category],
      regionCode: r.region_code,
      regionName: r.region_name,
      enteredOn: r.entered_on,
      leftOn: r.left_on,
      source: r.source,
      updatedAt: r.updated_at,
    };
  }
}
