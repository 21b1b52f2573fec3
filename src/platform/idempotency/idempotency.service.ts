import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../tenancy/principal';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Problem } from '../api/problem';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Older than the TTL (parameter $ttl, seconds) and not held by a live stepwise request (lease younger than parameter $lease, seconds). */
const expired = (ttl: number, lease: number) =>
  `created_at < now() - make_interval(secs => $${ttl}) AND (lease_token IS NULL OR leased_at < clock_timestamp() - make_interval(secs => $${lease}))`;
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get ttlSeconds(): number {
    return this.config.idempotency.ttlHours * 3600;
  }

  /** An expired record of this key is forgotten before the key is used again. */
  private async forgetExpired(m: EntityManager | DataSource, p: Principal, key: string): Promise<void> {
    await m.query(`DELETE FROM idempotency_keys WHERE api_key_id = $1 AND key = $2 AND ${expired(3, 4)}`, [
      p.keyId,
      key,
      this.ttlSeconds,
      ABANDONED_AFTER_SECONDS,
    ]);
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
      const inserted = await m.query(
        `INSERT INTO idempotency_keys (api_key_id, key, organization_id, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (api_key_id, key) DO NOTHING RETURNING key`,
        [p.keyId, key, p.organizationId, hash],
      );
      if (!inserted.length) return null;
      const res = await work(m);
      await m.query(
        `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE api_key_id = $1 AND key = $2`,
        [p.keyId, key, res.status, JSON.stringify(res)],
      );
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
      [owned] = await this.ds.query(
        `INSERT INTO idempotency_keys AS k (api_key_id, key, organization_id, request_hash, response_body, lease_token, leased_at)
         VALUES ($1, $2, $3, $4, '[]', $5, clock_timestamp())
         ON CONFLICT (api_key_id, key) DO UPDATE SET lease_token = EXCLUDED.lease_token, leased_at = EXCLUDED.leased_at
          WHERE k.response_status IS NULL AND k.request_hash = EXCLUDED.request_hash AND k.lease_token IS NOT NULL
            AND k.leased_at < clock_timestamp() - make_interval(secs => $6)
         RETURNING response_body`,
        [p.keyId, key, p.organizationId, hash, lease, ABANDONED_AFTER_SECONDS],
      );
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
            const [rows] = await m.query(
              `UPDATE idempotency_keys SET response_body = response_body || jsonb_build_array($4::jsonb), leased_at = clock_timestamp()
                WHERE api_key_id = $1 AND key = $2 AND lease_token = $3 RETURNING 1`,
              [p.keyId, key, lease, JSON.stringify(result ?? null)],
            );
            if (!rows.length) throw inProgress();
            return result;
          }),
        );
      }
      const res = finish(results);
      await this.ds.query(
        `UPDATE idempotency_keys SET response_status = $4, response_body = $5, lease_token = NULL, leased_at = NULL WHERE api_key_id = $1 AND key = $2 AND lease_token = $3`,
        [p.keyId, key, lease, res.status, JSON.stringify(res)],
      );
      return res;
    } catch (err) {
      // Give the lease up at once: a retry resumes after the steps already committed.
      await this.ds
        .query(
          `UPDATE idempotency_keys SET leased_at = '-infinity' WHERE api_key_id = $1 AND key = $2 AND lease_token = $3`,
          [p.keyId, key, lease],
        )
        .catch(() => undefined);
      throw err;
    }
  }

  /** Deletes records older than the TTL, a bounded batch per statement; returns how many. */
  async purgeExpired(batch = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ n }] = await this.ds.query(
        `WITH d AS (DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE ${expired(1, 2)} LIMIT $3) RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
        [this.ttlSeconds, ABANDONED_AFTER_SECONDS, batch],
      );
      total += n as number;
      if (n < batch) return total;
    }
  }

  private async replay(p: Principal, key: string, hash: string): Promise<StoredResponse & { replayed: true }> {
    const [row] = await this.ds.query(
      `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE api_key_id = $1 AND key = $2`,
      [p.keyId, key],
    );
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
