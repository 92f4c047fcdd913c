import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, Max, Min } from 'class-validator';

export class AssessmentFormDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Score per item code (26 items of GB/T 42195-2022); see GET /api/assessments/items.',
    example: { eating: 2, grooming: 2 },
  })
  @IsObject()
  items!: Record<string, number>;

  @ApiProperty({ example: false }) @IsBoolean() coma!: boolean;
  @ApiProperty({ example: false }) @IsBoolean() dementia!: boolean;
  @ApiProperty({ example: false }) @IsBoolean() psychiatricDiagnosis!: boolean;

  @ApiProperty({ example: 0, description: 'Care-risk events (fall, choking, self-harm, wandering…) in the last 30 days.' })
  @IsInt()
  @Min(0)
  @Max(100)
  careRiskEvents30d!: number;
}
