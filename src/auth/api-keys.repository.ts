import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ApiKey } from './api-key.entity';
import { hashApiKey, newApiKeySecret, visiblePrefix } from './api-key-secret';
import { prepared } from '../platform/database/prepared';
import type { Principal } from '../platform/tenancy/principal';
import type { Role } from '../platform/tenancy/role';

export interface NewKey {
  name: string;
  role: Role;
  newsroomId?: string | null;
  languages?: string[];
}

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The caller of every authenticated request: one prepared statement, never cached (a revocation counts at once). */
  async findActiveBySecret(secret: string): Promise<Principal | null> {
    const [key] = await prepared<Principal>(
      this.ds,
      'auth.active-key',
      `SELECT id AS "keyId", organization_id AS "organizationId", newsroom_id AS "newsroomId", role, languages FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hashApiKey(secret)],
    );
    return key ?? null;
  }

  /** Creates a key in the organization; returns the row and the secret, which is never stored. */
  async create(
    organizationId: string,
    input: NewKey,
    manager: EntityManager = this.ds.manager,
    secret = newApiKeySecret(),
  ): Promise<{ key: ApiKey; secret: string }> {
    const key = await manager.getRepository(ApiKey).save(
      manager.getRepository(ApiKey).create({
        organizationId,
        name: input.name,
        role: input.role,
        newsroomId: input.newsroomId ?? null,
        languages: input.languages ?? [],
        prefix: visiblePrefix(secret),
        keyHash: hashApiKey(secret),
        revokedAt: null,
      }),
    );
    return { key, secret };
  }

  list(scope: Principal, cursor: { createdAt: Date; id: string } | null, limit: number): Promise<ApiKey[]> {
    const qb = this.ds
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .where('k.organization_id = :org', { org: scope.organizationId });
    if (cursor) qb.andWhere('(k.created_at, k.id) < (:c, :i)', { c: cursor.createdAt, i: cursor.id });
    return qb
      .orderBy('k.created_at', 'DESC')
      .addOrderBy('k.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  /** Names of the organization's keys among these ids (the actor of machine actions). */
  async namesOf(scope: Principal, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    if (!wanted.length) return new Map();
    const rows = await this.ds.getRepository(ApiKey).find({
      select: { id: true, name: true },
      where: { organizationId: scope.organizationId, id: In(wanted) },
    });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Revokes a key of the caller's organization; false when there is no such key. */
  async revoke(scope: Principal, id: string): Promise<ApiKey | null> {
    const repo = this.ds.getRepository(ApiKey);
    const key = await repo.findOne({ where: { id, organizationId: scope.organizationId } });
    if (!key) return null;
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await repo.save(key);
    }
    return key;
  }

  async refreshPrefix(manager: EntityManager, secret: string): Promise<void> {
    await manager.getRepository(ApiKey).update({ keyHash: hashApiKey(secret) }, { prefix: visiblePrefix(secret) });
  }

  existsByHash(manager: EntityManager, secret: string): Promise<boolean> {
    return manager.getRepository(ApiKey).exists({ where: { keyHash: hashApiKey(secret) } });
  }
}
