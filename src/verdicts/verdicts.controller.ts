import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { claimView, ClaimView } from '../claims/claim.view';
import { ClaimsRepository } from '../claims/claims.repository';
import { Problem } from '../platform/api/problem';
import { CorrectionDto, EditDraftDto, ReasonDto } from './dto/verdict-content.dto';
import { PUBLIC_VERDICT_STATUSES } from './verdict.entity';
import { verdictView, VerdictView } from './verdict.view';
import { verdictClaimOf, VerdictsRepository } from './verdicts.repository';
import { VerdictsService } from './verdicts.service';
import { ClaimReviewView } from './claim-review.view';
import { PageOf } from '../platform/api/page';
import { ApiProblem } from '../platform/api/problems';
import { Authenticated } from '../platform/api/problems';

const PUBLIC_STATUSES = PUBLIC_VERDICT_STATUSES;

@ApiTags('verdicts')
@Authenticated()
@Controller('v1')
export class VerdictsController {
  constructor(
    private readonly service: VerdictsService,
    private readonly verdicts: VerdictsRepository,
    private readonly claims: ClaimsRepository,
  ) {}

  /** A claim the caller may see, or for a newsroom key any claim of the organization that has a public verdict. */
  private async visibleClaim(p: Principal, id: string) {
    const claim =
      (await this.claims.find(p, id)) ?? (p.newsroomId ? await this.claims.find({ ...p, newsroomId: null }, id) : null);
    if (!claim) throw Problem.notFound('Claim');
    const own = !p.newsroomId || claim.newsroomId === p.newsroomId;
    if (!own && !(await this.verdicts.forClaim(p, id, PUBLIC_STATUSES)).length) throw Problem.notFound('Claim');
    return claim;
  }

  @Get('claims/:id/verdicts')
  @ApiOperation({
    summary:
      "Verdict versions of a claim; of a duplicate, its canonical claim's, which it follows (newsroom keys: published, superseded and retracted only)",
  })
  @ApiOkResponse({
    type: PageOf(VerdictView),
    description: 'Every version (one page); the one in force is `published`',
  })
  async list(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    const claim = await this.visibleClaim(p, id);
    const rows = await this.verdicts.forClaim(p, verdictClaimOf(claim), p.newsroomId ? PUBLIC_STATUSES : undefined);
    return { data: rows.map(verdictView), nextCursor: null };
  }

  @Get('claims/:id/claim-review')
  @ApiOperation({
    summary: "schema.org ClaimReview JSON-LD of the published verdict (a duplicate claim gets its canonical claim's)",
  })
  @ApiProduces('application/ld+json')
  @ApiOkResponse({ type: ClaimReviewView, description: 'ClaimReview JSON-LD (application/ld+json)' })
  async claimReview(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const claim = await this.visibleClaim(p, id);
    const current = await this.verdicts.current(p, verdictClaimOf(claim));
    if (!current?.claimReview) throw Problem.notFound('Published verdict');
    reply.header('content-type', 'application/ld+json; charset=utf-8');
    return current.claimReview;
  }

  @Get('verdicts/:id')
  @ApiOperation({ summary: 'One verdict version' })
  @ApiOkResponse({ type: VerdictView })
  async get(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    const v = await this.verdicts.find(p, id);
    if (!v) throw Problem.notFound('Verdict');
    await this.visibleClaim(p, v.claimId);
    if (p.newsroomId && !PUBLIC_STATUSES.includes(v.status as never)) throw Problem.notFound('Verdict');
    return verdictView(v);
  }

  @Patch('verdicts/:id')
  @Roles('checker')
  @ApiOperation({
    summary: 'Edit a draft before its review starts (author only); published verdicts are immutable (409)',
  })
  @ApiOkResponse({ type: VerdictView, description: 'The edited draft' })
  @ApiProblem(409, 'Not a draft any more, or under review')
  async edit(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: EditDraftDto,
  ) {
    return verdictView(await this.service.editDraft(p, id, body));
  }

  @Post('claims/:id/corrections')
  @Roles('editor')
  @HttpCode(201)
  @ApiOperation({ summary: 'Publish a corrected verdict version; the previous one becomes superseded' })
  @ApiCreatedResponse({ type: VerdictView, description: 'The new published version' })
  @ApiProblem(409, 'The claim has no published verdict to correct')
  async correct(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CorrectionDto,
  ) {
    return verdictView(await this.service.correct(p, id, body));
  }

  @Post('verdicts/:id/retract')
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retract the published verdict; the claim becomes retracted and a check task opens' })
  @ApiOkResponse({ type: VerdictView, description: 'The verdict, retracted' })
  @ApiProblem(409, 'Only the published verdict can be retracted')
  async retract(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReasonDto,
  ) {
    return verdictView(await this.service.retract(p, id, body.reason));
  }

  @Post('claims/:id/dismiss')
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss an unpublished claim (not check-worthy, out of scope)' })
  @ApiOkResponse({ type: ClaimView, description: 'The claim, dismissed' })
  @ApiProblem(409, 'The claim cannot be dismissed in its status')
  async dismiss(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReasonDto,
  ) {
    return claimView(await this.service.dismiss(p, id, body.reason));
  }
}
