import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@app/contracts';

export class SessionUserView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'township.yushan' }) username!: string;
  @ApiProperty({ example: '榆山街道经办人' }) displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ example: '乡镇(街道)经办人' }) roleLabel!: string;
  @ApiProperty({ example: '370124001' }) regionCode!: string;
}

export class LoginResultView {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: string;
  @ApiProperty({ type: SessionUserView }) user!: SessionUserView;
}

export class ActorView {
  @ApiProperty() userId!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ example: '370124001' }) regionCode!: string;
  @ApiProperty({ example: '榆山街道经办人' }) displayName!: string;
}

export class TokenView {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: string;
}
