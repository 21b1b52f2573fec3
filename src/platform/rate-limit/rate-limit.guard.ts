import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ApiProblem } from '../api/problems';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../tenancy/principal';
import { RateLimits } from './rate-limits';

export const INTAKE_KEY = 'rate-limit:intake';
/**
 * Marks an intake route whose body is `{ claims: [...] }` or one claim: it also spends the intake
 * budgets (RateLimits), one point per claim submitted. Routes that learn the number of claims
 * later (extractions) spend it themselves.
 */
export const IntakeRateLimit = () =>
  applyDecorators(
    SetMetadata(INTAKE_KEY, true),
    ApiProblem(
      429,
      "Rate limited (the key's requests, or the intake budgets: one point per claim): retry after Retry-After seconds",
    ),
  );

/** Every authenticated request spends its key's general budget; intake routes their claims too. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limits: RateLimits,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const principal = req.principal;
    if (!principal) return true;
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    await this.limits.spendRequest(principal, reply);
    if (this.reflector.getAllAndOverride<boolean>(INTAKE_KEY, [ctx.getHandler(), ctx.getClass()])) {
      const claims = (req.body as { claims?: unknown } | undefined)?.claims;
      await this.limits.spendIntake(
        principal,
        Array.isArray(claims) ? Math.min(Math.max(claims.length, 1), 100) : 1,
        reply,
      );
    }
    return true;
  }
}
