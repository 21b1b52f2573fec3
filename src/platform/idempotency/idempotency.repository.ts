import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TenantScope } from '../tenancy/tenant-scope';

/** A key belongs to one API key (or person) of one organization. */
export interface KeyOwner extends TenantScope {
  readonly keyId: string;
}

/** Older than the TTL (parameter $ttl, seconds) and not held by a live stepwise request (lease younger than parameter $lease, seconds). */
const expired = (ttl: number, lease: number) =>
  `created_at < now() - make_interval(secs => $${ttl}) AND (lease_token IS NULL OR leased_at < clock_timestamp() - make_interval(secs => $${lease}))`;

/** The `idempotency_keys` table; the protocol around it is IdempotencyService's. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Forgets an expired record of this key (older than `ttlSeconds`, no live lease younger than `leaseSeconds`). */
  async forgetExpired(
    m: EntityManager | DataSource,
    owner: KeyOwner,
    key: string,
    ttlSeconds: number,
    leaseSeconds: number,
  ): Promise<void> {
    await m.query(`DELETE FROM idempotency_keys WHERE api_key_id = $1 AND key = $2 AND ${expired(3, 4)}`, [
      owner.keyId,
      key,
      ttlSeconds,
      leaseSeconds,
    ]);
  }

  /** Inserts the key in the caller's transaction; false when it exists (a concurrent insert waits on the unique index). */
  async insert(m: EntityManager, owner: KeyOwner, key: string, requestHash: string): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO idempotency_keys (api_key_id, key, organization_id, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (api_key_id, key) DO NOTHING RETURNING key`,
      [owner.keyId, key, owner.organizationId, requestHash],
    );
    return rows.length > 0;
  }

  async storeResponse(
    m: EntityManager,
    owner: KeyOwner,
    key: string,
    status: number,
    response: unknown,
  ): Promise<void> {
    await m.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE api_key_id = $1 AND key = $2`,
      [owner.keyId, key, status, JSON.stringify(response)],
    );
  }

  /**
   * Takes the key's lease for a stepwise request: a new row, or one left unfinished by a request
   * whose lease is older than `abandonedSeconds`. Returns the steps committed so far, or undefined
   * when another live request holds it (or it is finished).
   */
  async takeLease(
    owner: KeyOwner,
    key: string,
    requestHash: string,
    lease: string,
    abandonedSeconds: number,
  ): Promise<{ response_body: unknown } | undefined> {
    const [owned] = await this.ds.query(
      `INSERT INTO idempotency_keys AS k (api_key_id, key, organization_id, request_hash, response_body, lease_token, leased_at)
       VALUES ($1, $2, $3, $4, '[]', $5, clock_timestamp())
       ON CONFLICT (api_key_id, key) DO UPDATE SET lease_token = EXCLUDED.lease_token, leased_at = EXCLUDED.leased_at
        WHERE k.response_status IS NULL AND k.request_hash = EXCLUDED.request_hash AND k.lease_token IS NOT NULL
          AND k.leased_at < clock_timestamp() - make_interval(secs => $6)
       RETURNING response_body`,
      [owner.keyId, key, owner.organizationId, requestHash, lease, abandonedSeconds],
    );
    return owned;
  }

  /** Appends a step's result in the step's transaction and refreshes the lease; false when the lease was lost. */
  async appendStep(m: EntityManager, owner: KeyOwner, key: string, lease: string, result: unknown): Promise<boolean> {
    const [rows] = await m.query(
      `UPDATE idempotency_keys SET response_body = response_body || jsonb_build_array($4::jsonb), leased_at = clock_timestamp()
        WHERE api_key_id = $1 AND key = $2 AND lease_token = $3 RETURNING 1`,
      [owner.keyId, key, lease, JSON.stringify(result ?? null)],
    );
    return rows.length > 0;
  }

  async finishLeased(owner: KeyOwner, key: string, lease: string, status: number, response: unknown): Promise<void> {
    await this.ds.query(
      `UPDATE idempotency_keys SET response_status = $4, response_body = $5, lease_token = NULL, leased_at = NULL
        WHERE api_key_id = $1 AND key = $2 AND lease_token = $3`,
      [owner.keyId, key, lease, status, JSON.stringify(response)],
    );
  }

  /** Gives the lease up at once, so a retry resumes after the steps already committed. */
  async releaseLease(owner: KeyOwner, key: string, lease: string): Promise<void> {
    await this.ds.query(
      `UPDATE idempotency_keys SET leased_at = '-infinity' WHERE api_key_id = $1 AND key = $2 AND lease_token = $3`,
      [owner.keyId, key, lease],
    );
  }

  async stored(
    owner: KeyOwner,
    key: string,
  ): Promise<{ request_hash: string; response_status: number | null; response_body: unknown } | undefined> {
    const [row] = await this.ds.query(
      `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE api_key_id = $1 AND key = $2`,
      [owner.keyId, key],
    );
    return row;
  }

  /** Deletes up to `batch` expired records of every organization (the purge job); returns how many. */
  async purgeExpiredBatchAcrossTenants(ttlSeconds: number, leaseSeconds: number, batch: number): Promise<number> {
    const [{ n }] = await this.ds.query(
      `WITH d AS (DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE ${expired(1, 2)} LIMIT $3) RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [ttlSeconds, leaseSeconds, batch],
    );
    return n as number;
  }
}
