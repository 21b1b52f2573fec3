import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Problem } from '../platform/api/problem';
import { RateLimits } from '../platform/rate-limit/rate-limits';
import { ApiKeysRepository } from './api-keys.repository';
import { PUBLIC_KEY, READ_ONLY_ALLOWED_KEY, roleAllows, ROLES_KEY } from '../platform/tenancy/principal';
import type { Role } from '../platform/tenancy/role';
import { bearerSecret } from './api-key-secret';
import { SessionsRepository } from '../people/sessions.repository';
import { crossSiteReason, csrfTokenMatches, SAFE_METHODS, sessionIdOf } from '../people/session-cookie';

/**
 * Global guard: every route needs a valid, unrevoked key, or a live console session (cookie, when no
 * Authorization header is sent), unless marked @Public(); @Roles() narrows it. A request without a
 * usable key or session counts against its client address (RateLimits.authFailed). A
 * state-changing request made with a session must come from the service's own origin and carry the
 * session's CSRF token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysRepository,
    private readonly limits: RateLimits,
    private readonly sessions: SessionsRepository,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header = req.headers?.authorization;
    const secret = bearerSecret(header);
    const sessionId = header === undefined ? sessionIdOf(req) : undefined;
    if (sessionId) {
      const session = await this.sessions.resolve(sessionId);
      if (!session) {
        await this.limits.authFailed(req.ip);
        throw Problem.unauthorized('The session has ended; sign in again');
      }
      req.consoleSession = session; // an error page in the person's language
      if (!SAFE_METHODS.has(req.method)) {
        const crossSite = crossSiteReason(req);
        if (crossSite) throw Problem.forbidden(`Cross-site request refused (${crossSite})`);
        if (!csrfTokenMatches(req, session.csrfToken))
          throw Problem.forbidden('The CSRF token is missing or wrong; reload the page');
        if (session.principal.readOnly && !this.reflector.getAllAndOverride<boolean>(READ_ONLY_ALLOWED_KEY, targets))
          throw Problem.forbidden('This portal link is read-only: it cannot change anything');
      }
      req.principal = session.principal;
      return this.allow(session.principal.role, targets);
    }
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
    return this.allow(principal.role, targets);
  }

  private allow(role: Role, targets: ReturnType<ExecutionContext['getHandler']>[]): boolean {
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (roles && !roleAllows(role, roles))
      throw Problem.forbidden(
        `This route requires one of the roles: ${['admin', ...roles.filter((r) => r !== 'admin')].join(', ')}`,
      );
    return true;
  }
}
