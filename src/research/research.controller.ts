import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { EvidenceQuery } from './dto/evidence.query';
import { ResearchRequestService } from './research-request.service';
import { ResearchResultsService } from './research-results.service';
import { EvidenceView } from '../evidence/evidence.view';
import { ResearchQueuedView, ResearchRunView } from './research.view';
import { PageOf } from '../platform/api/page';
import { ApiProblem } from '../platform/api/problems';
import type { Page } from '../platform/api/pagination';
import { Authenticated } from '../platform/api/problems';

@ApiTags('claims')
@Authenticated()
@Controller('v1/claims')
export class ResearchController {
  constructor(
    private readonly results: ResearchResultsService,
    private readonly requests: ResearchRequestService,
  ) {}

  @Get(':id/evidence')
  @ApiOkResponse({ type: PageOf(EvidenceView), description: 'Evidence by relevance, highest first' })
  listEvidence(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: EvidenceQuery,
  ) {
    return this.results.evidenceOf(p, id, q);
  }

  @Get(':id/research-runs')
  @ApiOkResponse({ type: PageOf(ResearchRunView), description: 'Research runs, newest first (one page)' })
  listRuns(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<Page<ResearchRunView>> {
    return this.results.runsOf(p, id);
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
