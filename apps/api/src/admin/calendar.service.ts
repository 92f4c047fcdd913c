import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@app/contracts';
import { addWorkingDays, builtInHolidayYears, validateHolidayYear, type HolidayYear } from '@app/domain/calendar';
import { isBusinessDate } from '@app/domain/dates';
import { AuditRepository } from '@app/persistence';
import { calendarRecountWorkflowId, ensureCalendarRecount, JsonLogger } from '@app/runtime';
import { CalendarProvider } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { DeadlinePreviewView, HolidayYearSummaryView, LoadHolidayYearDto } from './calendar.dto';

interface LoadedRow {
  year: number;
  holidays: string[];
  makeup_workdays: string[];
  source: string;
  loaded_at: Date;
  loaded_by: string | null;
  loaded_by_name: string | null;
}

const LOADED_SELECT = `
  SELECT h.year, h.holidays, h.makeup_workdays, h.source, h.loaded_at, h.loaded_by, u.display_name AS loaded_by_name
    FROM holiday_years h LEFT JOIN users u ON u.id = h.loaded_by`;

let builtIn: ReadonlyMap<number, HolidayYear> | null = null;
/** The package data never changes while the process runs. */
function builtInYears(): ReadonlyMap<number, HolidayYear> {
  builtIn ??= new Map(builtInHolidayYears().map((y) => [y.year, y]));
  return builtIn;
}

@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarProvider,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
  ) {}

  private readonly log = new JsonLogger('calendar');

  /** Every year deadlines can be counted in: built-in ones and loaded ones (a loaded year wins). */
  async years(): Promise<HolidayYearSummaryView[]> {
    const loaded: LoadedRow[] = await this.db.query(`${LOADED_SELECT} ORDER BY h.year`);
    const byYear = new Map<number, HolidayYearSummaryView>();
    for (const y of builtInYears().values()) {
      byYear.set(y.year, {
        year: y.year,
        origin: 'built-in',
        source: y.source,
        holidays: y.holidays.length,
        makeupWorkdays: y.makeupWorkdays.length,
        replacesBuiltIn: false,
        loadedAt: null,
        loadedBy: null,
      });
    }
    for (const r of loaded) byYear.set(r.year, this.presentLoaded(r));
    return [...byYear.values()].sort((a, b) => a.year - b.year);
  }

  /** One year with its dates. */
  async year(year: number) {
    const rows: LoadedRow[] = await this.db.query(`${LOADED_SELECT} WHERE h.year = $1`, [year]);
    if (rows.length > 0) {
      return { ...this.presentLoaded(rows[0]), holidayDates: rows[0].holidays, makeupWorkdayDates: rows[0].makeup_workdays };
    }
    const y = builtInYears().get(year);
    if (!y) throw ApiError.notFound(`Holiday arrangement for ${year}`);
    return {
      year,
      origin: 'built-in' as const,
      source: y.source,
      holidays: y.holidays.length,
      makeupWorkdays: y.makeupWorkdays.length,
      replacesBuiltIn: false,
      loadedAt: null,
      loadedBy: null,
      holidayDates: y.holidays,
      makeupWorkdayDates: y.makeupWorkdays,
    };
  }

  /**
   * Loads (or replaces) one year's arrangement. Deadlines computed from now on use it, and open
   * tasks whose deadline count touches the year are recounted by their own workflows.
   */
  async load(actor: Actor, dto: LoadHolidayYearDto) {
    const checked = validateHolidayYear({ year: dto.year, holidays: dto.holidays, makeupWorkdays: dto.makeupWorkdays, source: dto.source });
    if (!checked.ok) {
      const fields = checked.errors.map((e) => ({ field: e.field, message: e.message }));
      throw new ApiError('VALIDATION_FAILED', fields.map((f) => f.message).join(' '), fields);
    }
    const y = checked.value;
    const recountKey = randomUUID();
    await this.db.transaction(async (m) => {
      const before: { source: string; holidays: string[]; makeup_workdays: string[] }[] = await m.query(
        'SELECT source, holidays, makeup_workdays FROM holiday_years WHERE year = $1 FOR UPDATE',
        [y.year],
      );
      const previous = before[0] ?? null;
      const replacedBuiltIn = builtInYears().get(y.year);
      await m.query(
        `INSERT INTO holiday_years (year, holidays, makeup_workdays, source, loaded_by, recount_key) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (year) DO UPDATE SET holidays = EXCLUDED.holidays, makeup_workdays = EXCLUDED.makeup_workdays,
                source = EXCLUDED.source, loaded_by = EXCLUDED.loaded_by, loaded_at = now(),
                recount_key = EXCLUDED.recount_key, recount_started_at = NULL`,
        [y.year, JSON.stringify(y.holidays), JSON.stringify(y.makeupWorkdays), y.source, actor.userId, recountKey],
      );
      await new AuditRepository(m).record(actor, {
        eventKey: `holiday-year-loaded:${y.year}:${recountKey}`,
        regionCode: null,
        caseId: null,
        action: 'holiday_year_loaded',
        before: previous
          ? { origin: 'loaded', source: previous.source, holidays: previous.holidays, makeupWorkdays: previous.makeup_workdays }
          : replacedBuiltIn
            ? { origin: 'built-in', source: replacedBuiltIn.source }
            : null,
        after: { year: y.year, source: y.source, holidays: y.holidays, makeupWorkdays: y.makeupWorkdays, recountKey },
      });
    });
    // Committed first: if Temporal cannot be reached now, the worker's sweep starts the recount.
    let started = false;
    try {
      started = (await ensureCalendarRecount(this.temporal, this.db, this.taskQueue, y.year)) !== null;
    } catch (err) {
      this.log.write('warn', 'deadline recount not started yet; the worker sweep will start it', { year: y.year, err });
    }
    return { ...(await this.year(y.year)), recount: { workflowId: calendarRecountWorkflowId(y.year, recountKey), started } };
  }

  /** The n-th working day after `from`, on the calendar the worker counts task deadlines with. */
  async previewDeadline(from: string, workingDays: number): Promise<DeadlinePreviewView> {
    if (!isBusinessDate(from)) throw ApiError.field('VALIDATION_FAILED', 'from', 'is not a real date');
    const r = addWorkingDays(await this.calendars.calendar(), from, workingDays);
    return { from, workingDays, due: r.due, unloadedYears: r.unloadedYears };
  }

  private presentLoaded(r: LoadedRow): HolidayYearSummaryView {
    return {
      year: r.year,
      origin: 'loaded',
      source: r.source,
      holidays: r.holidays.length,
      makeupWorkdays: r.makeup_workdays.length,
      replacesBuiltIn: builtInYears().has(r.year),
      loadedAt: r.loaded_at,
      loadedBy: r.loaded_by ? { id: r.loaded_by, displayName: r.loaded_by_name ?? '' } : null,
    };
  }
}
