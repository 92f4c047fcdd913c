import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER_SERVICES, clusterPorts, temporalDatabaseOptions, writeClusterConfig } from './temporal-cluster';

describe('clusterPorts', () => {
  it.each([7233, 23233, 27233])('gives every service distinct gRPC, membership and metrics ports from %i', (p) => {
    const ports = clusterPorts(p);
    expect(ports.grpc.frontend).toBe(p);
    const all = [...Object.values(ports.grpc), ...Object.values(ports.membership), ...Object.values(ports.metrics), ports.frontendHttp];
    expect(new Set(all).size).toBe(all.length);
    expect(Math.max(...all) - Math.min(...all)).toBeLessThan(300); // app metrics start at P+300
  });
});

describe('temporalDatabaseOptions', () => {
  it.each([
    {
      name: 'the app database, default names',
      url: 'postgres://postgres@127.0.0.1:5432/yiyang',
      env: {},
      want: {
        host: '127.0.0.1',
        port: 5432,
        user: 'postgres',
        password: undefined,
        databaseName: 'temporal',
        visibilityDatabaseName: 'temporal_visibility',
      },
    },
    {
      name: 'embedded PostgreSQL with a password, own names',
      url: 'postgres://postgres:yiyang-embedded@127.0.0.1:54329/yiyang',
      env: { TEMPORAL_DB_NAME: 'temporal_cluster', TEMPORAL_VISIBILITY_DB_NAME: 'temporal_cluster_visibility' },
      want: {
        host: '127.0.0.1',
        port: 54329,
        user: 'postgres',
        password: 'yiyang-embedded',
        databaseName: 'temporal_cluster',
        visibilityDatabaseName: 'temporal_cluster_visibility',
      },
    },
    {
      name: 'another server and user for Temporal',
      url: 'postgres://yiyang:a@db1/yiyang',
      env: { TEMPORAL_DATABASE_URL: 'postgres://temporal:p%40ss@db2:6543/ignored' },
      want: {
        host: 'db2',
        port: 6543,
        user: 'temporal',
        password: 'p@ss',
        databaseName: 'temporal',
        visibilityDatabaseName: 'temporal_visibility',
      },
    },
  ])('$name', ({ url, env, want }) => {
    expect(temporalDatabaseOptions(url, env)).toEqual(want);
  });

  it.each(['temporal; DROP DATABASE x', 'Temporal', '1temporal'])('refuses the database name %j', (bad) => {
    expect(() => temporalDatabaseOptions('postgres://postgres@127.0.0.1/yiyang', { TEMPORAL_DB_NAME: bad })).toThrow(/TEMPORAL_DB_NAME/);
  });
});

describe('writeClusterConfig', () => {
  it('writes one config per service with its own metrics port, the databases and the shard count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yiyang-cluster-config-'));
    const db = temporalDatabaseOptions('postgres://postgres@127.0.0.1:5432/yiyang', { TEMPORAL_DB_NAME: 'temporal_x' });
    const configDir = writeClusterConfig({ dir, frontendPort: 23233, db, numHistoryShards: 8, dynamicConfigFile: '/etc/dc.yaml' });
    const ports = clusterPorts(23233);
    for (const service of CLUSTER_SERVICES) {
      // JSON is YAML: the server reads these files as YAML.
      const config = JSON.parse(readFileSync(join(configDir, `${service}.yaml`), 'utf8'));
      expect(config.global.metrics.prometheus.listenAddress).toBe(`127.0.0.1:${ports.metrics[service]}`);
      expect(config.persistence.numHistoryShards).toBe(8);
      expect(config.persistence.datastores['postgres-default'].sql.databaseName).toBe('temporal_x');
      expect(config.persistence.datastores['postgres-visibility'].sql.databaseName).toBe('temporal_visibility');
      expect(config.services.frontend.rpc).toMatchObject({ grpcPort: 23233, membershipPort: 23333, httpPort: 23243 });
      expect(config.services[service].rpc.grpcPort).toBe(ports.grpc[service]);
      expect(config.dynamicConfigClient.filepath).toBe('/etc/dc.yaml');
      expect(config.clusterMetadata.clusterInformation.active.rpcAddress).toBe('127.0.0.1:23233');
    }
  });
});
