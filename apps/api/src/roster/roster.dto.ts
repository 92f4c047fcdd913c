import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../common/page-query.dto';
import { UserRefView } from '../common/views';
import { ROSTER_CATEGORIES, ROSTER_ROW_ERROR_CODES, type RosterCategory, type RosterRowErrorCode } from '@app/domain/roster';
import { FIELD_PATTERNS_ZH } from '@app/contracts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ImportRosterQuery {
  @ApiPropertyOptional({
    example: '榆山街道困难群众名单-2026-11.csv',
    description: 'Name of the uploaded file, kept with the import report.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255, { message: 'filename must be 1 to 255 characters long' })
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f/\\]+$/, { message: FIELD_PATTERNS_ZH.fileName })
  filename?: string;
}

export class SearchRosterQuery extends PageQuery {
  @ApiPropertyOptional({ example: '370124195003150219', description: 'Exact resident ID number (18 characters).' })
  @IsOptional()
  @Matches(/^\s*\d{17}[\dXx]\s*$/, { message: FIELD_PATTERNS_ZH.idNumber })
  idNumber?: string;

  @ApiPropertyOptional({ enum: ROSTER_CATEGORIES, example: 'dibao', description: 'dibao 低保, tekun 特困, dishouru 低收入.' })
  @IsOptional()
  @IsIn(ROSTER_CATEGORIES, { message: `category must be one of: ${ROSTER_CATEGORIES.join(', ')}` })
  category?: RosterCategory;

  @ApiPropertyOptional({ example: '370124001', description: 'Only this region and below (within your own).' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode?: string;

  @ApiPropertyOptional({
    example: '2026-11-01',
    description: 'Only spells in force on this day (entered on or before it, not left before it).',
  })
  @IsOptional()
  @Matches(DATE, { message: FIELD_PATTERNS_ZH.date })
  activeOn?: string;
}

export class ListImportsQuery extends PageQuery {}

export class RosterImportErrorView {
  @ApiProperty({ example: 4, description: 'Line in the file (the header is line 1).' })
  row!: number;

  @ApiProperty({ example: 'id_number', description: "A column's canonical name, or 'row' for the row as a whole." })
  field!: string;

  @ApiProperty({
    enum: [...ROSTER_ROW_ERROR_CODES, 'LEGACY'],
    example: 'ID_NUMBER_CHECK_CHARACTER',
    description: 'Stable code of the problem. Reports stored before codes existed say LEGACY.',
  })
  code!: RosterRowErrorCode | 'LEGACY';

  @ApiProperty({ example: '身份证号校验码不正确,请核对。', description: 'The problem in Chinese, for the officer who uploaded the file.' })
  message!: string;
}

export class RosterImportReportView {
  @ApiProperty({ example: '0b6c1f0e-4d1a-4f7e-9a57-2d7f8c1e2a10' })
  importId!: string;

  @ApiProperty({ type: String, example: '榆山街道困难群众名单-2026-11.csv', nullable: true })
  filename!: string | null;

  @ApiProperty({ example: '370124001', description: "The importer's region; the report is visible within it." })
  regionCode!: string;

  @ApiProperty({ example: '2026-11-22T02:30:00.000Z' })
  importedAt!: Date;

  @ApiProperty({ type: UserRefView })
  importedBy!: UserRefView;

  @ApiProperty({ example: 120 })
  rowsTotal!: number;

  @ApiProperty({ example: 118 })
  rowsOk!: number;

  @ApiProperty({ example: 2 })
  rowsFailed!: number;

  @ApiProperty({ example: 10, description: 'Valid rows that added a spell.' })
  inserted!: number;

  @ApiProperty({ example: 3, description: 'Valid rows that changed the name, region or exit date of a spell.' })
  updated!: number;

  @ApiProperty({ example: 105, description: 'Valid rows identical to what was recorded.' })
  unchanged!: number;

  @ApiProperty({ example: ['序号'], description: 'Header cells that are not roster columns.' })
  ignoredColumns!: string[];

  @ApiProperty({ type: [RosterImportErrorView] })
  errors!: RosterImportErrorView[];
}
