import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { createRedis, type RedisClient } from '../../platform/redis/redis-client';
import { RateLimiterMemory, RateLimiterQueue, RateLimiterRedis } from 'rate-limiter-flexible';
import { MetricsService } from '../../platform/metrics/metrics.service';
import { SsrfError } from '../../platform/http/safe-http';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config';
import type { ProviderOutcome } from './provider-outcome';
import { Candidate, ClaimQuery, EvidenceProvider } from './evidence-provider';
import { withTimeout } from '../../platform/with-timeout';

class ProviderTimeout extends Error {}

/**
 * Runs one provider for one claim with its own deadline, retries with exponential backoff and
 * rate limit. Never throws: a failure or a timeout becomes the outcome recorded on the run.
 *
 * The politeness limit (PROVIDER_RATE_PER_SECOND calls started per provider and second) holds for
 * the whole deployment: rate-limiter-flexible's RateLimiterRedis counts the calls of every worker
 * in Redis, and its RateLimiterQueue makes a call wait for a token rather than fail. While Redis is
 * unreachable each process falls back to the same limit in memory (its insurance limiter).
 */
@Injectable()
export class ProviderRunner implements OnModuleDestroy {
  private readonly limiters = new Map<string, RateLimiterQueue>();
  private redis?: RedisClient;
  /** Settles once the limiter's connection is ready, or after 1 s (Redis down: the insurance limiter counts). */
  private redisReady?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  async onModuleDestroy() {
    this.redis?.disconnect();
  }

  private limiterFor(provider: string): RateLimiterQueue {
    let limiter = this.limiters.get(provider);
    if (limiter) return limiter;
    if (!this.redis) {
      this.redis = createRedis(this.config, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
      this.redis.on('error', () => undefined); // the insurance limiter takes over; readiness reports Redis
      // Without its offline queue, a command sent before the connection is up fails at once, and the
      // per-process insurance limiter would count it: the first searches of a freshly started worker
      // (a whole batch of research jobs at once) would pass PROVIDER_RATE_PER_SECOND for the deployment.
      const redis = this.redis;
      this.redisReady = Promise.race([
        new Promise((resolve) => redis.once('ready', resolve)),
        new Promise((resolve) => setTimeout(resolve, 1000).unref()),
      ]);
    }
    const points = this.config.research.provider.ratePerSecond;
    const counted = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${this.config.queuePrefix}:provider-rate`,
      points,
      duration: 1,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'provider-rate-mem', points, duration: 1 }),
    });
    this.limiters.set(provider, (limiter = new RateLimiterQueue(counted, { maxQueueSize: 100_000 })));
    return limiter;
  }

  timeoutFor(name: string): number {
    return this.config.research.provider.timeouts[name] ?? this.config.research.provider.timeoutMs;
  }

  async run(provider: EvidenceProvider, q: ClaimQuery): Promise<{ outcome: ProviderOutcome; candidates: Candidate[] }> {
    const result = await this.search(provider, q);
    const { status, latencyMs } = result.outcome;
    this.metrics?.providerDuration.observe({ provider: provider.name, status }, latencyMs / 1000);
    if (status !== 'ok') this.metrics?.providerFailures.inc({ provider: provider.name, status });
    return result;
  }

  private async search(
    provider: EvidenceProvider,
    q: ClaimQuery,
  ): Promise<{ outcome: ProviderOutcome; candidates: Candidate[] }> {
    const { attempts, backoffMs } = this.config.research.provider;
    const timeoutMs = this.timeoutFor(provider.name);
    // The politeness limit is for external services; our own database is not throttled (it capped
    // research at PROVIDER_RATE_PER_SECOND claims per second: docs/benchmarks.md).
    const limiter = provider.local ? undefined : this.limiterFor(provider.name);
    const started = performance.now();
    let lastError: Error | undefined;
    let attempt = 0;
    while (attempt < attempts) {
      attempt++;
      if (limiter) await this.redisReady;
      // One token per request the search sends (a cross-language search sends one per language).
      await limiter?.removeTokens(
        Math.min(provider.requests?.(q) ?? 1, this.config.research.provider.ratePerSecond),
        provider.name,
      );
      try {
        const candidates = await withTimeout(
          provider.search(q, { timeoutMs }),
          timeoutMs,
          () => new ProviderTimeout(`Timed out after ${timeoutMs} ms`),
        );
        return {
          outcome: {
            provider: provider.name,
            status: 'ok',
            attempts: attempt,
            latencyMs: ms(started),
            candidates: candidates.length,
          },
          candidates,
        };
      } catch (err) {
        lastError = err as Error;
        if (err instanceof SsrfError) break; // where it points will not change on retry
        if (attempt < attempts) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
      }
    }
    const timedOut =
      lastError instanceof ProviderTimeout || (lastError as { code?: string } | undefined)?.code === 'TIMEOUT';
    return {
      outcome: {
        provider: provider.name,
        status: timedOut ? 'timeout' : 'failed',
        attempts: attempt,
        latencyMs: ms(started),
        candidates: 0,
        error: (lastError?.message ?? 'unknown error').slice(0, 300),
      },
      candidates: [],
    };
  }
}

const ms = (from: number) => Math.round(performance.now() - from);
