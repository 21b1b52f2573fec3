import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { StoredResponse } from '../platform/idempotency/idempotency.service';
import { IntakeRateLimit } from '../platform/rate-limit/rate-limit.guard';
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
  constructor(private readonly service: ClaimsService) {}

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
  list(@CurrentPrincipal() p: Principal, @Query() q: ListClaimsQuery) {
    return this.service.list(p, q);
  }

  @Get(':id')
  @ApiOkResponse({ type: ClaimDetailView })
  get(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ClaimDetailView> {
    return this.service.detail(p, id);
  }

  @Get(':id/history')
  @ApiOkResponse({ type: PageOf(ClaimHistoryView), description: 'Transitions and actions, oldest first' })
  history(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Query() q: HistoryQuery) {
    return this.service.history(p, id, q);
  }
}
