import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { FIELD_PROBLEMS_ZH, type Actor } from '@app/contracts';
import { addWorkingDays, builtInHolidayYears, validateHolidayYear, type HolidayYear } from '@app/domain/calendar';
import { isBusinessDate } from '@app/domain/dates';
import { AuditRepository, CalendarProvider, HolidayYearsRepository, type LoadedHolidayYear } from '@app/persistence';
import { calendarRecountWorkflowId, ensureCalendarRecount, JsonLogger } from '@app/runtime';
import { ApiError } from '../common/api-error.exception';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { DeadlinePreviewView, HolidayYearSummaryView, LoadHolidayYearDto } from './calendar.dto';

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
    const loaded = await new HolidayYearsRepository(this.db).loaded();
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
    const [loaded] = await new HolidayYearsRepository(this.db).loaded(year);
    if (loaded) return { ...this.presentLoaded(loaded), holidayDates: loaded.holidays, makeupWorkdayDates: loaded.makeupWorkdays };
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
      throw new ApiError('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    }
    const y = checked.value;
    const recountKey = randomUUID();
    await this.db.transaction(async (m) => {
      const years = new HolidayYearsRepository(m);
      const previous = await years.lockLoaded(y.year);
      const replacedBuiltIn = builtInYears().get(y.year);
      await years.load(y, actor.userId, recountKey);
      await new AuditRepository(m).record(actor, {
        eventKey: `holiday-year-loaded:${y.year}:${recountKey}`,
        regionCode: null,
        caseId: null,
        action: 'holiday_year_loaded',
        before: previous
          ? { origin: 'loaded', source: previous.source, holidays: previous.holidays, makeupWorkdays: previous.makeupWorkdays }
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
    if (!isBusinessDate(from)) throw ApiError.field('VALIDATION_FAILED', 'from', FIELD_PROBLEMS_ZH.notARealDate);
    const r = addWorkingDays(await this.calendars.calendar(), from, workingDays);
    return { from, workingDays, due: r.due, unloadedYears: r.unloadedYears };
  }

  private presentLoaded(r: LoadedHolidayYear): HolidayYearSummaryView {
    return {
      year: r.year,
      origin: 'loaded',
      source: r.source,
      holidays: r.holidays.length,
      makeupWorkdays: r.makeupWorkdays.length,
      replacesBuiltIn: builtInYears().has(r.year),
      loadedAt: r.loadedAt,
      loadedBy: r.loadedBy ? { id: r.loadedBy, displayName: r.loadedByName ?? '' } : null,
    };
  }
}
