import { CanActivate, ExecutionContext, Inject, Injectable, Logger, OnApplicationShutdown, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '../auth/principal';
import { Problem } from '../common/problem';
import { APP_CONFIG, type AppConfig } from '../config/config';

export const INTAKE_KEY = 'rate-limit:intake';
/** Marks an intake route: it also spends the key's intake budget, one point per claim submitted. */
export const IntakeRateLimit = () => SetMetadata(INTAKE_KEY, true);

/**
 * Per-API-key rate limits in Redis, so every API replica shares them: a general budget per minute
 * for every route, and a smaller intake budget (claims per minute) so one newsroom cannot flood the
 * desk. When Redis is unreachable each replica falls back to the same limits in memory: intake keeps
 * answering (the outbox holds the work) instead of failing with Redis.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly general: RateLimiterRedis;
  private readonly intake: RateLimiterRedis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    this.redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 2000, lazyConnect: false });
    this.redis.on('error', () => undefined); // reported by /health/ready; requests fall back to memory
    const make = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queuePrefix}:rl:${name}`,
        points,
        duration: 60,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `rl-mem-${name}`, points, duration: 60 }),
      });
    this.general = make('all', config.rateLimit.perMinute);
    this.intake = make('intake', config.rateLimit.intakePerMinute);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const principal = req.principal;
    if (!principal || this.config.rateLimit.perMinute === 0) return true;
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    await this.spend(this.general, principal.keyId, 1, reply, this.config.rateLimit.perMinute);
    if (this.reflector.getAllAndOverride<boolean>(INTAKE_KEY, [ctx.getHandler(), ctx.getClass()])) {
      const claims = (req.body as { claims?: unknown } | undefined)?.claims;
      const cost = Array.isArray(claims) ? Math.min(Math.max(claims.length, 1), 100) : 1;
      await this.spend(this.intake, principal.keyId, cost, reply, this.config.rateLimit.intakePerMinute);
    }
    return true;
  }

  private async spend(limiter: RateLimiterRedis, key: string, cost: number, reply: FastifyReply, limit: number) {
    try {
      const res = await limiter.consume(key, cost);
      reply.header('ratelimit-limit', String(limit)).header('ratelimit-remaining', String(res.remainingPoints));
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        const retryAfter = String(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
        throw new Problem(429, 'rate-limited', `Rate limit of ${limit} per minute exceeded for this API key; retry after ${retryAfter} s`, undefined, {
          'retry-after': retryAfter,
          'ratelimit-limit': String(limit),
          'ratelimit-remaining': '0',
        });
      }
      this.logger.warn(`Rate limiter unavailable, request allowed: ${(err as Error).message}`);
    }
  }

  onApplicationShutdown() {
    this.redis.disconnect();
  }
}
