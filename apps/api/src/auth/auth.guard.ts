import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, Role } from '@app/contracts';
import { ApiError } from '../common/api-error.exception';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';

interface TokenPayload {
  sub: string;
  role: Role;
  region: string;
  name: string;
}

/**
 * Global guard: a valid bearer token, then the endpoint's roles. An endpoint that declares no
 * roles is closed to everyone (fail safe), except those marked @Public.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Deactivation takes effect within seconds, not when the token expires. */
  private readonly activeCache = new Map<string, { active: boolean; at: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  private async isActive(userId: string): Promise<boolean> {
    const hit = this.activeCache.get(userId);
    if (hit && Date.now() - hit.at < 5000) return hit.active;
    const rows: { active: boolean }[] = await this.db.query('SELECT active FROM users WHERE id = $1', [userId]);
    const active = rows.length > 0 && rows[0].active;
    this.activeCache.set(userId, { active, at: Date.now() });
    return active;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : null;
    if (!token) throw new ApiError('UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <token>.');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw new ApiError('UNAUTHENTICATED', 'The token is invalid or has expired. Log in again.');
    }
    if (!(await this.isActive(payload.sub))) throw new ApiError('UNAUTHENTICATED', 'This account is deactivated.');
    req.actor = { userId: payload.sub, role: payload.role, regionCode: payload.region, displayName: payload.name };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || !roles.includes(payload.role)) throw new ApiError('FORBIDDEN', 'Your role may not use this endpoint.');
    return true;
  }
}
