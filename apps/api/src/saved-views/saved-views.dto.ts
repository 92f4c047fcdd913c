import { ApiProperty, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsString, Length, ValidateNested } from 'class-validator';
import { InboxQuery } from '../tasks/tasks.dto';

/** The inbox filters a view keeps: the same fields, with the same rules, as GET /api/tasks. */
export class SavedViewFiltersDto extends PickType(InboxQuery, [
  'scope',
  'status',
  'step',
  'caseType',
  'overdue',
  'dueSoon',
  'dueWithinWorkingDays',
  'regionCode',
  'sort',
  'pageSize',
] as const) {}

export class CreateSavedViewDto {
  @ApiProperty({ example: '本周逾期审核' })
  @IsString({ message: 'name must be a string' })
  @Length(1, 50, { message: 'name must be 1 to 50 characters' })
  name!: string;

  @ApiProperty({ type: SavedViewFiltersDto })
  @IsDefined({ message: 'filters is required' })
  @ValidateNested()
  @Type(() => SavedViewFiltersDto)
  filters!: SavedViewFiltersDto;
}

export class SavedViewView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '本周逾期审核' }) name!: string;
  @ApiProperty({ type: SavedViewFiltersDto }) filters!: SavedViewFiltersDto;
  @ApiProperty() createdAt!: Date;
}
