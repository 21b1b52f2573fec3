import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Problem } from '../platform/api/problem';
import { RateLimits } from '../platform/rate-limit/rate-limits';
import { ApiKeysRepository } from './api-keys.repository';
import { PUBLIC_KEY, roleAllows, ROLES_KEY } from '../platform/tenancy/principal';
import type { Role } from '../platform/tenancy/role';
import { bearerSecret } from './api-key-secret';

/**
 * Global guard: every route needs a valid, unrevoked key unless marked @Public(); @Roles() narrows it.
 * A request without a usable key counts against its client address (RateLimits.authFailed).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysRepository,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header = req.headers?.authorization;
    const secret = bearerSecret(header);
    if (!secret) {
      await this.limits.authFailed(req.ip);
      throw Problem.unauthorized('Send an API key as "Authorization: Bearer <key>"');
    }
    const principal = await this.keys.findActiveBySecret(secret);
    if (!principal) {
      await this.limits.authFailed(req.ip);
      throw Problem.unauthorized('The API key is invalid or revoked');
    }
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (roles && !roleAllows(principal.role, roles))
      throw Problem.forbidden(
        `This route requires one of the roles: ${['admin', ...roles.filter((r) => r !== 'admin')].join(', ')}`,
      );
    return true;
  }
}
