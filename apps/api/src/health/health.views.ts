import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthCheckView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ example: 2 }) latencyMs!: number;
  @ApiPropertyOptional({ example: 'timed out' }) error?: string;
}

export class HealthChecksView {
  @ApiProperty({ type: HealthCheckView }) postgres!: HealthCheckView;
  @ApiProperty({ type: HealthCheckView }) temporal!: HealthCheckView;
}

export class HealthView {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ type: HealthChecksView }) checks!: HealthChecksView;
}
