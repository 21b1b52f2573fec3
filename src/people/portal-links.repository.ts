import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import { sha256 } from './people.repository';
import { PortalLink } from './portal-link.entity';

const USABLE = 'l.token_hash = :h AND l.used_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > now()';

/** The `portal_links` table. A link's secret names no organization beforehand: those reads say `AcrossTenants`. */
@Injectable()
export class PortalLinksRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  insert(
    scope: TenantScope,
    link: Pick<PortalLink, 'newsroomId' | 'label' | 'readOnly' | 'language' | 'issuedBy' | 'expiresAt'>,
    secret: string,
  ): Promise<PortalLink> {
    const repo = this.ds.getRepository(PortalLink);
    return repo.save(
      repo.create({
        ...link,
        organizationId: scope.organizationId,
        tokenHash: sha256(secret),
        usedAt: null,
        revokedAt: null,
      }),
    );
  }

  /** The organization's latest links, newest first. */
  latest(scope: TenantScope, limit: number): Promise<PortalLink[]> {
    return this.ds.getRepository(PortalLink).find({
      where: { organizationId: scope.organizationId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  find(scope: TenantScope, id: string): Promise<PortalLink | null> {
    return this.ds.getRepository(PortalLink).findOne({ where: { id, organizationId: scope.organizationId } });
  }

  async revoke(m: EntityManager, scope: TenantScope, id: string, at: Date): Promise<void> {
    await m.getRepository(PortalLink).update({ id, organizationId: scope.organizationId }, { revokedAt: at });
  }

  /** The link of this secret while it can be used (unused, unrevoked, unexpired); `m` and `lock` to use it. */
  usableAcrossTenants(secret: string, m: EntityManager = this.ds.manager, lock = false): Promise<PortalLink | null> {
    const qb = m
      .getRepository(PortalLink)
      .createQueryBuilder('l')
      .where(USABLE, { h: sha256(secret) });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async markUsed(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(PortalLink).update({ id }, { usedAt: new Date() });
  }
}
