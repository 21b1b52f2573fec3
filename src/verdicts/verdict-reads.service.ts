import { Injectable } from '@nestjs/common';
import type { Principal } from '../platform/tenancy/principal';
import { Problem } from '../platform/api/problem';
import type { Page } from '../platform/api/pagination';
import { ClaimsRepository } from '../claims/claims.repository';
import { PUBLIC_VERDICT_STATUSES } from './verdict.entity';
import { verdictView, type VerdictView } from './verdict.view';
import { verdictClaimOf, VerdictsRepository } from './verdicts.repository';

/**
 * What a caller may read of verdicts. The desk reads every version; a newsroom key reads its own
 * claims' and, of any claim of the organization, the public versions (published, superseded,
 * retracted). A duplicate claim shows its canonical claim's verdicts, which it follows.
 */
@Injectable()
export class VerdictReadsService {
  constructor(
    private readonly verdicts: VerdictsRepository,
    private readonly claims: ClaimsRepository,
  ) {}

  /** A claim the caller may see, or for a newsroom key any claim of the organization that has a public verdict. */
  private async visibleClaim(p: Principal, id: string) {
    const claim =
      (await this.claims.find(p, id)) ?? (p.newsroomId ? await this.claims.find({ ...p, newsroomId: null }, id) : null);
    if (!claim) throw Problem.notFound('Claim');
    const own = !p.newsroomId || claim.newsroomId === p.newsroomId;
    if (!own && !(await this.verdicts.forClaim(p, id, PUBLIC_VERDICT_STATUSES)).length) throw Problem.notFound('Claim');
    return claim;
  }

  async versionsOf(p: Principal, claimId: string): Promise<Page<VerdictView>> {
    const claim = await this.visibleClaim(p, claimId);
    const rows = await this.verdicts.forClaim(
      p,
      verdictClaimOf(claim),
      p.newsroomId ? PUBLIC_VERDICT_STATUSES : undefined,
    );
    return { data: rows.map(verdictView), nextCursor: null };
  }

  /** The ClaimReview JSON-LD of the verdict in force. */
  async claimReviewOf(p: Principal, claimId: string): Promise<Record<string, unknown>> {
    const claim = await this.visibleClaim(p, claimId);
    const current = await this.verdicts.current(p, verdictClaimOf(claim));
    if (!current?.claimReview) throw Problem.notFound('Published verdict');
    return current.claimReview;
  }

  async get(p: Principal, id: string): Promise<VerdictView> {
    const v = await this.verdicts.find(p, id);
    if (!v) throw Problem.notFound('Verdict');
    await this.visibleClaim(p, v.claimId);
    if (p.newsroomId && !PUBLIC_VERDICT_STATUSES.includes(v.status as never)) throw Problem.notFound('Verdict');
    return verdictView(v);
  }
}
