import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createRedis, type RedisClient } from '../platform/redis/redis-client';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';

/** Console sign-in failures are counted over this window. */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/**
 * Failed console sign-ins, counted per account and per client address in Redis (shared by every API
 * replica; in memory while Redis is unreachable). Past either budget even the right password is
 * refused until the window ends, so guessing stops paying.
 */
@Injectable()
export class SignInThrottle implements OnApplicationShutdown {
  private readonly redis: RedisClient;
  private readonly byAccount: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = createRedis(config, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
    });
    this.redis.on('error', () => undefined); // reported by /health/ready; the memory fallback counts meanwhile
    const make = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queuePrefix}:rl:${name}`,
        points,
        duration: SIGN_IN_WINDOW_SECONDS,
        insuranceLimiter: new RateLimiterMemory({
          keyPrefix: `rl-mem-${name}`,
          points,
          duration: SIGN_IN_WINDOW_SECONDS,
        }),
      });
    this.byAccount = make('sign-in-account', config.console.signInFailuresPerAccount);
    this.byAddress = make('sign-in-address', config.console.signInFailuresPerAddress);
  }

  /** Seconds to wait when the account or the address has used up its failures of the window, else 0. */
  async waitSeconds(account: string, address: string): Promise<number> {
    const [a, b] = await Promise.all([
      this.byAccount.get(account).catch(() => null),
      this.byAddress.get(address).catch(() => null),
    ]);
    const c = this.config.console;
    const waits = [
      a && a.consumedPoints >= c.signInFailuresPerAccount ? a.msBeforeNext : 0,
      b && b.consumedPoints >= c.signInFailuresPerAddress ? b.msBeforeNext : 0,
    ].filter((ms) => ms > 0);
    return waits.length ? Math.max(1, Math.ceil(Math.max(...waits) / 1000)) : 0;
  }

  async failed(account: string, address: string): Promise<void> {
    await Promise.all([
      this.byAccount.penalty(account, 1).catch(() => undefined),
      this.byAddress.penalty(address, 1).catch(() => undefined),
    ]);
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  async succeeded(account: string): Promise<void> {
    await this.byAccount.delete(account).catch(() => undefined);
  }

  onApplicationShutdown() {
    this.redis.disconnect();
  }
}
