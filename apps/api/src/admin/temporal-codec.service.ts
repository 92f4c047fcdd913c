import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Payload } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { fieldRuleMessage, type Actor } from '@app/contracts';
import { AuditRepository } from '@app/persistence';
import { EncryptionCodec, InjectConfig, payloadFromJson, payloadToJson, type YiyangConfig } from '@app/runtime';
import { ApiError } from '../common/api-error.exception';
import type { CodecPayloadDto, CodecPayloadsDto } from './temporal-codec.dto';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The codec-server protocol over the system's payload key, for operators reading encrypted
 * histories with the Temporal CLI (`--codec-endpoint … --codec-auth "Bearer <token>"`). Admin only;
 * every decryption is audited.
 */
@Injectable()
export class TemporalCodecService {
  private readonly codec: EncryptionCodec;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() config: YiyangConfig,
  ) {
    this.codec = new EncryptionCodec(config.payloadKeys);
  }

  async decode(actor: Actor, dto: CodecPayloadsDto, namespace: string | undefined) {
    const payloads = this.toPayloads(dto.payloads);
    let decoded: Payload[];
    try {
      decoded = await this.codec.decode(payloads);
    } catch (err) {
      throw ApiError.field('VALIDATION_FAILED', 'payloads', `无法用本系统的密钥解密(${(err as Error).message})`);
    }
    await this.db.transaction((m) =>
      new AuditRepository(m).record(actor, {
        eventKey: `payloads-decoded:${randomUUID()}`,
        regionCode: null,
        caseId: null,
        action: 'temporal_payloads_decoded',
        after: { namespace: namespace ?? null, payloads: payloads.length },
      }),
    );
    return { payloads: decoded.map(payloadToJson) };
  }

  async encode(dto: CodecPayloadsDto) {
    return { payloads: (await this.codec.encode(this.toPayloads(dto.payloads))).map(payloadToJson) };
  }

  /** The DTO checks the shape; each metadata value must be base64 too. */
  private toPayloads(items: CodecPayloadDto[]): Payload[] {
    items.forEach((p, i) => {
      for (const [k, v] of Object.entries(p.metadata)) {
        if (typeof v !== 'string' || !BASE64.test(v)) {
          throw ApiError.field('VALIDATION_FAILED', `payloads[${i}].metadata.${k}`, fieldRuleMessage('isBase64', []));
        }
      }
    });
    return items.map(payloadFromJson);
  }
}
