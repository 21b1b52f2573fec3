import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { createRedis, type RedisClient } from '../redis/redis-client';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '../tenancy/principal';
import { Problem } from '../api/problem';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * The budgets, in Redis so every API replica shares them, per minute:
 * - general: requests per API key, every route;
 * - intake: claims per API key, and claims per organization (so two newsrooms of one desk cannot
 *   together take the database from the others);
 * - auth failures: requests per client address whose key is missing or invalid.
 * When Redis is unreachable each replica falls back to the same limits in memory: intake keeps
 * answering (the outbox holds the work) instead of failing with Redis.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: RedisClient;
  private readonly general: RateLimiterRedis;
  private readonly intake: RateLimiterRedis;
  private readonly orgIntake: RateLimiterRedis;
  private readonly authFailures: RateLimiterRedis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = createRedis(config, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      lazyConnect: false,
    });
    this.redis.on('error', () => undefined); // reported by /health/ready; requests fall back to memory
    const make = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queuePrefix}:rl:${name}`,
        points: Math.max(points, 1),
        duration: 60,
        insuranceLimiter: new RateLimiterMemory({
          keyPrefix: `rl-mem-${name}`,
          points: Math.max(points, 1),
          duration: 60,
        }),
      });
    const limits = config.rateLimit;
    this.general = make('all', limits.perMinute);
    this.intake = make('intake', limits.intakePerMinute);
    this.orgIntake = make('org-intake', limits.orgIntakePerMinute);
    this.authFailures = make('auth-fail', limits.authFailuresPerMinute);
  }

  get enabled(): boolean {
    return this.config.rateLimit.perMinute > 0;
  }

  /** One request of the key's general budget. */
  spendRequest(p: Principal, reply?: FastifyReply): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    return this.spend(this.general, p.keyId, 1, this.config.rateLimit.perMinute, 'for this API key', reply);
  }

  /**
   * `claims` points of the key's intake budget and of its organization's: 429 when either is short.
   * A refused request is refunded (a batch too large for what is left costs nothing), so a smaller
   * one still fits.
   */
  async spendIntake(p: Principal, claims: number, reply?: FastifyReply): Promise<void> {
    if (!this.enabled || claims <= 0) return;
    const { intakePerMinute, orgIntakePerMinute } = this.config.rateLimit;
    await this.spend(this.intake, p.keyId, claims, intakePerMinute, 'claims per minute for this API key', reply, true);
    try {
      await this.spend(
        this.orgIntake,
        p.organizationId,
        claims,
        orgIntakePerMinute,
        'claims per minute for this organization',
        undefined,
        true,
      );
    } catch (err) {
      await this.intake.reward(p.keyId, claims).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Counts a request from `address` that failed authentication. Past the budget the request gets
   * 429 instead of 401 until the window ends; a valid key from the same address is never counted
   * nor refused here.
   */
  async authFailed(address: string): Promise<void> {
    const limit = this.config.rateLimit.authFailuresPerMinute;
    if (limit === 0) return;
    await this.spend(this.authFailures, address, 1, limit, 'failed authentications per minute from this address');
  }

  /**
   * Counts a sign-in started without credentials yet (single sign-on: each start stores a sign-in
   * under way) in the same per-address budget as failed authentications.
   */
  async signInStarted(address: string): Promise<void> {
    const limit = this.config.rateLimit.authFailuresPerMinute;
    if (limit === 0) return;
    await this.spend(this.authFailures, address, 1, limit, 'sign-ins started or failed per minute from this address');
  }

  private async spend(
    limiter: RateLimiterRedis,
    key: string,
    cost: number,
    limit: number,
    what: string,
    reply?: FastifyReply,
    refundRefused = false,
  ) {
    try {
      const res = await limiter.consume(key, cost);
      reply?.header('ratelimit-limit', String(limit)).header('ratelimit-remaining', String(res.remainingPoints));
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        if (refundRefused) await limiter.reward(key, cost).catch(() => undefined);
        const retryAfter = String(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
        throw new Problem(
          429,
          'rate-limited',
          `Rate limit of ${limit} ${what} exceeded; retry after ${retryAfter} s`,
          undefined,
          {
            'retry-after': retryAfter,
            'ratelimit-limit': String(limit),
            'ratelimit-remaining': '0',
          },
        );
      }
      this.logger.warn(`Rate limiter unavailable, request allowed: ${(err as Error).message}`);
    }
  }

  onApplicationShutdown() {
    this.redis.disconnect();
  }
}

@Module({ providers: [RateLimits], exports: [RateLimits] })
export class RateLimitModule {}
