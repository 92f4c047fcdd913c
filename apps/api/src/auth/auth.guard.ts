import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Actor, Role } from '@app/contracts';
import { ApiError } from '../common/api-error.exception';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import { AuthService, type TokenPayload } from './auth.service';

/**
 * Global guard: a valid bearer token (signed with HS256, carrying an expiry, of the user's current
 * token version, of an active user), then the endpoint's roles. An endpoint that declares no roles
 * is closed to everyone (fail safe), except those marked @Public.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : null;
    if (!token) throw new ApiError('UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <token>.');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
    } catch {
      throw new ApiError('UNAUTHENTICATED', 'The token is invalid or has expired. Log in again.');
    }
    // A token that never expires (signed by hand or by an old build) is not accepted.
    if (typeof payload.exp !== 'number' || typeof payload.tv !== 'number') {
      throw new ApiError('UNAUTHENTICATED', 'The token has no expiry or version. Log in again.');
    }
    const session = await this.auth.session(payload.sub);
    if (!session || !session.active) throw new ApiError('UNAUTHENTICATED', 'This account is deactivated.');
    if (session.tokenVersion !== payload.tv)
      throw new ApiError('UNAUTHENTICATED', 'This session has ended (logout or password change). Log in again.');
    req.actor = { userId: payload.sub, role: payload.role, regionCode: payload.region, displayName: payload.name };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || !roles.includes(payload.role)) throw new ApiError('FORBIDDEN', 'Your role may not use this endpoint.');
    return true;
  }
}
