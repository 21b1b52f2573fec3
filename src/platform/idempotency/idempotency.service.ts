import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../tenancy/principal';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Problem } from '../api/problem';
import { IdempotencyRepository } from './idempotency.repository';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;

/**
 * A stepwise request refreshes its lease at every step (each bounded by the statement timeout);
 * a row untouched for this long belongs to a request that died, and a retry takes it over.
 */
export const ABANDONED_AFTER_SECONDS = 60;
/** How long a concurrent retry of a running stepwise request waits for its response before 409. */
const WAIT_FOR_CONCURRENT_MS = 30_000;
const POLL_MS = 200;

/**
 * Idempotency-Key for POSTs.
 *
 * `run`: the key row is inserted in the same transaction as the work: a concurrent request with the
 * same key blocks on the unique index until the first commits, then replays its stored response
 * (same body) or gets 422 (another body). A request that fails rolls back its key too, so it can be
 * retried.
 *
 * `runEach`: for work done in steps, each committed on its own (a batch must not hold a connection
 * for all its items). The key row is committed first, owned by a lease; each step's transaction
 * appends the step's result to the row, so a step is never done twice. A concurrent request with
 * the same key waits for the response (up to WAIT_FOR_CONCURRENT_MS, then 409); a retry after a failure, or after the owner died
 * (lease older than ABANDONED_AFTER_SECONDS), takes the row over and resumes after the last
 * committed step. The finished response is stored and replayed like `run`'s.
 *
 * A key is remembered IDEMPOTENCY_KEY_TTL_HOURS: after that the same key is a new request (its old
 * record is replaced), and a worker purges old records (never one whose stepwise request still
 * holds a live lease).
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get ttlSeconds(): number {
    return this.config.idempotency.ttlHours * 3600;
  }

  /** An expired record of this key is forgotten before the key is used again. */
  private forgetExpired(m: EntityManager | DataSource, p: Principal, key: string): Promise<void> {
    return this.keys.forgetExpired(m, p, key, this.ttlSeconds, ABANDONED_AFTER_SECONDS);
  }

  async run(
    p: Principal,
    key: string | undefined,
    route: string,
    body: unknown,
    work: (m: EntityManager) => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed?: boolean }> {
    if (key === undefined) return this.ds.transaction(work);
    const hash = requestHash(key, route, body);
    const fresh = await this.ds.transaction(async (m) => {
      await this.forgetExpired(m, p, key);
      if (!(await this.keys.insert(m, p, key, hash))) return null;
      const res = await work(m);
      await this.keys.storeResponse(m, p, key, res.status, res);
      return res;
    });
    return fresh ?? this.replay(p, key, hash);
  }

  async runEach<R>(
    p: Principal,
    key: string | undefined,
    route: string,
    body: unknown,
    count: number,
    step: (m: EntityManager, index: number) => Promise<R>,
    finish: (results: R[]) => StoredResponse,
  ): Promise<StoredResponse & { replayed?: boolean }> {
    if (key === undefined) {
      const results: R[] = [];
      for (let i = 0; i < count; i++) results.push(await this.ds.transaction((m) => step(m, i)));
      return finish(results);
    }
    const hash = requestHash(key, route, body);
    const lease = randomUUID();
    const deadline = Date.now() + WAIT_FOR_CONCURRENT_MS;
    await this.forgetExpired(this.ds, p, key);
    let owned: { response_body: unknown } | undefined;
    for (;;) {
      owned = await this.keys.takeLease(p, key, hash, lease, ABANDONED_AFTER_SECONDS);
      if (owned) break;
      // Another request with this key is running: wait for its response (holding no connection) rather than fail.
      try {
        return await this.replay(p, key, hash);
      } catch (err) {
        if (!(err instanceof Problem && err.slug === 'idempotency-in-progress') || Date.now() > deadline) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const results = owned.response_body as R[];
    try {
      for (let i = results.length; i < count; i++) {
        results.push(
          await this.ds.transaction(async (m) => {
            const result = await step(m, i);
            if (!(await this.keys.appendStep(m, p, key, lease, result))) throw inProgress();
            return result;
          }),
        );
      }
      const res = finish(results);
      await this.keys.finishLeased(p, key, lease, res.status, res);
      return res;
    } catch (err) {
      // Give the lease up at once: a retry resumes after the steps already committed.
      await this.keys.releaseLease(p, key, lease).catch(() => undefined);
      throw err;
    }
  }

  /** Deletes records older than the TTL, a bounded batch per statement; returns how many. */
  async purgeExpired(batch = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.keys.purgeExpiredBatchAcrossTenants(this.ttlSeconds, ABANDONED_AFTER_SECONDS, batch);
      total += n;
      if (n < batch) return total;
    }
  }

  private async replay(p: Principal, key: string, hash: string): Promise<StoredResponse & { replayed: true }> {
    const row = await this.keys.stored(p, key);
    if (row && row.request_hash !== hash)
      throw Problem.unprocessable(
        'This Idempotency-Key was already used with a different request body',
        'idempotency-key-reused',
      );
    if (!row || row.response_status === null) throw inProgress();
    return { ...(row.response_body as StoredResponse), replayed: true };
  }
}

function requestHash(key: string, route: string, body: unknown): string {
  if (!KEY_PATTERN.test(key))
    throw Problem.badRequest('Idempotency-Key must be 1 to 255 printable ASCII characters', [
      { path: 'Idempotency-Key', message: 'invalid header' },
    ]);
  return createHash('sha256')
    .update(route)
    .update('\n')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

const inProgress = () =>
  Problem.conflict(
    'A request with this Idempotency-Key is still in progress; retry shortly',
    'idempotency-in-progress',
  );
