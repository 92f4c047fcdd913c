import { ApiProperty } from '@nestjs/swagger';

export const BULK_ITEM_STATUSES = ['completed', 'refused', 'pending'] as const;
export type BulkItemStatus = (typeof BULK_ITEM_STATUSES)[number];

export class BulkFieldErrorView {
  @ApiProperty({ example: 'comment' }) field!: string;
  @ApiProperty() message!: string;
}

/** One task's answer: what POST /api/tasks/{id}/complete would have answered for it alone. */
export class BulkItemResultView {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({
    enum: BULK_ITEM_STATUSES,
    description:
      'completed: the case workflow applied the decision; refused: nothing was recorded (code says why); ' +
      'pending: Temporal holds the decision but the workflow has not applied it yet (DECISION_PENDING).',
  })
  status!: BulkItemStatus;
  @ApiProperty({ type: String, nullable: true, example: 'TASK_CLOSED', description: 'The API error code when not completed.' })
  code!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The API error message when not completed: the code's Chinese sentence, then the specific detail in brackets.",
  })
  message!: string | null;
  @ApiProperty({ type: [BulkFieldErrorView] }) fields!: BulkFieldErrorView[];
  @ApiProperty({ type: String, nullable: true, example: 'approval' }) step!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'in_progress',
    description: "The case's status after a completed decision.",
  })
  caseStatus!: string | null;
}

export class BulkCompleteResultView {
  @ApiProperty({ format: 'uuid', description: 'The batch, as recorded in the audit log (action bulk_decisions).' }) batchId!: string;
  @ApiProperty() total!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() refused!: number;
  @ApiProperty() pending!: number;
  @ApiProperty({ type: [BulkItemResultView], description: 'One result per item, in request order.' }) items!: BulkItemResultView[];
}
