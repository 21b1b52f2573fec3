import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Evidence, type Stance } from './evidence.entity';

export type EvidenceInput = Omit<Evidence, 'id' | 'claim'>;

/** Evidence rows: upserted by (claim, url), listed best first. */
@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** One statement; a source found again (same claim and URL) is updated, never duplicated. */
  async upsert(rows: EvidenceInput[], manager: EntityManager = this.ds.manager): Promise<void> {
    if (!rows.length) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(Evidence)
      .values(rows)
      .orUpdate(['provider', 'title', 'snippet', 'publisher', 'published_at', 'language', 'stance', 'stance_score', 'relevance', 'rationale', 'analyzer', 'builtin_stance', 'research_run_id', 'retrieved_at'], ['claim_id', 'url'])
      .execute();
  }

  forClaim(organizationId: string, claimId: string, manager: EntityManager = this.ds.manager): Promise<Pick<Evidence, 'stance' | 'stanceScore' | 'relevance' | 'url' | 'publisher'>[]> {
    return manager.getRepository(Evidence).find({ where: { organizationId, claimId }, select: { stance: true, stanceScore: true, relevance: true, url: true, publisher: true } });
  }

  /** A page ordered by relevance then id; `after` is the last row of the previous page. */
  list(organizationId: string, claimId: string, f: { stance?: Stance; after?: { relevance: number; id: string } | null; limit: number }): Promise<Evidence[]> {
    const qb = this.ds.getRepository(Evidence).createQueryBuilder('e').where('e.organization_id = :org AND e.claim_id = :claimId', { org: organizationId, claimId });
    if (f.stance) qb.andWhere('e.stance = :stance', { stance: f.stance });
    if (f.after) qb.andWhere('(e.relevance, e.id) < (CAST(:r AS real), :i)', { r: f.after.relevance, i: f.after.id });
    return qb.orderBy('e.relevance', 'DESC').addOrderBy('e.id', 'DESC').limit(f.limit + 1).getMany();
  }
}
