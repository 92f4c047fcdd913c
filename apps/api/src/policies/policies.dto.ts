import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CASE_TYPES, type CaseType, FIELD_PATTERNS_ZH } from '@app/contracts';
import { DEFAULT_POLICIES } from '@app/domain/policy';

export class CreatePolicyDto {
  @ApiProperty({ enum: CASE_TYPES, example: 'hardship-allowance' })
  @IsIn(CASE_TYPES, { message: `caseType must be one of: ${CASE_TYPES.join(', ')}` })
  caseType!: CaseType;

  @ApiProperty({ example: '370124', description: 'The county, township or village the version applies to (its whole subtree).' })
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode!: string;

  @ApiProperty({ example: '2027-01-01', description: 'Cases applied for on or after this date use the version; not in the past.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: FIELD_PATTERNS_ZH.date })
  effectiveFrom!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The policy: chain of steps with roles and deadlines, escalation, rules (amounts in fen).',
    example: DEFAULT_POLICIES['hardship-allowance'],
  })
  @IsObject()
  body!: Record<string, unknown>;

  @ApiPropertyOptional({ example: '平民发〔2027〕1号:提高高龄段补贴标准' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

export class PolicyQuery {
  @ApiPropertyOptional({ enum: CASE_TYPES })
  @IsOptional()
  @IsIn(CASE_TYPES, { message: `caseType must be one of: ${CASE_TYPES.join(', ')}` })
  caseType?: CaseType;

  @ApiPropertyOptional({ example: '370124001001' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode?: string;

  @ApiPropertyOptional({ example: '2026-11-22' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: FIELD_PATTERNS_ZH.date })
  on?: string;
}
