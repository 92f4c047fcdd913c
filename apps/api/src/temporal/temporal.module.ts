import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { YIYANG_CONFIG, yiyangDataConverter, type YiyangConfig } from '@app/runtime';

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
      inject: [YIYANG_CONFIG],
      useFactory: async (config: YiyangConfig) => {
        const connection = await Connection.connect({ address: config.temporalAddress ?? `127.0.0.1:${config.temporalPort}` });
        return new Client({ connection, namespace: config.temporalNamespace, dataConverter: yiyangDataConverter(config.payloadKeys) });
      },
    },
    { provide: TASK_QUEUE, inject: [YIYANG_CONFIG], useFactory: (config: YiyangConfig) => config.temporalTaskQueue },
    TemporalConnectionCloser,
  ],
  exports: [TEMPORAL_CLIENT, TASK_QUEUE],
})
export class TemporalModule {}
