import { Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { SEARCH_ATTRIBUTES } from './temporal-server';

// temporal.api.enums.v1.IndexedValueType (the proto enum; @temporalio/proto is not a direct dependency).
const INDEXED_VALUE_TYPES: Record<string, number> = { Text: 1, Keyword: 2, Int: 3, Double: 4, Bool: 5, Datetime: 6, KeywordList: 7 };
const GRPC_NOT_FOUND = 5;

export interface NamespaceSetupResult {
  namespaceCreated: boolean;
  searchAttributesAdded: string[];
}

/**
 * What the dev server does with `--namespace` and `--search-attribute`, for a real cluster:
 * registers the namespace and Yiyang's custom search attributes if missing (idempotent), then
 * waits until a visibility query on them is accepted, i.e. until a case start that sets them would
 * be. Retries while the frontend is still coming up.
 */
export async function ensureNamespaceAndSearchAttributes(opts: {
  address: string;
  namespace: string;
  retentionDays: number;
  timeoutMs?: number;
  log?: (message: string) => void;
}): Promise<NamespaceSetupResult> {
  const log = opts.log ?? (() => undefined);
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  const retry = async <T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> => {
    let last: unknown;
    for (;;) {
      try {
        const v = await attempt();
        if (v !== undefined) return v;
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) throw new Error(`temporal setup: timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  const connection = await retry('the frontend', () => Connection.connect({ address: opts.address, connectTimeout: 2000 }));
  try {
    const { namespace } = opts;
    await retry('the cluster to answer', async () => (await connection.workflowService.getSystemInfo({})) ?? undefined);

    let namespaceCreated = false;
    const exists = await connection.workflowService.describeNamespace({ namespace }).then(
      () => true,
      (err: unknown) => {
        if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) return false;
        throw err;
      },
    );
    if (!exists) {
      await connection.workflowService
        .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(opts.retentionDays * 24 * 3600 * 1000) })
        .catch((err: unknown) => {
          // Another process registered it meanwhile.
          if (!(isGrpcServiceError(err) && /already exists/i.test(err.details ?? err.message))) throw err;
        });
      namespaceCreated = true;
      log(`temporal setup: namespace ${namespace} registered (retention ${opts.retentionDays} days)`);
    }

    const wanted = SEARCH_ATTRIBUTES.map((sa) => {
      const [name, type] = sa.split('=');
      return { name, type: INDEXED_VALUE_TYPES[type] };
    });
    // The namespace is visible to the operator service only once its registry refreshed.
    const present = await retry(`namespace ${namespace}`, async () => {
      const res = await connection.operatorService.listSearchAttributes({ namespace });
      return res.customAttributes ?? {};
    });
    const missing = wanted.filter((w) => present[w.name] === undefined);
    for (const w of wanted) {
      if (present[w.name] !== undefined && present[w.name] !== w.type)
        throw new Error(`temporal setup: search attribute ${w.name} exists with another type (${present[w.name]})`);
    }
    if (missing.length > 0) {
      await connection.operatorService
        .addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((m) => [m.name, m.type])) })
        .catch((err: unknown) => {
          if (!(isGrpcServiceError(err) && /already exists/i.test(err.details ?? err.message))) throw err;
        });
      log(`temporal setup: search attributes added: ${missing.map((m) => m.name).join(', ')}`);
    }
    const query = wanted.map((w) => `${w.name} = 'setup-check'`).join(' AND ');
    await retry('the search attributes to be queryable', async () => {
      await connection.workflowService.countWorkflowExecutions({ namespace, query });
      return true;
    });
    return { namespaceCreated, searchAttributesAdded: missing.map((m) => m.name) };
  } finally {
    await connection.close();
  }
}
