import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClaimsService } from '../claims/claims.service';
import { CLAIM_STATUSES } from '../claims/claim-status';
import { ListClaimsQuery } from '../claims/dto/list-claims.query';
import { SubmitClaimDto } from '../claims/dto/submit-claim.dto';
import { ExtractDto } from '../extraction/dto/extract.dto';
import { ExtractionService } from '../extraction/extraction.service';
import { PortalLinksService } from '../people/portal-links.service';
import { clearSessionCookie, crossSiteReason, setSessionCookie } from '../people/session-cookie';
import { SessionsRepository } from '../people/sessions.repository';
import { decodeCursor, toPage } from '../platform/api/pagination';
import { inlineSchema, servedDocument } from '../platform/api/openapi-document';
import type { FieldError } from '../platform/api/problem';
import { Problem } from '../platform/api/problem';
import { validateDto } from '../platform/api/validation';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { EVENT_TYPES, type EventType } from '../platform/queue/queue-names';
import { RateLimits } from '../platform/rate-limit/rate-limits';
import { Public, ReadOnlyAllowed, Roles } from '../platform/tenancy/principal';
import { VerdictReadsService } from '../verdicts/verdict-reads.service';
import { CreateWebhookDto } from '../webhooks/dto/create-webhook.dto';
import { UpdateWebhookDto } from '../webhooks/dto/update-webhook.dto';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../webhooks/webhook-delivery.entity';
import { deliveryView, subscriptionView } from '../webhooks/webhook.view';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { RECOVER_LIMIT, WebhooksService } from '../webhooks/webhooks.service';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { consoleLanguage, type ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views';
import type { Messages } from './i18n';

type Req = Parameters<typeof consoleLanguage>[0] & ConsoleRequest;
type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const uuid = new ParseUUIDPipe();

/** Messages a redirect may ask the next page to show (?done=…): keys only, never text from the URL. */
const NOTICES = new Set<keyof Messages>([
  'pEndpointSaved',
  'pPaused',
  'pResumed',
  'pTestSent',
  'pResent',
  'pRecovered',
  'pEndpointDeleted',
  'pClaimSubmitted',
]);

/** Time presets of the message log, in hours. */
const RANGES: Record<string, number> = { '1h': 1, '24h': 24, '7d': 168, '30d': 720 };

/**
 * The newsroom portal (docs/portal.md): a newsroom's integration and claims, for its people and
 * for the sessions its portal links open. Every action calls the service its REST route calls
 * (WebhooksService for `/v1/webhooks/*`, ClaimsService and ExtractionService for `/v1/claims` and
 * `/v1/extractions`), with the session's principal (role newsroom, its newsroomId), so what a page
 * shows and does is exactly what the newsroom's API key may: another newsroom's endpoint, event or
 * claim is 404 there as here. A read-only link's session is refused every change by the AuthGuard.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorsFilter)
@Roles('newsroom')
@Controller('console/portal')
export class PortalController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly views: ConsoleViews,
    private readonly webhooks: WebhooksService,
    private readonly webhooksRepo: WebhooksRepository,
    private readonly claims: ClaimsService,
    private readonly verdicts: VerdictReadsService,
    private readonly extraction: ExtractionService,
    private readonly limits: RateLimits,
    private readonly links: PortalLinksService,
    private readonly sessions: SessionsRepository,
  ) {}

  // ---- entering through a portal link -------------------------------------------------------

  /** The link's page: a button opens the portal (a GET never uses the link, so a link preview cannot spend it). */
  @Public()
  @Get('enter/:token')
  async enterPage(@Req() req: Req, @Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const link = await this.links.usable(token);
    const ctx = this.views.context(link?.language ?? consoleLanguage(req), null, req.url);
    if (!link) reply.status(404);
    return this.html(reply, this.views.render('portal-enter', ctx, { link }));
  }

  @Public()
  @Post('enter/:token')
  @HttpCode(200)
  async enter(@Req() req: Req, @Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const reason = crossSiteReason(req);
    if (reason) throw Problem.forbidden(`Cross-site request refused (${reason})`);
    try {
      const { sessionId } = await this.links.use(token);
      setSessionCookie(req, reply, this.config, sessionId);
      reply.status(303).header('location', '/console/portal/endpoints');
      return '';
    } catch (err) {
      if (!(err instanceof Problem) || err.getStatus() !== 409) throw err;
      const ctx = this.views.context(consoleLanguage(req), null, req.url);
      reply.status(409);
      return this.html(reply, this.views.render('portal-enter', ctx, { link: null }));
    }
  }

  @ReadOnlyAllowed()
  @Post('sign-out')
  async signOut(@Req() req: Req, @Res() reply: FastifyReply) {
    await this.sessions.revoke(req.consoleSession!.idHash);
    clearSessionCookie(req, reply, this.config);
    reply.status(303).header('location', '/console/sign-in').send('');
  }

  @Get()
  home(@Res() reply: FastifyReply) {
    reply.status(303).header('location', '/console/portal/endpoints').send('');
  }

  // ---- endpoints ----------------------------------------------------------------------------

  @Get('endpoints')
  async endpoints(@Req() req: Req, @Query('done') done: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const rows = await this.webhooksRepo.list(req.principal!, null, 100);
    return this.page(req, reply, 'portal-endpoints', {
      endpoints: rows.slice(0, 100).map(subscriptionView),
      notice: this.notice(req, done),
    });
  }

  @Get('endpoints/new')
  newEndpoint(@Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.page(req, reply, 'portal-endpoint-form', { endpoint: null, form: {}, errors: [] });
  }

  @Post('endpoints')
  @HttpCode(200)
  async createEndpoint(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const parsed = endpointInput(form);
    const { value, errors } = parsed.errors.length
      ? { value: undefined, errors: parsed.errors }
      : await validateDto(CreateWebhookDto, parsed.input);
    if (errors)
      return this.page(req, reply.status(400), 'portal-endpoint-form', { endpoint: null, form: formOf(form), errors });
    try {
      const created = await this.webhooks.create(req.principal!, value!);
      return this.page(req, reply.status(201), 'portal-secret', {
        endpoint: created,
        secret: created.secret,
        previousSecret: null,
        previousSecretExpiresAt: null,
        created: true,
      });
    } catch (err) {
      if (!(err instanceof Problem) || err.getStatus() !== 400) throw err;
      return this.page(req, reply.status(400), 'portal-endpoint-form', {
        endpoint: null,
        form: formOf(form),
        errors: err.errors?.length ? err.errors : [{ path: 'url', message: err.detail }],
      });
    }
  }

  @Get('endpoints/:id')
  async endpoint(
    @Req() req: Req,
    @Param('id', uuid) id: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const p = req.principal!;
    const sub = await this.webhooks.get(p, id);
    const filters = logFilters(q);
    const limit = 25;
    const { rows, attempts } = await this.webhooks.deliveries(
      p,
      id,
      { status: filters.status, eventType: filters.eventType, since: filters.since, until: filters.until },
      decodeCursor(typeof q.cursor === 'string' && /^[A-Za-z0-9_-]{1,200}$/.test(q.cursor) ? q.cursor : undefined),
      limit,
    );
    const page = toPage(rows, limit, (d) =>
      deliveryView(
        d,
        attempts.filter((a) => a.deliveryId === d.id),
      ),
    );
    const query = new URLSearchParams(filters.query);
    return this.page(req, reply, 'portal-endpoint', {
      endpoint: subscriptionView(sub),
      stats: await this.webhooks.stats(p, id),
      messages: page.data,
      next: page.nextCursor ? `?${new URLSearchParams({ ...filters.query, cursor: page.nextCursor })}` : null,
      filters,
      query: query.toString(),
      eventTypes: EVENT_TYPES,
      statuses: DELIVERY_STATUSES.filter((s) => s !== 'cancelled'),
      notice: this.notice(req, q.done, q.n),
      recoverLimit: RECOVER_LIMIT,
    });
  }

  @Get('endpoints/:id/edit')
  async editEndpoint(@Req() req: Req, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const sub = subscriptionView(await this.webhooks.get(req.principal!, id));
    return this.page(req, reply, 'portal-endpoint-form', {
      endpoint: sub,
      form: {
        url: sub.url,
        description: sub.description ?? '',
        events: sub.events.includes('*') ? [] : sub.events,
        headers: Object.entries(sub.headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      },
      errors: [],
    });
  }

  @Post('endpoints/:id')
  @HttpCode(200)
  async updateEndpoint(
    @Req() req: Req,
    @Param('id', uuid) id: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const sub = subscriptionView(await this.webhooks.get(req.principal!, id));
    const parsed = endpointInput(form);
    const { value, errors } = parsed.errors.length
      ? { value: undefined, errors: parsed.errors }
      : await validateDto(UpdateWebhookDto, parsed.input);
    if (errors)
      return this.page(req, reply.status(400), 'portal-endpoint-form', { endpoint: sub, form: formOf(form), errors });
    try {
      await this.webhooks.update(req.principal!, id, value!);
    } catch (err) {
      if (!(err instanceof Problem) || err.getStatus() !== 400) throw err;
      return this.page(req, reply.status(400), 'portal-endpoint-form', {
        endpoint: sub,
        form: formOf(form),
        errors: err.errors?.length ? err.errors : [{ path: 'url', message: err.detail }],
      });
    }
    return this.redirect(reply, `/console/portal/endpoints/${id}?done=pEndpointSaved`);
  }

  @Post('endpoints/:id/status')
  async setStatus(@Req() req: Req, @Param('id', uuid) id: string, @Body() form: Form, @Res() reply: FastifyReply) {
    const status = one(form?.status) === 'paused' ? 'paused' : 'active';
    await this.webhooks.update(req.principal!, id, { status });
    return this.redirect(reply, `/console/portal/endpoints/${id}?done=${status === 'paused' ? 'pPaused' : 'pResumed'}`);
  }

  @Post('endpoints/:id/delete')
  @HttpCode(200)
  async remove(
    @Req() req: Req,
    @Param('id', uuid) id: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (one(form?.confirm) !== 'yes') throw Problem.badRequest('Tick the box to confirm the deletion');
    await this.webhooks.remove(req.principal!, id);
    return this.redirect(reply, '/console/portal/endpoints?done=pEndpointDeleted');
  }

  /** The signing secret on demand, behind a confirmation (a POST with the box ticked: never in a URL, never cached). */
  @Post('endpoints/:id/secret')
  @HttpCode(200)
  async secret(
    @Req() req: Req,
    @Param('id', uuid) id: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (one(form?.confirm) !== 'yes')
      throw Problem.badRequest('Tick the box to confirm that you want to see the secret');
    const endpoint = subscriptionView(await this.webhooks.get(req.principal!, id));
    const s = await this.webhooks.revealSecret(req.principal!, id);
    return this.page(req, reply, 'portal-secret', { endpoint, ...s, created: false });
  }

  @Post('endpoints/:id/rotate')
  @HttpCode(200)
  async rotate(@Req() req: Req, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const rotated = await this.webhooks.rotateSecret(req.principal!, id);
    const s = await this.webhooks.revealSecret(req.principal!, id);
    return this.page(req, reply, 'portal-secret', { endpoint: rotated, ...s, created: false, rotated: true });
  }

  @Post('endpoints/:id/test')
  async test(@Req() req: Req, @Param('id', uuid) id: string, @Body() form: Form, @Res() reply: FastifyReply) {
    const type = one(form?.type) as EventType;
    if (!EVENT_TYPES.includes(type)) throw Problem.badRequest('Choose an event type of the catalog');
    await this.webhooks.ping(req.principal!, id, type);
    return this.redirect(reply, `/console/portal/endpoints/${id}?done=pTestSent`);
  }

  @Post('endpoints/:id/recover')
  async recover(@Req() req: Req, @Param('id', uuid) id: string, @Body() form: Form, @Res() reply: FastifyReply) {
    const preset = one(form?.since);
    const custom = one(form?.sinceAt);
    const since =
      preset && RANGES[preset] ? new Date(Date.now() - RANGES[preset] * 3600_000) : custom ? utc(custom) : null;
    if (!since) throw Problem.badRequest('Choose since when to recover');
    const r = await this.webhooks.recover(req.principal!, id, since);
    return this.redirect(reply, `/console/portal/endpoints/${id}?done=pRecovered&n=${r.recovered}`);
  }

  @Get('endpoints/:id/messages/:deliveryId')
  async message(
    @Req() req: Req,
    @Param('id', uuid) id: string,
    @Param('deliveryId', uuid) deliveryId: string,
    @Query('done') done: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const endpoint = subscriptionView(await this.webhooks.get(req.principal!, id));
    const message = await this.webhooks.delivery(req.principal!, id, deliveryId);
    return this.page(req, reply, 'portal-message', {
      endpoint,
      message,
      payload: JSON.stringify(message.payload, null, 2),
      notice: this.notice(req, done),
    });
  }

  @Post('endpoints/:id/messages/:deliveryId/resend')
  async resend(
    @Req() req: Req,
    @Param('id', uuid) id: string,
    @Param('deliveryId', uuid) deliveryId: string,
    @Res() reply: FastifyReply,
  ) {
    await this.webhooks.redeliver(req.principal!, id, deliveryId);
    return this.redirect(reply, `/console/portal/endpoints/${id}/messages/${deliveryId}?done=pResent`);
  }

  // ---- event catalog ------------------------------------------------------------------------

  /** Every event type of the OpenAPI document's `webhooks` section: description, payload schema, recorded example. */
  @Get('catalog')
  catalog(@Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.page(req, reply, 'portal-catalog', { events: catalogEntries() });
  }

  // ---- claims -------------------------------------------------------------------------------

  @Get('claims')
  async claimList(
    @Req() req: Req,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const s = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const input = {
      status: CLAIM_STATUSES.includes(s(q.status) as never) ? s(q.status) : undefined,
      q: s(q.q)?.slice(0, 200),
      language: s(q.language) && /^[a-z]{2,3}$/.test(s(q.language)!) ? s(q.language) : undefined,
      cursor: s(q.cursor) && /^[A-Za-z0-9_-]{1,200}$/.test(s(q.cursor)!) ? s(q.cursor) : undefined,
      limit: '25',
    };
    const { value } = await validateDto(ListClaimsQuery, input);
    const page = await this.claims.list(req.principal!, value ?? ({ limit: 25 } as unknown as ListClaimsQuery));
    const { cursor: _c, limit: _l, ...filters } = input;
    const kept = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>;
    return this.page(req, reply, 'portal-claims', {
      claims: page.data,
      next: page.nextCursor ? `?${new URLSearchParams({ ...kept, cursor: page.nextCursor })}` : null,
      filters: kept,
      statuses: CLAIM_STATUSES,
      notice: this.notice(req, q.done),
      errors: [],
      form: {},
      submitted: null,
    });
  }

  /** Submit one claim: ClaimsService.submit after the intake budget, as `POST /v1/claims`. */
  @Post('claims')
  @HttpCode(200)
  async submitClaim(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const input: Record<string, unknown> = { text: one(form?.text)?.trim() };
    if (one(form?.language)) input.language = one(form?.language);
    if (one(form?.sourceUrl)?.trim()) input.sourceUrl = one(form?.sourceUrl)!.trim();
    const { value, errors } = await validateDto(SubmitClaimDto, input);
    if (errors) return this.claimsWithError(req, reply, errors, form);
    await this.limits.spendIntake(req.principal!, 1, reply);
    const res = await this.claims.submit(req.principal!, value!);
    const claim = res.body as { id: string };
    return this.redirect(reply, `/console/portal/claims/${claim.id}?done=pClaimSubmitted`);
  }

  /** Submit an article: its check-worthy sentences become claims (ExtractionService with submit, as `POST /v1/extractions`). */
  @Post('claims/article')
  @HttpCode(200)
  async submitArticle(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const input: Record<string, unknown> = { text: one(form?.articleText), submit: true };
    if (one(form?.articleLanguage)) input.language = one(form?.articleLanguage);
    const { value, errors } = await validateDto(ExtractDto, input);
    if (errors)
      return this.claimsWithError(
        req,
        reply,
        errors.map((e) => ({ ...e, path: e.path === 'text' ? 'articleText' : e.path })),
        form,
      );
    const res = await this.extraction.extract(req.principal!, value!, undefined, reply);
    const body = res.body as { submitted?: { id: string; text: string }[] };
    const page = await this.claims.list(req.principal!, { limit: 25 } as unknown as ListClaimsQuery);
    return this.page(req, reply.status(200), 'portal-claims', {
      claims: page.data,
      next: null,
      filters: {},
      statuses: CLAIM_STATUSES,
      notice: null,
      errors: [],
      form: {},
      submitted: body.submitted ?? [],
    });
  }

  @Get('claims/:id')
  async claim(
    @Req() req: Req,
    @Param('id', uuid) id: string,
    @Query('done') done: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const p = req.principal!;
    const claim = await this.claims.detail(p, id);
    const [history, versions] = await Promise.all([
      this.claims.history(p, id, { limit: '100' } as never),
      this.verdicts.versionsOf(p, id),
    ]);
    let claimReview: string | null = null;
    if (claim.verdict && claim.verdict.status === 'published') {
      try {
        claimReview = JSON.stringify(await this.verdicts.claimReviewOf(p, id), null, 2);
      } catch (err) {
        if (!(err instanceof Problem)) throw err;
      }
    }
    return this.page(req, reply, 'portal-claim', {
      claim,
      history: history.data,
      versions: versions.data,
      claimReview,
      notice: this.notice(req, done),
    });
  }

  private async claimsWithError(req: Req, reply: FastifyReply, errors: FieldError[], form: Form) {
    const page = await this.claims.list(req.principal!, { limit: 25 } as unknown as ListClaimsQuery);
    return this.page(req, reply.status(400), 'portal-claims', {
      claims: page.data,
      next: null,
      filters: {},
      statuses: CLAIM_STATUSES,
      notice: null,
      errors,
      form: formOf(form),
      submitted: null,
    });
  }

  // ---- helpers ------------------------------------------------------------------------------

  private notice(req: Req, done: unknown, n?: unknown): string | null {
    if (typeof done !== 'string' || !NOTICES.has(done as keyof Messages)) return null;
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession ?? null, req.url);
    const count = typeof n === 'string' && /^\d{1,6}$/.test(n) ? Number(n) : 0;
    return ctx.t(done as keyof Messages, { n: count });
  }

  private page(req: Req, reply: FastifyReply, view: string, data: Record<string, unknown>) {
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession ?? null, req.url);
    reply.type('text/html; charset=utf-8');
    return this.views.render(view, ctx, {
      readOnly: req.principal?.readOnly === true,
      portal: req.consoleSession?.portal ?? null,
      ...data,
    });
  }

  private redirect(reply: FastifyReply, to: string) {
    reply.status(303).header('location', to).send('');
  }

  private html(reply: FastifyReply, html: string) {
    reply.type('text/html; charset=utf-8');
    return html;
  }
}

