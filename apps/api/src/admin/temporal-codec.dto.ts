import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsObject, IsOptional, ValidateNested } from 'class-validator';

/** One Temporal payload as the codec-server protocol carries it (protobuf JSON: bytes as base64). */
export class CodecPayloadDto {
  @ApiProperty({
    example: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'NzIxMWM1YTE5YTA4' },
    description: 'Metadata values, base64.',
  })
  @IsObject({ message: 'metadata must be an object of base64 strings' })
  metadata!: Record<string, string>;

  @ApiPropertyOptional({ example: 'q83vEjRWeJCrze8SNFZ4kA==', description: 'The payload bytes, base64.' })
  @IsOptional()
  @IsBase64({}, { message: 'data must be base64' })
  data?: string;
}

export class CodecPayloadsDto {
  @ApiProperty({ type: [CodecPayloadDto] })
  @IsArray({ message: 'payloads must be an array' })
  @ArrayMaxSize(1000, { message: 'payloads must not hold more than 1000 payloads' })
  @ValidateNested({ each: true })
  @Type(() => CodecPayloadDto)
  payloads!: CodecPayloadDto[];
}
