import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/page-query.dto';
import { CASE_STATUSES, CASE_TYPES, type CaseStatus, type CaseType, FIELD_PATTERNS_ZH } from '@app/contracts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ApplicantDto {
  @ApiProperty({ example: '370124195803150014', description: 'Resident ID number (GB 11643), 18 characters.' })
  @IsString()
  @Matches(/^\d{17}[\dXx]$/, { message: FIELD_PATTERNS_ZH.idNumber })
  idNumber!: string;

  @ApiProperty({ example: '测试老人甲' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiPropertyOptional({ example: '1958-03-15', description: 'If given, must match the birth date in the ID number.' })
  @IsOptional()
  @Matches(DATE, { message: FIELD_PATTERNS_ZH.date })
  birthDate?: string;

  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional()
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { message: FIELD_PATTERNS_ZH.phone })
  phone?: string;

  @ApiPropertyOptional({ example: '榆山街道某村1号' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;
}

export class CreateCaseDto {
  @ApiProperty({ enum: CASE_TYPES, example: 'hardship-allowance' })
  @IsIn(CASE_TYPES, { message: `caseType must be one of: ${CASE_TYPES.join(', ')}` })
  caseType!: CaseType;

  @ApiProperty({ example: '370124001001', description: 'Village (12-digit) or township (9-digit) code where the applicant is registered.' })
  @Matches(/^\d{9}(\d{3})?$/, { message: FIELD_PATTERNS_ZH.townshipOrVillage })
  regionCode!: string;

  @ApiProperty({ type: ApplicantDto })
  @IsDefined({ message: 'applicant is required' })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;

  @ApiPropertyOptional({ example: '2026-11-20', description: 'Date the application was received; defaults to today (Asia/Shanghai).' })
  @IsOptional()
  @Matches(DATE, { message: FIELD_PATTERNS_ZH.date })
  appliedOn?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Case-type details (e.g. the care home requested for a trial stay).',
    example: {},
  })
  @IsOptional()
  @IsObject()
  details?: Record<string, unknown>;
}

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_TYPES })
  @IsOptional()
  @IsIn(CASE_TYPES, { message: `caseType must be one of: ${CASE_TYPES.join(', ')}` })
  caseType?: CaseType;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: `status must be one of: ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus;

  @ApiPropertyOptional({ example: '370124001' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode?: string;
}

export class ReasonDto {
  @ApiProperty({ example: '申请人书面申请撤回' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class ObjectionDto {
  @ApiProperty({ example: '村民反映申请人家庭有经营性收入' })
  @IsString()
  @Length(1, 2000)
  summary!: string;
}
