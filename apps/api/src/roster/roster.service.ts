import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import { FIELD_PROBLEMS_ZH, OPEN_CASE_STATUSES, type Actor, type LifeEventFanOutInput } from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import { isBusinessDate, shanghaiDateOf } from '@app/domain/dates';
import { maskName, maskResidentId, parseResidentId } from '@app/domain/identity';
import { parseRosterCsv, ROSTER_CATEGORY_LABELS, type RosterRow, type RosterRowError, rosterRowError } from '@app/domain/roster';
import {
  AuditRepository,
  CasesRepository,
  FanOutOutboxRepository,
  RegionsRepository,
  RosterRepository,
  type RosterImportReport,
  type RosterSpell,
} from '@app/persistence';
import { JsonLogger, lifeEventFanOutWorkflowId, startLifeEventFanOut } from '@app/runtime';
import { ApiError } from '../common/api-error.exception';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { ListImportsQuery, RosterImportReportView, SearchRosterQuery } from './roster.dto';
import { WorkflowUpdates } from '../temporal/workflow-errors';

/** More rows than this in one file and it is refused as a whole (the 5 MB body limit comes first for wide files). */
export const ROSTER_MAX_ROWS = 20_000;

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
      const caseIds = await new CasesRepository(m).openIdsOfApplicant(r.idNumber, 'hardship-allowance', OPEN_CASE_STATUSES);
      if (caseIds.length === 0) continue;
      const input: LifeEventFanOutInput = {
        caseIds,
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
      const roster = new RosterRepository(m);
      await roster.lockForImport();
      const foreign = await roster.spellsRecordedOutside(rows, actor.regionCode);
      rows = rows.filter((r) => {
        if (!foreign.has(r.row)) return true;
        errors.push(rosterRowError(r.row, 'row', 'SPELL_KEPT_ELSEWHERE'));
        return false;
      });
      const { inserted, updated } = await roster.upsert(rows, `import:${importId}`);
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
      await roster.recordImport({
        id: importId,
        filename,
        regionCode: actor.regionCode,
        importedBy: actor.userId,
        rowsTotal: counts.rowsTotal,
        rowsOk: counts.rowsOk,
        rowsFailed: counts.rowsFailed,
        rowsInserted: counts.inserted,
        rowsUpdated: counts.updated,
        rowsUnchanged: counts.unchanged,
        ignoredColumns: file.ignoredColumns,
        errors,
      });
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
    return new Set(await new RegionsRepository(this.db).townshipsAndVillages(wanted));
  }

  /** One import's report; 404 unless it was made within the caller's region. */
  async report(actor: Actor, importId: string): Promise<RosterImportReportView> {
    const report = await new RosterRepository(this.db).importWithin(importId, actor.regionCode);
    if (!report) throw ApiError.notFound('Roster import');
    return { ...this.presentImport(report), errors: report.errors.map((e) => ({ ...e, code: e.code ?? 'LEGACY' })) };
  }

  /** Import reports made within the caller's region, newest first, without their error lists. */
  async imports(actor: Actor, q: ListImportsQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await new RosterRepository(this.db).importsWithin(actor.regionCode, pageSize, (page - 1) * pageSize);
    return { items: rows.map((r) => this.presentImport(r)), total, page, pageSize };
  }

  private presentImport(r: RosterImportReport): Omit<RosterImportReportView, 'errors'> {
    return {
      importId: r.id,
      filename: r.filename,
      regionCode: r.regionCode,
      importedAt: r.importedAt,
      importedBy: { id: r.importedBy, displayName: r.importedByName },
      rowsTotal: r.rowsTotal,
      rowsOk: r.rowsOk,
      rowsFailed: r.rowsFailed,
      inserted: r.rowsInserted,
      updated: r.rowsUpdated,
      unchanged: r.rowsUnchanged,
      ignoredColumns: r.ignoredColumns,
    };
  }

  /** Spells in the caller's region, personal data masked. A regionCode outside it gives an empty page. */
  async search(actor: Actor, q: SearchRosterQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    if (q.regionCode && !isWithinRegion(actor.regionCode, q.regionCode)) return { items: [], total: 0, page, pageSize };
    const idNumber = q.idNumber === undefined ? undefined : this.idNumberOrFail(q.idNumber);
    if (q.activeOn !== undefined && !isBusinessDate(q.activeOn))
      throw ApiError.field('VALIDATION_FAILED', 'activeOn', FIELD_PROBLEMS_ZH.notARealDate);
    const { rows, total } = await new RosterRepository(this.db).search(
      {
        scope: q.regionCode ?? actor.regionCode,
        idNumber,
        category: q.category,
        activeOn: q.activeOn,
      },
      pageSize,
      (page - 1) * pageSize,
    );
    return { items: rows.map((r) => this.presentSpell(r)), total, page, pageSize };
  }

  /** Every spell of one person within the caller's region, oldest first; [] when there are none. */
  async person(actor: Actor, idNumber: string) {
    const id = this.idNumberOrFail(idNumber);
    const rows = await new RosterRepository(this.db).spellsWithin(id, actor.regionCode);
    return rows.map((r) => this.presentSpell(r));
  }

  private idNumberOrFail(raw: string): string {
    const id = parseResidentId(raw);
    if (!id.ok) throw ApiError.field('INVALID_ID_NUMBER', 'idNumber', id.message);
    return id.value.id;
  }

  private presentSpell(r: RosterSpell) {
    return {
      id: r.id,
      idNumberMasked: maskResidentId(r.idNumber),
      nameMasked: maskName(r.name),
      category: r.category,
      categoryLabel: ROSTER_CATEGORY_LABELS[r.category],
      regionCode: r.regionCode,
      regionName: r.regionName,
      enteredOn: r.enteredOn,
      leftOn: r.leftOn,
      source: r.source,
      updatedAt: r.updatedAt,
    };
  }
}
