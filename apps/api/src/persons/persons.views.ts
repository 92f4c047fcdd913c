import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATUSES, type CaseStatus } from '@app/contracts';

export class LifeEventCaseView {
  @ApiProperty() caseId!: string;
  @ApiProperty() caseNo!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
}

export class LifeEventResultView {
  @ApiProperty() personId!: string;
  @ApiProperty({ enum: ['death', 'moved_out'] }) kind!: string;
  @ApiProperty({ example: '2026-11-20' }) on!: string;
  @ApiProperty({ type: [LifeEventCaseView], description: 'Open cases of the person and their status after the event.' })
  cases!: LifeEventCaseView[];
}

export class TransferResultView {
  @ApiProperty() personId!: string;
  @ApiProperty({ example: '370124100' }) regionCode!: string;
  @ApiProperty({ description: 'False when the person was already registered there.' }) transferred!: boolean;
}
