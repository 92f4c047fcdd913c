import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { STEP_CODES } from '@app/domain/policy';

/** The most decisions one request carries; the console sends smaller chunks to show progress. */
export const BULK_MAX_ITEMS = 200;

/** The decision fields a batch may share and an item may override: those of POST /api/tasks/{id}/complete. */
class DecisionFieldsDto {
  @ApiPropertyOptional({
    enum: STEP_CODES,
    example: 'approval',
    description: 'The step being completed; refused per item if its case is elsewhere.',
  })
  @IsOptional()
  @IsIn(STEP_CODES, { message: `step must be one of: ${STEP_CODES.join(', ')}` })
  step?: string;

  @ApiPropertyOptional({ example: 'approve' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  outcome?: string;

  @ApiPropertyOptional({ example: '同意' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Step findings, as for a single completion.' })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}

export class BulkDecisionItemDto extends DecisionFieldsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'taskId must be a UUID' })
  taskId!: string;
}

export class BulkCompleteDto extends DecisionFieldsDto {
  @ApiProperty({
    type: [BulkDecisionItemDto],
    description: `1 to ${BULK_MAX_ITEMS} tasks, each once; an item's own step, outcome, comment or data replace the shared ones.`,
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'items must name at least one task' })
  @ArrayMaxSize(BULK_MAX_ITEMS, { message: `items must name at most ${BULK_MAX_ITEMS} tasks` })
  @ArrayUnique((i: BulkDecisionItemDto) => i?.taskId, { message: 'items must name each task once' })
  @ValidateNested({ each: true })
  @Type(() => BulkDecisionItemDto)
  items!: BulkDecisionItemDto[];
}
