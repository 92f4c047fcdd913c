import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthCheckView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ example: 2 }) latencyMs!: number;
  @ApiPropertyOptional({ example: 'timed out' }) error?: string;
}

export class WorkerCheckView extends HealthCheckView {
  @ApiProperty({ example: 'yiyang-cases' }) taskQueue!: string;
  @ApiProperty({ example: 2, description: 'Workers polling for workflow tasks, seen within the last 90 s.' }) workflowPollers!: number;
  @ApiProperty({ example: 2, description: 'Workers polling for activity tasks, seen within the last 90 s.' }) activityPollers!: number;
}

export class ReconciliationCheckView {
  @ApiProperty({ example: 0, description: 'Cases the reconciliation found stuck and not yet resolved.' }) backlog!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: {} }) byKind!: Record<string, number>;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-26T10:00:00.000Z' }) lastRunAt!: string | null;
}

export class HealthChecksView {
  @ApiProperty({ type: HealthCheckView }) postgres!: HealthCheckView;
  @ApiProperty({ type: HealthCheckView }) temporal!: HealthCheckView;
  @ApiProperty({ type: WorkerCheckView }) worker!: WorkerCheckView;
  @ApiProperty({ type: ReconciliationCheckView, nullable: true }) reconciliation!: ReconciliationCheckView | null;
}

export class HealthView {
  @ApiProperty({ enum: ['ok', 'attention', 'degraded'] }) status!: 'ok' | 'attention' | 'degraded';
  @ApiProperty({ type: HealthChecksView }) checks!: HealthChecksView;
}
