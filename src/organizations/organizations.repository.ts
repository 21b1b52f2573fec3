import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { ClaimMatchKey } from '../claims/matching/claim-match-key.entity';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import { Organization } from './organization.entity';

@Injectable()
export class OrganizationsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keys: ApiKeysRepository,
  ) {}

  findById(id: string): Promise<Organization | null> {
    return this.ds.getRepository(Organization).findOne({ where: { id } });
  }

  /**
   * Deletes the organization and every row of it (the evaluation harness's throwaway
   * organizations): by cascade, except intake matching's keys, which have no foreign key (a check
   * per key row cost intake 7 statements and a lock on the organization's row per claim).
   */
  async delete(scope: TenantScope): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.getRepository(ClaimMatchKey).delete({ organizationId: scope.organizationId });
      await m.getRepository(Organization).delete({ id: scope.organizationId });
    });
  }

  /** Creates an organization with its first admin key, in one transaction. */
  createWithAdmin(
    name: string,
    url: string | null = null,
    secret?: string,
    manager?: EntityManager,
  ): Promise<{ organization: Organization; secret: string; keyId: string }> {
    const run = async (m: EntityManager) => {
      const organization = await m
        .getRepository(Organization)
        .save(m.getRepository(Organization).create({ name, url }));
      const { key, secret: s } = await this.keys.create(
        organization.id,
        { name: 'First admin key', role: 'admin' },
        m,
        secret,
      );
      return { organization, secret: s, keyId: key.id };
    };
    return manager ? run(manager) : this.ds.transaction(run);
  }

  /**
   * BOOTSTRAP_ADMIN_KEY: makes sure an organization and an admin key equal to the value exist.
   * Idempotent and safe when several replicas boot at once (advisory lock).
   */
  async ensureBootstrapAdmin(secret: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('corroborate.bootstrap-admin'))`);
      // A key stored before prefixes were bounded keeps a longer one: shorten it.
      if (await this.keys.existsByHash(m, secret)) return void (await this.keys.refreshPrefix(m, secret));
      await this.createWithAdmin('Default organization', null, secret, m);
    });
  }
}
