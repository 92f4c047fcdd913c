import { ConfigurationError, loadConfig, validateEnvironment } from './config';

describe('configuration schema', () => {
  const base = {
    YIYANG_DATA_DIR: '/tmp/yiyang-config-spec',
    JWT_SECRET: 'x'.repeat(32),
    YIYANG_PAYLOAD_KEY: Buffer.alloc(32, 7).toString('base64'),
  };

  it('applies the embedded defaults when nothing is set', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      port: 3000,
      databaseName: 'yiyang',
      temporalNamespace: 'default',
      temporalTaskQueue: 'yiyang-cases',
      temporalPort: 7233,
      temporalUiPort: 8233,
      tokenTtlSeconds: 28800,
      demoData: false,
      logLevel: 'info',
      dbPoolSize: 10,
      schedules: true,
    });
  });

  it('converts numbers and flags', () => {
    const c = loadConfig({
      ...base,
      PORT: '3160',
      DB_POOL_SIZE: '4',
      YIYANG_SCHEDULES: 'false',
      YIYANG_DEMO_DATA: 'true',
      LOG_LEVEL: 'debug',
    });
    expect(c).toMatchObject({ port: 3160, dbPoolSize: 4, schedules: false, demoData: true, logLevel: 'debug' });
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['DB_POOL_SIZE', '0', 'DB_POOL_SIZE'],
    ['TEMPORAL_ADDRESS', 'localhost', 'TEMPORAL_ADDRESS must be host:port'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL must be a postgres:// URL'],
    ['YIYANG_DB_NAME', 'Robert"; DROP', 'YIYANG_DB_NAME'],
    ['JWT_SECRET', 'short', 'JWT_SECRET must be at least 32 characters'],
    ['TOKEN_TTL_SECONDS', '5', 'TOKEN_TTL_SECONDS'],
    ['YIYANG_SCHEDULES', 'yes', 'YIYANG_SCHEDULES must be true or false'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of'],
  ])('refuses %s=%s at start, naming it', (name, value, message) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigurationError);
    expect(() => validateEnvironment({ ...base, [name]: value })).toThrow(message);
  });

  it('leaves variables outside the schema alone', () => {
    expect(validateEnvironment({ ...base, HOME: '/root', PATH: '/bin' })).toMatchObject({ HOME: '/root', PATH: '/bin' });
  });
});
