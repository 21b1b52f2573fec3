import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Verdict, VerdictStatus } from './verdict.entity';

/** Verdict versions, always scoped by organization. */
@Injectable()
export class VerdictsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  find(scope: Pick<Principal, 'organizationId'>, id: string, manager: EntityManager = this.ds.manager, lock = false): Promise<Verdict | null> {
    const qb = manager.getRepository(Verdict).createQueryBuilder('v').where('v.organization_id = :org AND v.id = :id', { org: scope.organizationId, id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  forClaim(organizationId: string, claimId: string, statuses?: readonly VerdictStatus[]): Promise<Verdict[]> {
    const qb = this.ds.getRepository(Verdict).createQueryBuilder('v').where('v.organization_id = :org AND v.claim_id = :claimId', { org: organizationId, claimId });
    if (statuses) qb.andWhere('v.status IN (:...statuses)', { statuses });
    return qb.orderBy('v.created_at', 'ASC').addOrderBy('v.id', 'ASC').getMany();
  }

  current(organizationId: string, claimId: string, manager: EntityManager = this.ds.manager, lock = false): Promise<Verdict | null> {
    const qb = manager.getRepository(Verdict).createQueryBuilder('v').where(`v.organization_id = :org AND v.claim_id = :claimId AND v.status = 'published'`, { org: organizationId, claimId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** First publication time of the claim's verdict (version 1), for ClaimReview datePublished. */
  async firstPublishedAt(manager: EntityManager, claimId: string): Promise<Date | null> {
    const [row] = await manager.query(`SELECT min(published_at) AS at FROM verdicts WHERE claim_id = $1 AND published_at IS NOT NULL`, [claimId]);
    return row?.at ? new Date(row.at) : null;
  }

  async nextVersion(manager: EntityManager, claimId: string): Promise<number> {
    const [row] = await manager.query(`SELECT COALESCE(max(version), 0) + 1 AS v FROM verdicts WHERE claim_id = $1`, [claimId]);
    return Number(row.v);
  }

  save(manager: EntityManager, v: Partial<Verdict>): Promise<Verdict> {
    const repo = manager.getRepository(Verdict);
    return repo.save(repo.create(v));
  }

  async update(manager: EntityManager, id: string, patch: Omit<Partial<Verdict>, 'claim'>): Promise<void> {
    await manager.getRepository(Verdict).update({ id }, patch as Parameters<ReturnType<EntityManager['getRepository']>['update']>[1]);
  }

  /** The ids among `ids` that are evidence of this claim. */
  async evidenceOfClaim(manager: EntityManager, organizationId: string, claimId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await manager.query(`SELECT id FROM evidence WHERE organization_id = $1 AND claim_id = $2 AND id = ANY($3::uuid[])`, [organizationId, claimId, ids]);
    return new Set(rows.map((r) => r.id));
  }
}
