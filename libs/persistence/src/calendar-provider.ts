import type { DataSource, EntityManager } from 'typeorm';
import {
  addCalendarDays,
  addWorkingDays,
  builtInHolidayYears,
  createHolidayCalendar,
  type HolidayCalendar,
  type HolidayYear,
} from '@app/domain/calendar';
import { endOfShanghaiDay, shanghaiDateOf } from '@app/domain/dates';
import { durationEndWithoutCalendar, type DurationEnd, type DurationPolicy } from '@app/domain/policy';

/** When a duration runs out, as the task rows and timers record it. */
export type DeadlineResult = DurationEnd;

/**
 * Whether the loaded holiday years changed (their count and latest load time), as an SQL
 * expression: a statement that reads it beside other things spares the calendar its own query.
 */
export const CALENDAR_STAMP = `(SELECT count(*) || ':' || COALESCE(extract(epoch FROM max(loaded_at))::text, '-') FROM holiday_years)`;

/**
 * The official holiday arrangements: chinese-days' years plus any year an admin loaded as data
 * (a loaded year replaces the built-in one). The built calendar is reused until the loaded years
 * change: each use checks a one-row stamp (count and latest load time), so a year an admin loads
 * counts at once in every process, API and worker alike.
 */
export class CalendarProvider {
  private cached: { stamp: string; calendar: HolidayCalendar } | null = null;

  constructor(private readonly db: DataSource) {}

  /**
   * The calendar as of now. `read`: where to read (a transaction's manager keeps every read on its
   * connection), and the stamp when the caller's own statement read it already (CALENDAR_STAMP):
   * then only a changed calendar costs a query.
   */
  async calendar(read: { on?: EntityManager; stamp?: string } = {}): Promise<HolidayCalendar> {
    const q = read.on ?? this.db;
    const stamp = read.stamp ?? ((await q.query(`SELECT ${CALENDAR_STAMP} AS stamp`)) as { stamp: string }[])[0].stamp;
    if (this.cached && this.cached.stamp === stamp) return this.cached.calendar;
    const rows: { year: number; holidays: string[]; makeup_workdays: string[]; source: string }[] = await q.query(
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
   * read already (e.g. while it read other things at once), or how to read it when a duration
   * counts days; otherwise it is read here.
   */
  async deadline(
    from: Date,
    duration: DurationPolicy,
    calendar?: HolidayCalendar | (() => Promise<HolidayCalendar>),
  ): Promise<DeadlineResult> {
    const start = shanghaiDateOf(from);
    const days = async () => (typeof calendar === 'function' ? calendar() : (calendar ?? this.calendar()));
    const flag = (years: number[]) => (years.length > 0 ? `holiday-calendar-missing:${years.join(',')}` : null);
    switch (duration.unit) {
      case 'seconds':
      case 'months':
        return durationEndWithoutCalendar(from, duration)!;
      case 'working_days': {
        const r = addWorkingDays(await days(), start, duration.amount);
        return { dueAt: endOfShanghaiDay(r.due).toISOString(), dueDate: r.due, calendarFlag: flag(r.unloadedYears) };
      }
      case 'calendar_days': {
        const r = addCalendarDays(await days(), start, duration.amount, {
          rollForwardToWorkingDay: duration.rollToWorkingDay ?? false,
        });
        return { dueAt: endOfShanghaiDay(r.due).toISOString(), dueDate: r.due, calendarFlag: flag(r.unloadedYears) };
      }
    }
  }
}
