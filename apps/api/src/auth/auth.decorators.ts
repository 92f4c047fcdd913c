import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@app/contracts';

export const IS_PUBLIC = 'yiyang:public';
export const ROLES_KEY = 'yiyang:roles';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Which roles may call the endpoint. Every non-public endpoint must say. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated user as the actor of a decision. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
