import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { StoredResponse } from '../platform/idempotency/idempotency.service';
import { decodeCursor, toPage } from '../platform/api/pagination';
import { Problem } from '../platform/api/problem';
import { IntakeRateLimit } from '../platform/rate-limit/rate-limit.guard';
import { claimView, historyView } from './claim.view';
import { ClaimsRepository } from './claims.repository';
import { ClaimsService } from './claims.service';
import { HistoryQuery, ListClaimsQuery } from './dto/list-claims.query';
import { SubmitClaimBatchDto, SubmitClaimDto } from './dto/submit-claim.dto';
import { BatchView, ClaimDetailView, SubmittedClaimView } from './claim-detail.view';
import { PageOf } from '../platform/api/page';
import { ClaimHistoryView, ClaimView } from './claim.view';
import { Authenticated, Idempotent } from '../platform/api/problems';

function send(reply: FastifyReply, res: StoredResponse & { replayed?: boolean }) {
  for (const [k, v] of Object.entries(res.headers ?? {})) reply.header(k, v);
  if (res.replayed) reply.header('idempotent-replayed', 'true');
  reply.status(res.status);
  return res.body;
}

@ApiTags('claims')
@Authenticated()
@Controller('v1/claims')
export class ClaimsController {
  constructor(
    private readonly service: ClaimsService,
    private readonly claims: ClaimsRepository,
  ) {}

  @Post()
  @Roles('newsroom', 'editor')
  @IntakeRateLimit()
  @Idempotent()
  @ApiAcceptedResponse({
    type: SubmittedClaimView,
    description: 'Stored; research will follow. Location names the claim.',
    headers: { Location: { description: 'The claim: /v1/claims/{id}', schema: { type: 'string' } } },
  })
  async submit(
    @CurrentPrincipal() p: Principal,
    @Body() body: SubmitClaimDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return send(reply, await this.service.submit(p, body, key));
  }

  @Post('batch')
  @Roles('newsroom', 'editor')
  @IntakeRateLimit()
  @Idempotent()
  @ApiAcceptedResponse({
    type: BatchView,
    description: 'One result per item, in order: status 202 with the claim, or 400 with errors',
  })
  async submitBatch(
    @CurrentPrincipal() p: Principal,
    @Body() body: SubmitClaimBatchDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return send(reply, await this.service.submitBatch(p, body.claims, key));
  }

  @Get()
  @ApiOkResponse({ type: PageOf(ClaimView) })
  async list(@CurrentPrincipal() p: Principal, @Query() q: ListClaimsQuery) {
    const rows = await this.claims.list(
      p,
      { ...q, since: q.since ? new Date(q.since) : undefined },
      decodeCursor(q.cursor),
      q.limit,
    );
    const readable = await this.claims.readableBy(
      p,
      rows.map((c) => c.duplicateOfId),
    );
    return toPage(rows, q.limit, (c) => claimView(c, readable));
  }

  @Get(':id')
  @ApiOkResponse({ type: ClaimDetailView })
  async get(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ClaimDetailView> {
    return this.service.detail(p, id);
  }

  @Get(':id/history')
  @ApiOkResponse({ type: PageOf(ClaimHistoryView), description: 'Transitions and actions, oldest first' })
  async history(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: HistoryQuery,
  ) {
    if (!(await this.claims.find(p, id))) throw Problem.notFound('Claim');
    const limit = Math.min(Math.max(Number(q.limit ?? 100), 1), 200);
    const rows = await this.claims.history(p, id, q.cursor ?? null, limit);
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const readable = await this.claims.readableBy(
      p,
      page.map((h) => (typeof h.details?.duplicateOf === 'string' ? h.details.duplicateOf : null)),
    );
    return { data: page.map((h) => historyView(h, readable)), nextCursor: more ? page[page.length - 1].id : null };
  }
}
