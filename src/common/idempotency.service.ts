import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Problem } from './problem';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;

/**
 * Idempotency-Key for POSTs. The key row is inserted in the same transaction as the work: a
 * concurrent request with the same key blocks on the unique index until the first commits, then
 * replays its stored response (same body) or gets 422 (another body). A request that fails rolls
 * back its key too, so it can be retried. A key is remembered IDEMPOTENCY_KEY_TTL_HOURS: after that
 * the same key is a new request (its old record is replaced), and a worker purges old records.
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

  async run(p: Principal, key: string | undefined, route: string, body: unknown, work: (m: EntityManager) => Promise<StoredResponse>): Promise<StoredResponse & { replayed?: boolean }> {
    if (key === undefined) return this.ds.transaction(work);
    if (!KEY_PATTERN.test(key)) throw Problem.badRequest('Idempotency-Key must be 1 to 255 printable ASCII characters', [{ path: 'Idempotency-Key', message: 'invalid header' }]);
    const hash = createHash('sha256').update(route).update('\n').update(JSON.stringify(body ?? null)).digest('hex');
    const fresh = await this.ds.transaction(async (m) => {
      await m.query(`DELETE FROM idempotency_keys WHERE api_key_id = $1 AND key = $2 AND created_at < now() - make_interval(secs => $3)`, [p.keyId, key, this.ttlSeconds]);
      const inserted = await m.query(
        `INSERT INTO idempotency_keys (api_key_id, key, organization_id, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (api_key_id, key) DO NOTHING RETURNING key`,
        [p.keyId, key, p.organizationId, hash],
      );
      if (!inserted.length) return null;
      const res = await work(m);
      await m.query(`UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE api_key_id = $1 AND key = $2`, [p.keyId, key, res.status, JSON.stringify(res)]);
      return res;
    });
    if (fresh) return fresh;
    const [row] = await this.ds.query(`SELECT request_hash, response_body FROM idempotency_keys WHERE api_key_id = $1 AND key = $2`, [p.keyId, key]);
    if (!row) throw Problem.conflict('A request with this Idempotency-Key is still in progress; retry shortly', 'idempotency-in-progress');
    if (row.request_hash !== hash) throw Problem.unprocessable('This Idempotency-Key was already used with a different request body', 'idempotency-key-reused');
    return { ...(row.response_body as StoredResponse), replayed: true };
  }

  /** Deletes records older than the TTL, a bounded batch per statement; returns how many. */
  async purgeExpired(batch = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ n }] = await this.ds.query(
        `WITH d AS (DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1) LIMIT $2) RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
        [this.ttlSeconds, batch],
      );
      total += n as number;
      if (n < batch) return total;
    }
  }
}
