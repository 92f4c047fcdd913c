import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : '');

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** A 32-byte key from its base64 form, with a short id (recorded beside each payload) derived from it. */
export function payloadKey(base64: string): PayloadKey {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error('a payload key must be 32 bytes, base64-encoded');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}

/**
 * Encrypts every payload a workflow sends or receives (inputs, results, update and query
 * arguments, activity inputs) with AES-256-GCM, so officers' names, comments and home-visit
 * findings are not readable in Temporal's history. Payloads written before encryption was on are
 * read as they are. The first key encrypts; all of them decrypt (for rotation).
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: PayloadKey[]) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0];
    return payloads.map((p) => {
      const json = payloadToJson(p);
      const plain = Buffer.from(JSON.stringify({ m: json.metadata, d: json.data ?? null }));
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
      return {
        metadata: { encoding: utf8(ENCODING), [KEY_ID]: utf8(id) },
        data: Buffer.concat([iv, cipher.getAuthTag(), sealed]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (text(p.metadata?.encoding) !== ENCODING) return p;
      const id = text(p.metadata?.[KEY_ID]);
      const key = this.byId.get(id);
      if (!key) throw new Error(`payload encrypted with unknown key id ${id}: configure it in YIYANG_PAYLOAD_OLD_KEYS`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      const inner = JSON.parse(plain.toString('utf8')) as { m: Record<string, string>; d: string | null };
      return payloadFromJson({ metadata: inner.m, data: inner.d ?? undefined });
    });
  }
}

/** A payload as protobuf JSON prints it (history exports, the codec-server protocol): bytes as base64. */
export interface JsonPayload {
  metadata: Record<string, string>;
  data?: string;
}

export function payloadFromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: p.data === undefined ? undefined : new Uint8Array(Buffer.from(p.data, 'base64')),
  };
}

export function payloadToJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    ...(p.data ? { data: Buffer.from(p.data).toString('base64') } : {}),
  };
}

/** The data converter every client, worker and replay uses. */
export function yiyangDataConverter(keys: PayloadKey[]): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)] };
}
