import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { TrackedGrpcRetries, YIYANG_CONFIG, yiyangDataConverter, type YiyangConfig } from '@app/runtime';
import { WorkflowUpdates } from './workflow-errors';

import { TASK_QUEUE, TEMPORAL_CLIENT, UPDATE_DEADLINE_MS } from './temporal.tokens';

export { TASK_QUEUE, TEMPORAL_CLIENT, UPDATE_DEADLINE_MS };

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TrackedGrpcRetries) private readonly retries: TrackedGrpcRetries,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.retries.settled();
    await this.client.connection.close();
  }
}

/**
 * The Temporal client, connected lazily: the API starts (and serves everything read from
 * PostgreSQL) while Temporal is down, and /api/health says so; calls that need Temporal answer 503.
 */
@Global()
@Module({})
export class TemporalModule {
  static forRoot(address?: string): DynamicModule {
    return {
      module: TemporalModule,
      providers: [
        {
          provide: TEMPORAL_CLIENT,
          inject: [YIYANG_CONFIG, TrackedGrpcRetries],
          useFactory: (config: YiyangConfig, retries: TrackedGrpcRetries) => {
            const connection = Connection.lazy({
              interceptors: retries.interceptors,
              address: address ?? config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`,
              // Reconnect within seconds once Temporal is back (gRPC's default backoff grows to two minutes).
              channelArgs: { 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 5000 },
            });
            return new Client({ connection, namespace: config.temporalNamespace, dataConverter: yiyangDataConverter(config.payloadKeys) });
          },
        },
        { provide: TASK_QUEUE, inject: [YIYANG_CONFIG], useFactory: (config: YiyangConfig) => config.temporalTaskQueue },
        { provide: UPDATE_DEADLINE_MS, inject: [YIYANG_CONFIG], useFactory: (config: YiyangConfig) => config.updateDeadlineMs },
        { provide: TrackedGrpcRetries, useFactory: () => new TrackedGrpcRetries() },
        TemporalConnectionCloser,
        WorkflowUpdates,
      ],
      exports: [TEMPORAL_CLIENT, TASK_QUEUE, UPDATE_DEADLINE_MS, WorkflowUpdates],
    };
  }
}
