import { ensureNamespaceAndSearchAttributes, JsonLogger } from '@app/runtime';

/**
 * `cli temporal-setup`: registers the namespace and Yiyang's search attributes on an existing
 * Temporal cluster (TEMPORAL_ADDRESS), idempotently. The compose file runs it as a one-shot before
 * any worker or API starts: without the search attributes every case start is rejected.
 */
export async function temporalSetup(): Promise<void> {
  const log = new JsonLogger('cli');
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('temporal-setup needs TEMPORAL_ADDRESS (host:port of the Temporal frontend)');
  const retention = Number(process.env.TEMPORAL_RETENTION_DAYS ?? 30);
  if (!Number.isInteger(retention) || retention <= 0) throw new Error('TEMPORAL_RETENTION_DAYS must be a positive integer');
  const result = await ensureNamespaceAndSearchAttributes({
    address,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    retentionDays: retention,
    log: (m) => log.write('info', m),
  });
  log.write('info', 'temporal setup done', { temporal: address, ...result });
}
