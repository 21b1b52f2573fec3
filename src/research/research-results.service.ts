import { Injectable } from '@nestjs/common';
import type { Principal } from '../platform/tenancy/principal';
import { Problem } from '../platform/api/problem';
import { decodeCursor, type Page, toPage } from '../platform/api/pagination';
import { ClaimsRepository } from '../claims/claims.repository';
import type { AssessmentView } from '../claims/claim.view';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { evidenceView, type EvidenceView } from '../evidence/evidence.view';
import type { EvidenceQuery } from './dto/evidence.query';
import { ResearchRunsRepository } from './research-runs.repository';
import type { ResearchRunView } from './research.view';

/** What research found for a claim the caller may read: its evidence and its runs. */
@Injectable()
export class ResearchResultsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly evidence: EvidenceRepository,
    private readonly runs: ResearchRunsRepository,
  ) {}

  /** Evidence by relevance, highest first; the cursor is the last row's (relevance, id). */
  async evidenceOf(p: Principal, claimId: string, q: EvidenceQuery): Promise<Page<EvidenceView>> {
    const claim = await this.claims.find(p, claimId);
    if (!claim) throw Problem.notFound('Claim');
    const after = decodeCursor(q.cursor, ([relevance, id]) =>
      typeof relevance === 'number' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? { relevance, id } : null,
    );
    const rows = await this.evidence.list(p, claimId, { stance: q.stance, after, limit: q.limit });
    return toPage(
      rows,
      q.limit,
      (e) => evidenceView(e, claim.language),
      (e) => [e.relevance, e.id],
    );
  }

  /** The claim's research runs, newest first (one page). */
  async runsOf(p: Principal, claimId: string): Promise<Page<ResearchRunView>> {
    if (!(await this.claims.find(p, claimId))) throw Problem.notFound('Claim');
    const runs = await this.runs.listForClaim(p.organizationId, claimId);
    return {
      data: runs.map((r) => ({
        id: r.id,
        trigger: r.trigger,
        status: r.status,
        attempts: r.attempts,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        providers: r.providers,
        assessment: r.assessment as AssessmentView | null,
      })),
      nextCursor: null,
    };
  }
}
