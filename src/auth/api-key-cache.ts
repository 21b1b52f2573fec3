import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { createRedis, type RedisClient } from '../platform/redis/redis-client';
import type { Principal } from '../platform/tenancy/principal';

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * The API process's memory of active keys (by the SHA-256 of the secret), so an authenticated
 * request costs no PostgreSQL round trip (issue 18). A revocation is published on Redis
 * (`<QUEUE_PREFIX>:api-keys:revoked`) before its answer, and every process drops the key when the
 * message arrives. The cache serves only while its subscription is live: a lost connection empties
 * it and turns it off until Redis is back, so a revocation published meanwhile cannot be missed.
 * Entries also expire after 30 s. A lookup that started before a revocation arrived is not kept.
 */
@Injectable()
export class ApiKeyCache implements OnApplicationShutdown {
  private readonly log = new Logger('ApiKeyCache');
  private readonly entries = new Map<string, { principal: Principal; at: number }>();
  private readonly channel: string;
  private subscriber?: RedisClient;
  private publisher?: RedisClient;
  private live = false;
  private generation = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.channel = `${config.queuePrefix}:api-keys:revoked`;
  }

  /** The cached principal of an active key, if the cache is live and the entry fresh. */
  get(keyHash: string): Principal | undefined {
    this.connect();
    if (!this.live) return undefined;
    const hit = this.entries.get(keyHash);
    if (!hit) return undefined;
    if (Date.now() - hit.at > TTL_MS) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return hit.principal;
  }

  /** A ticket to take before reading the key from the database, and to give back to `set`. */
  ticket(): number {
    return this.generation;
  }

  /** Keeps what the database said, unless a revocation arrived since the ticket was taken. */
  set(keyHash: string, principal: Principal, ticket: number): void {
    if (!this.live || ticket !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(keyHash, { principal, at: Date.now() });
  }

  /**
   * Tells every API process that this key is revoked (after the revocation is committed). Throws
   * when Redis cannot take the message: the caller answers 503 and a retry publishes again.
   */
  async revoked(keyHash: string): Promise<void> {
    this.drop(keyHash);
    this.connect();
    await this.publisher!.publish(this.channel, keyHash);
  }

  private drop(keyHash: string): void {
    this.generation++;
    this.entries.delete(keyHash);
  }

  private off(): void {
    this.live = false;
    this.generation++;
    this.entries.clear();
  }

  /** Connects on first use (processes that never authenticate a key, such as the CLI, never do). */
  private connect(): void {
    if (this.subscriber) return;
    const options = { maxRetriesPerRequest: 1, connectTimeout: 2000, autoResubscribe: false };
    this.publisher = createRedis(this.config, options);
    this.publisher.on('error', () => undefined);
    const sub = (this.subscriber = createRedis(this.config, options));
    sub.on('error', () => undefined);
    sub.on('message', (channel: string, keyHash: string) => {
      if (channel === this.channel) this.drop(keyHash);
    });
    for (const event of ['close', 'end', 'reconnecting']) sub.on(event, () => this.off());
    sub.on('ready', () => {
      this.off();
      sub.subscribe(this.channel).then(
        () => {
          // Lookups that began before the subscription was live may have missed a revocation.
          this.generation++;
          this.live = sub.status === 'ready';
        },
        (err: Error) => this.log.warn(`Key cache off: cannot subscribe (${err.message})`),
      );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.off();
    this.subscriber?.disconnect(); // also stops a reconnection under way
    await this.publisher?.quit().catch(() => this.publisher?.disconnect());
  }
}
