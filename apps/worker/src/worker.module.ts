import { Module, type DynamicModule } from '@nestjs/common';
import type { YiyangConfig } from '@app/runtime';
import { CaseWorkerService } from './case-worker.service';

@Module({})
export class WorkerModule {
  static forRoot(config: YiyangConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      providers: [{ provide: CaseWorkerService, useFactory: () => new CaseWorkerService(config, databaseUrl) }],
      exports: [CaseWorkerService],
    };
  }
}
