import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ROLE_LABELS, type Role } from '@app/contracts';
import { UserEntity } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import { verifyPassword } from '@app/runtime';

// A fixed hash to compare against for unknown users, so timing does not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string) {
    const user = await this.db.getRepository(UserEntity).findOne({ where: { username, active: true } });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new ApiError('BAD_CREDENTIALS', 'Wrong username or password.');
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, region: user.regionCode, name: user.displayName });
    return {
      accessToken,
      tokenType: 'Bearer',
      user: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role as Role,
        roleLabel: ROLE_LABELS[user.role],
        regionCode: user.regionCode,
      },
    };
  }
}
