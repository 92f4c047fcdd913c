import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, yiyangDataConverter } from '@app/runtime';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TASK_QUEUE = Symbol('TASK_QUEUE');

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      useFactory: async () => {
        const config = loadConfig();
        const connection = await Connection.connect({ address: config.temporalAddress ?? `127.0.0.1:${config.temporalPort}` });
        return new Client({ connection, namespace: config.temporalNamespace, dataConverter: yiyangDataConverter(config.payloadKeys) });
      },
    },
    { provide: TASK_QUEUE, useFactory: () => loadConfig().temporalTaskQueue },
    TemporalConnectionCloser,
  ],
  exports: [TEMPORAL_CLIENT, TASK_QUEUE],
})
export class TemporalModule {}
