import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { claimView, ClaimView } from '../claims/claim.view';
import { CorrectionDto, EditDraftDto, ReasonDto } from './dto/verdict-content.dto';
import { verdictView, VerdictView } from './verdict.view';
import { VerdictsService } from './verdicts.service';
import { VerdictReadsService } from './verdict-reads.service';
import { ClaimReviewView } from './claim-review.view';
import { PageOf } from '../platform/api/page';
import { ApiProblem } from '../platform/api/problems';
import { Authenticated } from '../platform/api/problems';

@ApiTags('verdicts')
@Authenticated()
@Controller('v1')
export class VerdictsController {
  constructor(
    private readonly service: VerdictsService,
    private readonly reads: VerdictReadsService,
  ) {}

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
    return this.reads.versionsOf(p, id);
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
    const review = await this.reads.claimReviewOf(p, id);
    reply.header('content-type', 'application/ld+json; charset=utf-8');
    return review;
  }

  @Get('verdicts/:id')
  @ApiOperation({ summary: 'One verdict version' })
  @ApiOkResponse({ type: VerdictView })
  async get(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.reads.get(p, id);
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
