import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../common/page-query.dto';
import { ROLES, type Role, FIELD_PATTERNS_ZH } from '@app/contracts';

export const PASSWORD_MIN_LENGTH = 10;

export class CreateUserDto {
  @ApiProperty({
    example: 'township.kongcun',
    description: '3–64 characters: lower-case letters, digits, dot, underscore, hyphen; starts with a letter or digit.',
  })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: FIELD_PATTERNS_ZH.username })
  username!: string;

  @ApiProperty({ example: '孔村镇经办人' })
  @IsString()
  @Length(1, 100, { message: 'displayName must be 1 to 100 characters long' })
  @Matches(/\S/, { message: FIELD_PATTERNS_ZH.notBlank })
  displayName!: string;

  @ApiProperty({ enum: ROLES, example: 'township_officer', description: 'A township officer needs a township (9-digit) region.' })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ example: '370124102', description: 'A region within yours: county (6 digits), township (9) or village (12).' })
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode!: string;

  @ApiProperty({
    example: 'Kongcun#2026!',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: 128,
    description: 'At least 10 characters; not containing the username.',
  })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 128, { message: `password must be ${PASSWORD_MIN_LENGTH} to 128 characters long` })
  password!: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES, example: 'township_officer' })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ example: '370124001', description: 'Only users of this region and below (within yours).' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], example: 'true', description: 'Only active (true) or deactivated (false) users.' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'active must be true or false' })
  active?: 'true' | 'false';
}

export class UserView {
  @ApiProperty({ example: '5f0c2d9e-2b7a-4c55-9a0e-0d3f1b6a9c11' })
  id!: string;

  @ApiProperty({ example: 'township.kongcun' })
  username!: string;

  @ApiProperty({ example: '孔村镇经办人' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, example: 'township_officer' })
  role!: Role;

  @ApiProperty({ example: '乡镇(街道)经办人' })
  roleLabel!: string;

  @ApiProperty({ example: '370124102' })
  regionCode!: string;

  @ApiProperty({ example: '孔村镇' })
  regionName!: string;

  @ApiProperty({ example: true })
  active!: boolean;

  @ApiProperty({ example: '2026-11-22T02:30:00.000Z' })
  createdAt!: Date;
}

export class UserPageView {
  @ApiProperty({ type: [UserView] }) items!: UserView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
