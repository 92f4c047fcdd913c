import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { addWorkingDays, type HolidayCalendar } from '@app/domain/calendar';
import { endOfShanghaiDay, shanghaiDateOf, type BusinessDate } from '@app/domain/dates';
import type { CalendarProvider } from '@app/persistence';
import { ApiError } from './api-error.exception';

export const DEFAULT_DUE_WITHIN_HOURS = 48;

/** The window of "due soon" in hours (the inbox and the supervisor summary take the same). */
export const DueWithinHours = () =>
  applyDecorators(
    ApiPropertyOptional({
      default: DEFAULT_DUE_WITHIN_HOURS,
      minimum: 1,
      maximum: 720,
      example: 48,
      description: 'The window of dueSoon, in hours (the default when neither window is given).',
    }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'dueWithinHours must be an integer' }),
    Min(1, { message: 'dueWithinHours must be at least 1' }),
    Max(720, { message: 'dueWithinHours must not exceed 720' }),
  );

/** The window of "due soon" in working days on the official calendar, as officers count their limits. */
export const DueWithinWorkingDays = () =>
  applyDecorators(
    ApiPropertyOptional({
      minimum: 1,
      maximum: 30,
      example: 2,
      description:
        'The window of dueSoon in working days: due by the end of the n-th working day after today (Asia/Shanghai, holidays and make-up days counted). Not with dueWithinHours.',
    }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'dueWithinWorkingDays must be an integer' }),
    Min(1, { message: 'dueWithinWorkingDays must be at least 1' }),
    Max(30, { message: 'dueWithinWorkingDays must not exceed 30' }),
  );

export interface DueSoonQuery {
  dueWithinHours?: number;
  dueWithinWorkingDays?: number;
}

export interface DueSoonWindow {
  /** Due at or before this instant (and not yet past) counts as due soon. */
  until: Date;
  dueWithinHours: number | null;
  dueWithinWorkingDays: number | null;
}

/** The end of the "due soon" window for a query: hours from now, or the end of the n-th working day. */
export async function dueSoonWindow(calendars: CalendarProvider, q: DueSoonQuery, now = Date.now()): Promise<DueSoonWindow> {
  if (q.dueWithinHours !== undefined && q.dueWithinWorkingDays !== undefined) {
    throw ApiError.field('VALIDATION_FAILED', 'dueWithinWorkingDays', 'dueWithinHours 与 dueWithinWorkingDays 只能填写其中一项');
  }
  if (q.dueWithinWorkingDays !== undefined) {
    const { due } = addWorkingDays(await calendars.calendar(), shanghaiDateOf(now), q.dueWithinWorkingDays);
    return { until: endOfShanghaiDay(due), dueWithinHours: null, dueWithinWorkingDays: q.dueWithinWorkingDays };
  }
  const hours = q.dueWithinHours ?? DEFAULT_DUE_WITHIN_HOURS;
  return { until: new Date(now + hours * 3_600_000), dueWithinHours: hours, dueWithinWorkingDays: null };
}

/** What a task row needs to say how many working days are left: the official calendar and today (Asia/Shanghai). */
export interface WorkingDaysContext {
  calendar: HolidayCalendar;
  today: BusinessDate;
}

export async function workingDaysContext(calendars: CalendarProvider, now = Date.now()): Promise<WorkingDaysContext> {
  return { calendar: await calendars.calendar(), today: shanghaiDateOf(now) };
}