/** A `datetime-local` value read as UTC (the portal shows every time in UTC). */
function utc(v: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) return null;
  const d = new Date(`${v}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The message log's filters from the query string; anything unexpected is ignored. */
export function logFilters(q: Record<string, unknown>) {
  const s = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const status = DELIVERY_STATUSES.includes(s(q.status) as DeliveryStatus)
    ? (s(q.status) as DeliveryStatus)
    : undefined;
  const eventType = EVENT_TYPES.includes(s(q.eventType) as EventType) ? (s(q.eventType) as EventType) : undefined;
  const range = s(q.range) && (RANGES[s(q.range)!] || s(q.range) === 'custom') ? s(q.range)! : 'all';
  let since: Date | undefined;
  let until: Date | undefined;
  if (range !== 'all' && range !== 'custom') since = new Date(Date.now() - RANGES[range] * 3600_000);
  if (range === 'custom') {
    since = utc(s(q.since) ?? '') ?? undefined;
    until = utc(s(q.until) ?? '') ?? undefined;
  }
  const query: Record<string, string> = {};
  if (status) query.status = status;
  if (eventType) query.eventType = eventType;
  if (range !== 'all') query.range = range;
  if (range === 'custom' && since) query.since = s(q.since)!;
  if (range === 'custom' && until) query.until = s(q.until)!;
  return {
    status,
    eventType,
    range,
    since,
    until,
    sinceInput: range === 'custom' ? (s(q.since) ?? '') : '',
    untilInput: range === 'custom' ? (s(q.until) ?? '') : '',
    query,
  };
}

/** Form fields → the webhook DTO's input; custom headers are one `Name: value` per line. */
function endpointInput(form: Form): { input: Record<string, unknown>; errors: FieldError[] } {
  const events = many(form?.events).filter(Boolean);
  const headers: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const line of (one(form?.headers) ?? '').split(/\r?\n/)) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      errors.push({ path: 'headers', message: `"${line.slice(0, 64)}" is not "Name: value"` });
      continue;
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const input: Record<string, unknown> = {
    url: one(form?.url),
    events: events.length ? events : ['*'],
    headers,
  };
  const description = one(form?.description)?.trim();
  input.description = description ?? '';
  return { input, errors };
}

function formOf(form: Form) {
  return {
    url: one(form?.url) ?? '',
    description: one(form?.description) ?? '',
    events: many(form?.events),
    headers: one(form?.headers) ?? '',
    text: one(form?.text) ?? '',
    sourceUrl: one(form?.sourceUrl) ?? '',
    articleText: one(form?.articleText) ?? '',
  };
}

export interface CatalogEntry {
  type: string;
  summary: string;
  description: string;
  schema: string;
  example: string;
}

/** The catalog from the served OpenAPI document: one entry per event type, schema inlined, example as recorded. */
export function catalogEntries(): CatalogEntry[] {
  const doc = servedDocument();
  if (!doc) return [];
  const hooks = (doc.webhooks ?? {}) as Record<string, { post: Record<string, any> }>;
  return Object.entries(hooks).map(([type, { post }]) => {
    const media = post.requestBody?.content?.['application/json'] ?? {};
    return {
      type,
      summary: post.summary ?? '',
      description: post.description ?? '',
      schema: JSON.stringify(inlineSchema(doc, media.schema), null, 2),
      example: JSON.stringify(media.example ?? null, null, 2),
    };
  });
}
