import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'township.yushan' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ example: 'Demo#2026' })
  @IsString()
  @Length(1, 128)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'Demo#2026' })
  @IsString()
  @Length(1, 128)
  currentPassword!: string;

  @ApiProperty({ example: 'Yiyang#2027-new', description: '10 to 128 characters.' })
  @IsString()
  @Length(10, 128, { message: 'newPassword must be 10 to 128 characters' })
  newPassword!: string;
}
