import { Inject, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { loadConfig, validateEnvironment, type YiyangConfig } from './config';

/** Injection token of the validated configuration (`@InjectConfig() config: YiyangConfig`). */
export const YIYANG_CONFIG = 'yiyang';

export const InjectConfig = () => Inject(YIYANG_CONFIG);

const yiyangConfig = registerAs(YIYANG_CONFIG, () => loadConfig());

/**
 * Configuration through `@nestjs/config`: the environment is validated against the schema
 * (`EnvironmentVariables`) once, when the app is built, and the typed `YiyangConfig` is injected
 * wherever it is needed. Built per app (not at import), so each app reads the environment it
 * starts in.
 */
@Module({})
export class YiyangConfigModule {
  static forRoot(): DynamicModule {
    return {
      module: YiyangConfigModule,
      global: true,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: validateEnvironment, load: [yiyangConfig] })],
      providers: [{ provide: YIYANG_CONFIG, inject: [yiyangConfig.KEY], useFactory: (c: YiyangConfig) => c }],
      exports: [YIYANG_CONFIG],
    };
  }
}
