import { ApiProperty } from '@nestjs/swagger';
import { CASE_TYPES, type CaseType } from '@app/contracts';
import { JSON_OBJECT } from '../common/views';

export class PolicyView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CASE_TYPES }) caseType!: CaseType;
  @ApiProperty({ example: '370124' }) regionCode!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: '2026-01-01' }) effectiveFrom!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class PolicyDetailView extends PolicyView {
  @ApiProperty({ ...JSON_OBJECT, description: 'The policy body: approval chain, deadlines, amounts (see POST /api/policies).' })
  body!: Record<string, unknown>;
}
