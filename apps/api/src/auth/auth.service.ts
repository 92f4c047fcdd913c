import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ROLE_LABELS, type Actor, type Role } from '@app/contracts';
import { AuditRepository, UserEntity, UsersRepository } from '@app/persistence';
import { hashPassword, verifyPassword } from '@app/runtime';
import { ApiError } from '../common/api-error.exception';
import { LoginAttempts } from './login-attempts.service';

// A fixed hash to compare against for unknown users, so timing does not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface TokenPayload {
  sub: string;
  role: Role;
  region: string;
  name: string;
  /** The user's token version when issued: logout and password changes move it on. */
  tv: number;
  exp?: number;
}

/** Whether a user may still act, and which tokens are still good. */
interface SessionState {
  active: boolean;
  tokenVersion: number;
}

@Injectable()
export class AuthService {
  /** Deactivation takes effect within seconds, not when the token expires; logout in this process at once. */
  private readonly sessions = new Map<string, { state: SessionState; at: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly attempts: LoginAttempts,
  ) {}

  async login(username: string, password: string, address: string) {
    await this.attempts.assertNotLocked(username, address);
    const user = await new UsersRepository(this.db).findActive({ username });
    const ok = await this.attempts.hashing(() => verifyPassword(password, user?.passwordHash ?? DUMMY_HASH));
    if (!user || !ok) {
      await this.attempts.recordFailure(username, address);
      throw new ApiError('BAD_CREDENTIALS', 'Wrong username or password.');
    }
    await this.attempts.recordSuccess(username);
    return {
      accessToken: await this.issue(user),
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

  /** Every token of the user stops working (logout ends all sessions: tokens are not stored one by one). */
  async logout(actor: Actor): Promise<void> {
    await this.revoke(actor, actor.userId, 'logged_out');
  }

  async changePassword(actor: Actor, current: string, next: string, address: string) {
    const user = await new UsersRepository(this.db).findActive({ id: actor.userId });
    if (!user) throw new ApiError('UNAUTHENTICATED', 'This account is deactivated.');
    await this.attempts.assertNotLocked(user.username, address);
    if (!(await this.attempts.hashing(() => verifyPassword(current, user.passwordHash)))) {
      await this.attempts.recordFailure(user.username, address);
      throw ApiError.field('BAD_CREDENTIALS', 'currentPassword', '当前密码不正确');
    }
    if (current === next) throw ApiError.field('VALIDATION_FAILED', 'newPassword', '不能与当前密码相同');
    const hash = await this.attempts.hashing(() => hashPassword(next));
    await this.db.transaction(async (m) => {
      await new UsersRepository(m).setPassword(user.id, hash);
      await new AuditRepository(m).record(actor, this.audit(user.id, user.regionCode, 'password_changed'));
    });
    this.sessions.delete(user.id);
    const fresh = await new UsersRepository(this.db).findById(user.id);
    if (!fresh) throw new ApiError('UNAUTHENTICATED', 'This account no longer exists.');
    return { accessToken: await this.issue(fresh), tokenType: 'Bearer' };
  }

  /** Ends every session of a user (logout, or an admin revoking a lost device's token). Audited. */
  async revoke(actor: Actor, userId: string, action = 'sessions_revoked'): Promise<void> {
    await this.db.transaction(async (m) => {
      const regionCode = await new UsersRepository(m).revokeTokens(userId);
      if (regionCode !== null) await new AuditRepository(m).record(actor, this.audit(userId, regionCode, action));
    });
    this.sessions.delete(userId);
  }

  /** The user's state for the guard, cached for a few seconds (other API processes see a revocation within 5 s). */
  async session(userId: string): Promise<SessionState | null> {
    const hit = this.sessions.get(userId);
    if (hit && Date.now() - hit.at < 5000) return hit.state;
    const user = await new UsersRepository(this.db).session(userId);
    if (!user) return null;
    const state = { active: user.active, tokenVersion: user.tokenVersion };
    this.sessions.set(userId, { state, at: Date.now() });
    if (this.sessions.size > 10_000) this.sessions.delete(this.sessions.keys().next().value as string);
    return state;
  }

  private issue(user: UserEntity): Promise<string> {
    const payload: TokenPayload = { sub: user.id, role: user.role, region: user.regionCode, name: user.displayName, tv: user.tokenVersion };
    return this.jwt.signAsync(payload);
  }

  private audit(userId: string, regionCode: string, action: string) {
    return {
      eventKey: `${action}:${userId}:${randomUUID()}`,
      regionCode,
      caseId: null,
      action,
      after: { userId },
    };
  }
}
