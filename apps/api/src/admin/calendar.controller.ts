import { Body, Controller, Get, Param, Post, Query, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES, type Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError } from '../common/api-error.exception';
import {
  DeadlinePreviewQuery,
  DeadlinePreviewView,
  HolidayYearLoadedView,
  HolidayYearSummaryView,
  HolidayYearView,
  LoadHolidayYearDto,
} from './calendar.dto';
import { CalendarService } from './calendar.service';

const CALENDAR_READERS = ['township_officer', 'county_officer', 'supervisor', 'admin'] as const;

/** A four-digit year in the path; anything else (including numbers too large for the database) is a 400. */
const yearParam: PipeTransform<string, number> = {
  transform(value: string): number {
    if (!/^\d{4}$/.test(value)) throw ApiError.field('VALIDATION_FAILED', 'year', '应为四位数年份');
    return Number(value);
  },
};

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('holiday-years')
  @Roles(...CALENDAR_READERS)
  @ApiOperation({
    summary:
      'Years with official holiday arrangements (built-in 2004–2026 from chinese-days, plus years loaded as data), with their source and who loaded them.',
  })
  @ApiOkResponse({ type: [HolidayYearSummaryView] })
  years() {
    return this.calendar.years();
  }

  @Get('holiday-years/:year')
  @Roles(...CALENDAR_READERS)
  @ApiOperation({ summary: "One year's arrangement with its dates. 404 if the year is neither built in nor loaded." })
  @ApiOkResponse({ type: HolidayYearView })
  year(@Param('year', yearParam) year: number) {
    return this.calendar.year(year);
  }

  @Post('holiday-years')
  @Roles('admin')
  @ApiOperation({
    summary:
      "Load (or replace) a year's holiday arrangement as published by the State Council each November. Validated; audited; open tasks whose deadline count touches the year are recounted.",
  })
  @ApiCreatedResponse({ type: HolidayYearLoadedView })
  load(@CurrentActor() actor: Actor, @Body() dto: LoadHolidayYearDto) {
    return this.calendar.load(actor, dto);
  }

  @Get('working-days/deadline')
  @Roles(...ROLES)
  @ApiOperation({
    summary:
      'Preview a deadline: the n-th working day after `from` (start day not counted) on the calendar the worker uses; lists years not yet loaded.',
  })
  @ApiOkResponse({ type: DeadlinePreviewView })
  deadline(@Query() q: DeadlinePreviewQuery) {
    return this.calendar.previewDeadline(q.from, q.workingDays);
  }
}
