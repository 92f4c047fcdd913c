import type { DataSource } from 'typeorm';
import type { HolidayCalendar, HolidayYear } from '@app/domain/calendar';
import { CalendarProvider } from '../../activities/calendar-provider';

/**
 * The holiday calendar the running system uses right now (built-in years plus any year loaded as
 * data in the test database), so that a spec computes expected deadlines from "today" with the
 * same calendar as the API and the worker, whatever day it runs and whatever other specs loaded.
 */
export function systemCalendar(db: DataSource): Promise<HolidayCalendar> {
  return new CalendarProvider(db).calendar();
}

/**
 * A valid holiday arrangement for any year, for specs that must load "a year that is not yet
 * loaded" whichever year that is: the National Day week off (1–7 October) and the Saturday
 * before it worked.
 */
export function genericHolidayYear(year: number): HolidayYear & { source: string } {
  const holidays = Array.from({ length: 7 }, (_, i) => `${year}-10-${String(i + 1).padStart(2, '0')}`);
  let d = new Date(Date.UTC(year, 8, 30));
  while (d.getUTCDay() !== 6) d = new Date(d.getTime() - 86_400_000);
  return { year, holidays, makeupWorkdays: [d.toISOString().slice(0, 10)], source: `测试用 ${year} 年安排` };
}
