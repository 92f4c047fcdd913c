import { randomBytes } from 'node:crypto';
import { DefaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, payloadKey } from './payload-codec';

const keyA = payloadKey(randomBytes(32).toString('base64'));
const keyB = payloadKey(randomBytes(32).toString('base64'));
const converter = new DefaultPayloadConverter();

describe('EncryptionCodec', () => {
  const values: [string, unknown][] = [
    ['a completion with an officer comment', { actor: { displayName: '东阿镇经办人' }, comment: '入户核查:独居,无子女赡养' }],
    ['a string', '370124194805120017'],
    ['null', null],
    ['undefined', undefined],
    ['binary', new Uint8Array([0, 1, 2, 255])],
  ];

  it.each(values)('round-trips %s and hides its content', async (_label, value) => {
    const codec = new EncryptionCodec([keyA]);
    const plain = converter.toPayload(value);
    const [sealed] = await codec.encode([plain]);
    expect(new TextDecoder().decode(sealed.metadata!.encoding)).toBe('binary/encrypted');
    expect(new TextDecoder().decode(sealed.metadata!['encryption-key-id'])).toBe(keyA.id);
    if (plain.data && plain.data.length > 0) {
      expect(Buffer.from(sealed.data!).includes(Buffer.from(plain.data))).toBe(false);
    }
    const [opened] = await codec.decode([sealed]);
    expect(converter.fromPayload(opened)).toEqual(value);
  });

  it('uses a fresh IV per payload, so equal values do not look equal', async () => {
    const codec = new EncryptionCodec([keyA]);
    const p = converter.toPayload({ same: true });
    const [x, y] = await codec.encode([p, p]);
    expect(Buffer.from(x.data!).equals(Buffer.from(y.data!))).toBe(false);
  });

  it('reads payloads written before encryption as they are', async () => {
    const plain = converter.toPayload({ caseId: 'c-1' });
    const [read] = await new EncryptionCodec([keyA]).decode([plain]);
    expect(read).toBe(plain);
  });

  it('decrypts with an older key after rotation, encrypts with the new one', async () => {
    const [old] = await new EncryptionCodec([keyA]).encode([converter.toPayload('before rotation')]);
    const rotated = new EncryptionCodec([keyB, keyA]);
    expect(converter.fromPayload((await rotated.decode([old]))[0])).toBe('before rotation');
    const [fresh] = await rotated.encode([converter.toPayload('after')]);
    expect(new TextDecoder().decode(fresh.metadata!['encryption-key-id'])).toBe(keyB.id);
  });

  it('refuses an unknown key and a tampered payload', async () => {
    const [sealed] = await new EncryptionCodec([keyA]).encode([converter.toPayload('secret')]);
    await expect(new EncryptionCodec([keyB]).decode([sealed])).rejects.toThrow(`unknown key id ${keyA.id}`);
    const tampered = { ...sealed, data: Buffer.from(sealed.data!) };
    tampered.data[tampered.data.length - 1] ^= 1;
    await expect(new EncryptionCodec([keyA]).decode([tampered])).rejects.toThrow();
  });

  it.each([
    ['too short', Buffer.alloc(16).toString('base64')],
    ['empty', ''],
  ])('rejects a key that is %s', (_label, raw) => {
    expect(() => payloadKey(raw)).toThrow('32 bytes');
  });
});
