import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import { Evidence, type Stance } from './evidence.entity';

export type EvidenceInput = Omit<Evidence, 'id' | 'claim'>;

/** Evidence rows: upserted by (claim, url), listed best first. */
@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** One statement; a source found again (same claim and URL) is updated, never duplicated. Every row is stored in the scope's organization. */
  async upsert(
    scope: TenantScope,
    rows: Omit<EvidenceInput, 'organizationId'>[],
    manager: EntityManager = this.ds.manager,
  ): Promise<void> {
    if (!rows.length) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(Evidence)
      .values(rows.map((r) => ({ ...r, organizationId: scope.organizationId })))
      .orUpdate(
        [
          'provider',
          'title',
          'snippet',
          'publisher',
          'published_at',
          'language',
          'stance',
          'stance_score',
          'relevance',
          'rationale',
          'analyzer',
          'builtin_stance',
          'research_run_id',
          'retrieved_at',
        ],
        ['claim_id', 'url'],
      )
      .execute();
  }

  forClaim(
    scope: TenantScope,
    claimId: string,
    manager: EntityManager = this.ds.manager,
  ): Promise<Pick<Evidence, 'stance' | 'stanceScore' | 'relevance' | 'url' | 'publisher'>[]> {
    return manager.getRepository(Evidence).find({
      where: { organizationId: scope.organizationId, claimId },
      select: { stance: true, stanceScore: true, relevance: true, url: true, publisher: true },
    });
  }

  /** A page ordered by relevance then id; `after` is the last row of the previous page. */
  list(
    scope: TenantScope,
    claimId: string,
    f: { stance?: Stance; after?: { relevance: number; id: string } | null; limit: number },
  ): Promise<Evidence[]> {
    const qb = this.ds
      .getRepository(Evidence)
      .createQueryBuilder('e')
      .where('e.organization_id = :org AND e.claim_id = :claimId', { org: scope.organizationId, claimId });
    if (f.stance) qb.andWhere('e.stance = :stance', { stance: f.stance });
    if (f.after) qb.andWhere('(e.relevance, e.id) < (CAST(:r AS real), :i)', { r: f.after.relevance, i: f.after.id });
    return qb
      .orderBy('e.relevance', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(f.limit + 1)
      .getMany();
  }

  /** Evidence of a claim counted by stance (the claim detail). */
  async countsByStance(
    scope: TenantScope,
    claimId: string,
  ): Promise<{ supports: number; refutes: number; neutral: number; total: number }> {
    const rows: { stance: string; n: number }[] = await this.ds.query(
      `SELECT stance, count(*)::int AS n FROM evidence WHERE organization_id = $1 AND claim_id = $2 GROUP BY stance`,
      [scope.organizationId, claimId],
    );
    const counts = { supports: 0, refutes: 0, neutral: 0, total: 0 };
    for (const r of rows) {
      if (r.stance === 'supports' || r.stance === 'refutes' || r.stance === 'neutral') counts[r.stance] = r.n;
      counts.total += r.n;
    }
    return counts;
  }

  /** The ids among `ids` that are evidence of this claim (a verdict's evidenceIds). */
  async idsOfClaim(scope: TenantScope, manager: EntityManager, claimId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM evidence WHERE organization_id = $1 AND claim_id = $2 AND id = ANY($3::uuid[])`,
      [scope.organizationId, claimId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }
}
