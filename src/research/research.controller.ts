import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { ClaimsRepository } from '../claims/claims.repository';
import { Problem } from '../platform/api/problem';
import { Evidence } from '../evidence/evidence.entity';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { EvidenceQuery } from './dto/evidence.query';
import { ResearchRunsRepository } from './research-runs.repository';
import { ResearchRequestService } from './research-request.service';
import { EvidenceView } from '../evidence/evidence.view';
import { ResearchQueuedView, ResearchRunView } from './research.view';
import { PageOf } from '../platform/api/page';
import { ApiProblem } from '../platform/api/problems';
import { AssessmentView } from '../claims/claim.view';
import type { Page } from '../platform/api/pagination';
import { Authenticated } from '../platform/api/problems';

/**
 * `crossLanguage`: the source is in another language than the claim. `builtinStance` and
 * `stanceDisagreement`: the model backend scored the row and the built-in analyzer reads it otherwise.
 */
const evidenceView = (e: Evidence, claimLanguage: string): EvidenceView => ({
  id: e.id,
  provider: e.provider,
  url: e.url,
  title: e.title,
  snippet: e.snippet,
  publisher: e.publisher,
  publishedAt: e.publishedAt?.toISOString() ?? null,
  language: e.language,
  crossLanguage: !!e.language && e.language !== claimLanguage,
  stance: e.stance,
  stanceScore: e.stanceScore,
  relevance: e.relevance,
  rationale: e.rationale,
  analyzer: e.analyzer,
  builtinStance: e.builtinStance ?? null,
  stanceDisagreement: !!e.builtinStance && e.builtinStance !== e.stance,
  retrievedAt: e.retrievedAt.toISOString(),
});

@ApiTags('claims')
@Authenticated()
@Controller('v1/claims')
export class ResearchController {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly evidence: EvidenceRepository,
    private readonly runs: ResearchRunsRepository,
    private readonly requests: ResearchRequestService,
  ) {}

  @Get(':id/evidence')
  @ApiOkResponse({ type: PageOf(EvidenceView), description: 'Evidence by relevance, highest first' })
  async listEvidence(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: EvidenceQuery,
  ) {
    const claim = await this.claims.find(p, id);
    if (!claim) throw Problem.notFound('Claim');
    let after: { relevance: number; id: string } | null = null;
    if (q.cursor) {
      try {
        const [relevance, eid] = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8'));
        if (typeof relevance !== 'number' || typeof eid !== 'string' || !/^[0-9a-f-]{36}$/i.test(eid))
          throw new Error();
        after = { relevance, id: eid };
      } catch {
        throw Problem.badRequest('cursor is not a valid cursor', [
          { path: 'cursor', message: 'cursor is not a valid cursor' },
        ]);
      }
    }
    const rows = await this.evidence.list(p, id, { stance: q.stance, after, limit: q.limit });
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return {
      data: page.map((e) => evidenceView(e, claim.language)),
      nextCursor: more ? Buffer.from(JSON.stringify([last.relevance, last.id])).toString('base64url') : null,
    };
  }

  @Get(':id/research-runs')
  @ApiOkResponse({ type: PageOf(ResearchRunView), description: 'Research runs, newest first (one page)' })
  async listRuns(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<Page<ResearchRunView>> {
    if (!(await this.claims.find(p, id))) throw Problem.notFound('Claim');
    const runs = await this.runs.listForClaim(p.organizationId, id);
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

  @Post(':id/research')
  @Roles('editor')
  @HttpCode(202)
  @ApiProblem(409, 'Research cannot run on a claim in this status')
  @ApiAcceptedResponse({
    type: ResearchQueuedView,
    description:
      'Research requested through the outbox (202 even while Redis is down); the claim goes back to received, then researching and ready_for_check',
  })
  async rerun(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ResearchQueuedView> {
    return { ...(await this.requests.rerun(p, id)), status: 'queued' };
  }
}
