import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CodecPayloadsDto } from './temporal-codec.dto';
import { TemporalCodecService } from './temporal-codec.service';

/** A Temporal codec server (the protocol the Temporal CLI speaks), so operators can read encrypted histories. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/temporal-codec')
export class TemporalCodecController {
  constructor(private readonly codec: TemporalCodecService) {}

  @Post('decode')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Decrypt Temporal payloads (codec-server protocol), e.g. `temporal workflow show --codec-endpoint <api>/admin/temporal-codec --codec-auth "Bearer <token>"`. Audited.',
  })
  @ApiOkResponse({ type: CodecPayloadsDto })
  decode(@CurrentActor() actor: Actor, @Body() dto: CodecPayloadsDto, @Headers('x-namespace') namespace?: string) {
    return this.codec.decode(actor, dto, namespace);
  }

  @Post('encode')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Encrypt Temporal payloads (codec-server protocol), for operators sending signals or inputs with the Temporal CLI.',
  })
  @ApiOkResponse({ type: CodecPayloadsDto })
  encode(@Body() dto: CodecPayloadsDto) {
    return this.codec.encode(dto);
  }
}
