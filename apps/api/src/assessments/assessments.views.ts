import { ApiProperty } from '@nestjs/swagger';
import { JSON_OBJECT } from '../common/views';

const DIMENSIONS = ['self_care', 'basic_motor', 'mental', 'perception_social'];

export class AssessmentItemView {
  @ApiProperty({ example: 'eating' }) code!: string;
  @ApiProperty({ example: '进食' }) nameZh!: string;
  @ApiProperty({ enum: DIMENSIONS }) dimension!: string;
  @ApiProperty({ example: 0 }) min!: number;
  @ApiProperty({ example: 4 }) max!: number;
}

export class CapabilityLevelView {
  @ApiProperty({ example: 1 }) level!: number;
  @ApiProperty({ example: '轻度失能' }) nameZh!: string;
  @ApiProperty({ example: 'mild disability' }) nameEn!: string;
  @ApiProperty({ example: 66 }) minTotal!: number;
  @ApiProperty({ example: 89 }) maxTotal!: number;
}

export class AssessmentItemsView {
  @ApiProperty({ type: [AssessmentItemView] }) items!: AssessmentItemView[];
  @ApiProperty({ type: [CapabilityLevelView] }) levels!: CapabilityLevelView[];
}

export class DimensionScoreView {
  @ApiProperty() score!: number;
  @ApiProperty() max!: number;
}

export class DimensionScoresView {
  @ApiProperty({ type: DimensionScoreView }) self_care!: DimensionScoreView;
  @ApiProperty({ type: DimensionScoreView }) basic_motor!: DimensionScoreView;
  @ApiProperty({ type: DimensionScoreView }) mental!: DimensionScoreView;
  @ApiProperty({ type: DimensionScoreView }) perception_social!: DimensionScoreView;
}

export class AssessmentAdjustmentView {
  @ApiProperty({ enum: ['coma', 'dementia', 'psychiatric-diagnosis', 'care-risk-events'] }) code!: string;
  @ApiProperty({ enum: ['set-to-level-4', 'raised-one-level', 'already-raised', 'at-maximum', 'superseded-by-coma'] }) effect!: string;
  @ApiProperty() fromLevel!: number;
  @ApiProperty() toLevel!: number;
  @ApiProperty() textZh!: string;
  @ApiProperty() textEn!: string;
}

export class AssessmentScoredView {
  @ApiProperty({ enum: [true] }) ok!: true;
  @ApiProperty({ example: 70 }) total!: number;
  @ApiProperty({ type: DimensionScoresView }) dimensions!: DimensionScoresView;
  @ApiProperty() baseLevel!: number;
  @ApiProperty() baseLevelNameZh!: string;
  @ApiProperty() finalLevel!: number;
  @ApiProperty() finalLevelNameZh!: string;
  @ApiProperty() finalLevelNameEn!: string;
  @ApiProperty({ type: [AssessmentAdjustmentView] }) adjustments!: AssessmentAdjustmentView[];
}

export class AssessmentRecordView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '2026-11-20' }) assessedOn!: string;
  @ApiProperty({ example: 'GB/T 42195-2022' }) scale!: string;
  @ApiProperty({ type: Number, nullable: true }) total!: number | null;
  @ApiProperty({ type: Number, nullable: true }) baseLevel!: number | null;
  @ApiProperty() finalLevel!: number;
  @ApiProperty({ type: 'array', items: JSON_OBJECT }) adjustments!: Record<string, unknown>[];
  @ApiProperty({ ...JSON_OBJECT, nullable: true }) factors!: Record<string, unknown> | null;
  @ApiProperty({ ...JSON_OBJECT, nullable: true }) items!: Record<string, unknown> | null;
}
