import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsInt, Matches, Max, Min } from 'class-validator';
import { UserRefView } from '../common/views';
import { FIELD_PATTERNS_ZH } from '@app/contracts';

/**
 * The fields are only admitted here (@Allow); their rules live in one place, the domain's
 * validateHolidayYear, which names the failing field (e.g. "makeupWorkdays[2]").
 */
export class LoadHolidayYearDto {
  @ApiProperty({ example: 2027, description: 'Four-digit year. Loading a built-in year replaces the built-in data.' })
  @Allow()
  year!: number;

  @ApiProperty({
    example: ['2027-01-01', '2027-01-02', '2027-01-03'],
    description: 'Every day off (放假) in the year, including weekend days inside a holiday period.',
  })
  @Allow()
  holidays!: string[];

  @ApiProperty({ example: ['2027-02-20'], description: 'Weekend days worked in exchange (调休上班); [] if none.' })
  @Allow()
  makeupWorkdays!: string[];

  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕X号)' })
  @Allow()
  source!: string;
}

export class DeadlinePreviewQuery {
  @ApiProperty({ example: '2026-12-24', description: 'Start day (not counted), YYYY-MM-DD.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: FIELD_PATTERNS_ZH.date })
  from!: string;

  @ApiProperty({ example: 10, minimum: 0, maximum: 366 })
  @Type(() => Number)
  @IsInt({ message: 'workingDays must be an integer' })
  @Min(0, { message: 'workingDays must not be negative' })
  @Max(366, { message: 'workingDays must not exceed 366' })
  workingDays!: number;
}

export class DeadlinePreviewView {
  @ApiProperty({ example: '2026-12-24' })
  from!: string;

  @ApiProperty({ example: 10 })
  workingDays!: number;

  @ApiProperty({ example: '2027-01-08', description: 'The due day: the n-th working day after `from`.' })
  due!: string;

  @ApiProperty({
    example: [2027],
    description:
      'Years the count passed through that have no loaded holiday arrangement (Monday–Friday assumed): load them, then re-check.',
  })
  unloadedYears!: number[];
}

export class HolidayYearSummaryView {
  @ApiProperty({ example: 2027 })
  year!: number;

  @ApiProperty({
    enum: ['built-in', 'loaded'],
    example: 'loaded',
    description: 'built-in: npm chinese-days; loaded: by an admin (replaces any built-in data).',
  })
  origin!: 'built-in' | 'loaded';

  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知' })
  source!: string;

  @ApiProperty({ example: 28 })
  holidays!: number;

  @ApiProperty({ example: 6 })
  makeupWorkdays!: number;

  @ApiProperty({ example: false, description: 'A loaded year that replaces built-in data for the same year.' })
  replacesBuiltIn!: boolean;

  @ApiProperty({ type: Date, example: '2026-11-22T02:30:00.000Z', nullable: true })
  loadedAt!: Date | null;

  @ApiProperty({ type: UserRefView, nullable: true })
  loadedBy!: UserRefView | null;
}

export class DeadlineRecountView {
  @ApiProperty({
    example: 'calendar-recount-2027-3b1d0c4e-2f7a-4d8e-9a61-0c5a8e2b7f13',
    description: 'The Temporal workflow that tells each case with an open task whose deadline count touches the year to recount it.',
  })
  workflowId!: string;

  @ApiProperty({
    example: true,
    description: 'False when Temporal could not be reached: the worker starts the recount within a minute.',
  })
  started!: boolean;
}

export class HolidayYearView extends HolidayYearSummaryView {
  @ApiProperty({ type: [String], example: ['2027-01-01', '2027-02-06'] })
  holidayDates!: string[];

  @ApiProperty({ type: [String], example: ['2027-02-20'] })
  makeupWorkdayDates!: string[];
}

export class HolidayYearLoadedView extends HolidayYearView {
  @ApiProperty({ type: DeadlineRecountView })
  recount!: DeadlineRecountView;
}
