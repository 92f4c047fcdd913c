import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';
import { HealthView } from './health.views';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Public()
  @Get('health')
  @ApiOperation({
    summary:
      'PostgreSQL, Temporal, the worker (pollers on the task queue) and the reconciliation backlog. ' +
      '200 "ok" when all is well, 200 "attention" when cases are reported stuck, 503 "degraded" when a dependency or the worker is down.',
  })
  @ApiOkResponse({ type: HealthView })
  async check(@Res() res: Response) {
    const report = await this.health.report();
    res.status(report.status === 'degraded' ? 503 : 200).json(report);
  }

  @Public()
  @Get('metrics')
  @ApiProduces('text/plain')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: dependency and worker status, reconciliation findings by kind (counts only).' })
  @ApiOkResponse({ schema: { type: 'string' }, description: 'Prometheus text exposition format.' })
  metrics() {
    return this.health.metrics();
  }
}
