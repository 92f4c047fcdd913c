import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';

async function probe(fn: () => Promise<unknown>, timeoutMs = 3000): Promise<{ status: 'up' | 'down'; latencyMs: number; error?: string }> {
  const started = Date.now();
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs))]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (err) {
    return { status: 'down', latencyMs: Date.now() - started, error: err instanceof Error ? err.message : 'unreachable' };
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'PostgreSQL and Temporal reachability. 200 when both are up, 503 otherwise.' })
  async health(@Res() res: Response) {
    const [postgres, temporal] = await Promise.all([
      probe(() => this.db.query('SELECT 1')),
      // Its own gRPC deadline too: a lazy connection to a dead server would otherwise keep retrying.
      probe(() =>
        this.temporal.connection.withDeadline(Date.now() + 3000, () => this.temporal.connection.workflowService.getSystemInfo({})),
      ),
    ]);
    const ok = postgres.status === 'up' && temporal.status === 'up';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', checks: { postgres, temporal } });
  }
}
