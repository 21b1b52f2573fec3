import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Claim } from '../claims/claim.entity';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import { Verdict, VerdictStatus } from './verdict.entity';

/** The owner of `verdicts`: verdict versions, every query scoped by organization. */
@Injectable()
export class VerdictsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  find(
    scope: TenantScope,
    id: string,
    manager: EntityManager = this.ds.manager,
    lock = false,
  ): Promise<Verdict | null> {
    const qb = manager
      .getRepository(Verdict)
      .createQueryBuilder('v')
      .where('v.organization_id = :org AND v.id = :id', { org: scope.organizationId, id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  forClaim(scope: TenantScope, claimId: string, statuses?: readonly VerdictStatus[]): Promise<Verdict[]> {
    const qb = this.ds
      .getRepository(Verdict)
      .createQueryBuilder('v')
      .where('v.organization_id = :org AND v.claim_id = :claimId', { org: scope.organizationId, claimId });
    if (statuses) qb.andWhere('v.status IN (:...statuses)', { statuses });
    return qb.orderBy('v.created_at', 'ASC').addOrderBy('v.id', 'ASC').getMany();
  }

  /** The claim's own published verdict. */
  current(
    scope: TenantScope,
    claimId: string,
    manager: EntityManager = this.ds.manager,
    lock = false,
  ): Promise<Verdict | null> {
    const qb = manager
      .getRepository(Verdict)
      .createQueryBuilder('v')
      .where(`v.organization_id = :org AND v.claim_id = :claimId AND v.status = 'published'`, {
        org: scope.organizationId,
        claimId,
      });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** First publication time of the claim's verdict (version 1), for ClaimReview datePublished. */
  async firstPublishedAt(scope: TenantScope, manager: EntityManager, claimId: string): Promise<Date | null> {
    const [row] = await manager.query(
      `SELECT min(published_at) AS at FROM verdicts WHERE organization_id = $1 AND claim_id = $2 AND published_at IS NOT NULL`,
      [scope.organizationId, claimId],
    );
    return row?.at ? new Date(row.at) : null;
  }

  async nextVersion(scope: TenantScope, manager: EntityManager, claimId: string): Promise<number> {
    const [row] = await manager.query(
      `SELECT COALESCE(max(version), 0) + 1 AS v FROM verdicts WHERE organization_id = $1 AND claim_id = $2`,
      [scope.organizationId, claimId],
    );
    return Number(row.v);
  }

  save(scope: TenantScope, manager: EntityManager, v: Omit<Partial<Verdict>, 'organizationId'>): Promise<Verdict> {
    const repo = manager.getRepository(Verdict);
    return repo.save(repo.create({ ...v, organizationId: scope.organizationId }));
  }

  async update(
    scope: TenantScope,
    manager: EntityManager,
    id: string,
    patch: Omit<Partial<Verdict>, 'claim' | 'organizationId'>,
  ): Promise<void> {
    await manager
      .getRepository(Verdict)
      .update(
        { organizationId: scope.organizationId, id },
        patch as Parameters<ReturnType<EntityManager['getRepository']>['update']>[1],
      );
  }
}

/**
 * The claim whose verdict is in force for `claim`: its canonical claim while it is linked as a
 * duplicate (it follows that claim's verdict), else itself.
 */
export const verdictClaimOf = (claim: Pick<Claim, 'id' | 'status' | 'duplicateOfId'>): string =>
  claim.status === 'duplicate' && claim.duplicateOfId ? claim.duplicateOfId : claim.id;
