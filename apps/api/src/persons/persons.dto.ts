import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { FIELD_PATTERNS_ZH } from '@app/contracts';

export class LifeEventDto {
  @ApiProperty({ enum: ['death', 'moved_out'], example: 'death' })
  @IsIn(['death', 'moved_out'], { message: 'kind must be one of: death, moved_out' })
  kind!: 'death' | 'moved_out';

  @ApiProperty({ example: '2026-11-15', description: 'Date of death, or the date the household registration left the county.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: FIELD_PATTERNS_ZH.date })
  on!: string;

  @ApiPropertyOptional({ example: '死亡医学证明编号 …' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

export class TransferDto {
  @ApiProperty({ example: '370124002', description: 'The township (9 digits) or village (12 digits) that serves the person from now on.' })
  @Matches(/^\d{9}(\d{3})?$/, { message: FIELD_PATTERNS_ZH.townshipOrVillage })
  toRegionCode!: string;

  @ApiProperty({ example: '户籍迁入城关街道,经两地协商转移' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
