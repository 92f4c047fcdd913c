import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, loadConfig, payloadFromJson, type JsonPayload } from '@app/runtime';
import { caseWorkflowId } from '@app/contracts';

export interface StartedTimer {
  /** When the timer was started (event time), ms since epoch. */
  startedAt: number;
  /** Its duration, ms. */
  durationMs: number;
  /** startedAt + durationMs. */
  firesAt: number;
}

function toMs(d: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!d) return 0;
  return Number(d.seconds ?? 0) * 1000 + Math.round((d.nanos ?? 0) / 1e6);
}

/** The timers a case's workflow has started, read from its history. */
export async function startedTimers(client: Client, caseId: string): Promise<StartedTimer[]> {
  const history = await client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.timerStartedEventAttributes)
    .map((e) => {
      const startedAt = toMs(e.eventTime as { seconds?: unknown; nanos?: number });
      const durationMs = toMs(e.timerStartedEventAttributes!.startToFireTimeout as { seconds?: unknown; nanos?: number });
      return { startedAt, durationMs, firesAt: startedAt + durationMs };
    });
}

/** How many Workflow Updates a case's workflow has accepted (and so recorded in its history). */
export async function acceptedUpdates(client: Client, caseId: string): Promise<number> {
  const history = await client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}

/** The codec the system's clients and workers use, with its configured payload keys. */
const systemCodec = () => new EncryptionCodec(loadConfig().payloadKeys);

/** Every payload in a history (as `historyToJSON` prints it), in event order. */
export function historyPayloads(historyJson: string): JsonPayload[] {
  const found: JsonPayload[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const metadata = o.metadata as Record<string, string> | undefined;
    if (metadata && typeof metadata.encoding === 'string' && 'data' in o) {
      found.push({ metadata, data: typeof o.data === 'string' ? o.data : undefined });
      return;
    }
    Object.values(o).forEach(visit);
  };
  visit(JSON.parse(historyJson));
  return found;
}

/**
 * Every payload in a history, decrypted with the system's payload key and joined as text: what
 * someone holding the key would read.
 */
export async function decryptedPayloads(historyJson: string): Promise<string> {
  const plain = await systemCodec().decode(historyPayloads(historyJson).map(payloadFromJson));
  return plain.map((p) => (p.data ? Buffer.from(p.data).toString('utf8') : '')).join('\n');
}

/** Every payload's bytes in a history as text, as anyone reading the history without the key would see them. */
export function rawPayloadText(historyJson: string): string {
  return [...historyJson.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8')).join('\n');
}

/** The input a case's workflow was started with, decrypted and decoded. */
export async function workflowStartInput<T>(client: Client, caseId: string): Promise<T> {
  const history = await client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0];
  if (!payload) throw new Error(`case ${caseId}: no start input in the history`);
  const [plain] = await systemCodec().decode([payload as Payload]);
  return defaultPayloadConverter.fromPayload<T>(plain);
}
