import type { DataSource } from 'typeorm';
import {
  addCalendarDays,
  addWorkingDays,
  builtInHolidayYears,
  createHolidayCalendar,
  type HolidayCalendar,
  type HolidayYear,
} from '@app/domain/calendar';
import { addMonthsToDate, endOfShanghaiDay, shanghaiDateOf, startOfShanghaiDay } from '@app/domain/dates';
import type { DurationPolicy } from '@app/domain/policy';

/** When a duration runs out, as the task rows and timers record it. */
export interface DeadlineResult {
  dueAt: string;
  dueDate: string;
  /** e.g. "holiday-calendar-missing:2027" when the deadline crosses a year with no loaded arrangement. */
  calendarFlag: string | null;
}

/**
 * The official holiday arrangements: chinese-days' years plus any year an admin loaded as data
 * (a loaded year replaces the built-in one). The built calendar is reused until the loaded years
 * change: each use checks a one-row stamp (count and latest load time), so a year an admin loads
 * counts at once in every process, API and worker alike.
 */
export class CalendarProvider {
  private cached: { stamp: string; calendar: HolidayCalendar } | null = null;

  constructor(private readonly db: DataSource) {}

  async calendar(): Promise<HolidayCalendar> {
    const stampRows: { n: number; at: Date | null }[] = await this.db.query(
      'SELECT count(*)::int AS n, max(loaded_at) AS at FROM holiday_years',
    );
    const stamp = `${stampRows[0].n}:${stampRows[0].at?.toISOString() ?? '-'}`;
    if (this.cached && this.cached.stamp === stamp) return this.cached.calendar;
    const rows: { year: number; holidays: string[]; makeup_workdays: string[]; source: string }[] = await this.db.query(
      'SELECT year, holidays, makeup_workdays, source FROM holiday_years',
    );
    const loaded: HolidayYear[] = rows.map((r) => ({
      year: r.year,
      holidays: r.holidays,
      makeupWorkdays: r.makeup_workdays,
      source: r.source,
    }));
    const loadedYears = new Set(loaded.map((y) => y.year));
    const years = [...builtInHolidayYears().filter((y) => !loadedYears.has(y.year)), ...loaded];
    const calendar = createHolidayCalendar(years);
    this.cached = { stamp, calendar };
    return calendar;
  }

  /**
   * When a duration that starts at `from` runs out, as an instant. Day-based limits end at the
   * end of the due day in Asia/Shanghai; the start day is not counted. `calendar`: one the caller
   * read already (e.g. while it read other things at once); otherwise it is read here.
   */
  async deadline(from: Date, duration: DurationPolicy, calendar?: HolidayCalendar): Promise<DeadlineResult> {
    const start = shanghaiDateOf(from);
    const flag = (years: number[]) => (years.length > 0 ? `holiday-calendar-missing:${years.join(',')}` : null);
    switch (duration.unit) {
      case 'seconds': {
        const due = new Date(from.getTime() + duration.amount * 1000);
        return { dueAt: due.toISOString(), dueDate: shanghaiDateOf(due), calendarFlag: null };
      }
      case 'months': {
        const dueDate = addMonthsToDate(start, duration.amount);
        return { dueAt: startOfShanghaiDay(dueDate).toISOString(), dueDate, calendarFlag: null };
      }
      case 'working_days': {
        const r = addWorkingDays(calendar ?? (await this.calendar()), start, duration.amount);
        return { dueAt: endOfShanghaiDay(r.due).toISOString(), dueDate: r.due, calendarFlag: flag(r.unloadedYears) };
      }
      case 'calendar_days': {
        const r = addCalendarDays(calendar ?? (await this.calendar()), start, duration.amount, {
          rollForwardToWorkingDay: duration.rollToWorkingDay ?? false,
        });
        return { dueAt: endOfShanghaiDay(r.due).toISOString(), dueDate: r.due, calendarFlag: flag(r.unloadedYears) };
      }
    }
  }
}
