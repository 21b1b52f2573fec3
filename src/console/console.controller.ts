import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public, ReadOnlyAllowed, Roles } from '../platform/tenancy/principal';
import { Problem } from '../platform/api/problem';
import { RateLimits } from '../platform/rate-limit/rate-limits';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { PeopleService } from '../people/people.service';
import type { PersonTokenPurpose } from '../people/person-token.entity';
import {
  clearSessionCookie,
  cookieOf,
  crossSiteReason,
  setSessionCookie,
  setSsoCookie,
  SSO_COOKIE,
} from '../people/session-cookie';
import { SsoRefused, SsoService } from '../people/sso/sso.service';
import { SessionsRepository } from '../people/sessions.repository';
import { TasksService } from '../tasks/tasks.service';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { ActorNames } from './actor-names';
import { TaskLeasesRepository, type QueueFilters } from '../tasks/task-leases.repository';
import { consoleLanguage, type ConsoleRequest, publicBase, safeNext } from './console-request';
import { ConsoleViews } from './console-views';

type Req = FastifyRequest & ConsoleRequest;
type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The service's own files: the stylesheet and htmx (from its npm package). No CDN. */
const ASSETS: Record<string, { type: string; path: string }> = {
  'console.css': { type: 'text/css; charset=utf-8', path: join(__dirname, 'assets', 'console.css') },
  'htmx.min.js': { type: 'text/javascript; charset=utf-8', path: require.resolve('htmx.org/dist/htmx.min.js') },
};
const assetCache = new Map<string, Buffer>();

/** Messages a redirect may ask the next page to show (?done=…): keys only, never text from the URL. */
const NOTICES = new Set(['released', 'tookTask', 'passwordSet', 'noTaskWaiting']);

/**
 * Sign-in, the links that set a password, the queue and the claim page. Every action calls the
 * service the REST API calls (TasksService.next is `POST /v1/tasks/next`), under the same guard.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorsFilter)
@Controller('console')
export class ConsoleController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly views: ConsoleViews,
    private readonly people: PeopleService,
    private readonly sessions: SessionsRepository,
    private readonly tasks: TasksService,
    private readonly leases: TaskLeasesRepository,
    private readonly names: ActorNames,
    private readonly sso: SsoService,
    private readonly limits: RateLimits,
  ) {}

  @Public()
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const asset = ASSETS[file];
    if (!asset) throw Problem.notFound('File');
    if (!assetCache.has(file)) assetCache.set(file, readFileSync(asset.path));
    reply.type(asset.type).header('cache-control', 'public, max-age=3600');
    return assetCache.get(file);
  }

  @Public()
  @Get()
  home(@Res() reply: FastifyReply) {
    reply.status(303).header('location', '/console/queue').send('');
  }

  @Public()
  @Get('sign-in')
  signInPage(
    @Req() req: Req,
    @Query('next') next: unknown,
    @Query('ended') ended: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ctx = this.views.context(consoleLanguage(req), null, req.url);
    return this.html(
      reply,
      this.views.render('sign-in', ctx, {
        next: safeNext(next),
        error: ended === '1' ? ctx.t('sessionEnded') : null,
        email: '',
      }),
    );
  }

  @Public()
  @Post('sign-in')
  @HttpCode(200)
  async signIn(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    this.sameOrigin(req);
    const next = safeNext(one(form?.next));
    try {
      const person = await this.people.authenticate(one(form?.email), one(form?.password), req.ip);
      return this.startSession(req, reply, person, next);
    } catch (err) {
      if (!(err instanceof Problem) || ![401, 403, 429].includes(err.getStatus())) throw err;
      const ctx = this.views.context(consoleLanguage(req), null, req.url);
      const wait = Number(err.headers['retry-after'] ?? 0);
      const error =
        err.getStatus() === 429
          ? ctx.t('throttled', { min: Math.max(1, Math.ceil(wait / 60)) })
          : err.getStatus() === 403
            ? ctx.t('passwordSignInOff')
            : ctx.t('wrongCredentials');
      if (wait) reply.header('retry-after', String(wait));
      reply.status(err.getStatus());
      return this.html(reply, this.views.render('sign-in', ctx, { next, error, email: one(form?.email) ?? '' }));
    }
  }

  /**
   * Single sign-on, step 1: the email names the organization; the answer is a page that sends the
   * browser on to the provider (a redirect answering a form post would break the pages'
   * `form-action 'self'`; a refresh and a link are navigations, which it does not govern).
   */
  @Public()
  @Post('sso/start')
  @HttpCode(200)
  async ssoStart(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    this.sameOrigin(req);
    await this.limits.signInStarted(req.ip);
    const next = safeNext(one(form?.next));
    try {
      const { url, browser } = await this.sso.start(one(form?.email), next, publicBase(this.config, req));
      setSsoCookie(req, reply, this.config, browser);
      const ctx = this.views.context(consoleLanguage(req), null, req.url);
      return this.html(reply, this.views.render('sso-continue', ctx, { url, host: new URL(url).host }));
    } catch (err) {
      return this.ssoRefused(req, reply, err, one(form?.email) ?? '', next);
    }
  }

  /** Single sign-on, step 2: the provider sends the browser back with a code (or an error). */
  @Public()
  @Get('sso/callback')
  async ssoCallback(
    @Req() req: Req,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const browser = cookieOf(req, SSO_COOKIE);
    setSsoCookie(req, reply, this.config, null);
    try {
      const { person, next } = await this.sso.finish(query, browser, publicBase(this.config, req));
      return await this.startSession(req, reply, person, next);
    } catch (err) {
      return this.ssoRefused(req, reply, err, '', '/console/queue');
    }
  }

  private ssoRefused(req: Req, reply: FastifyReply, err: unknown, email: string, next: string) {
    if (!(err instanceof SsoRefused)) throw err;
    const ctx = this.views.context(consoleLanguage(req), null, req.url);
    reply.status(err.status);
    return this.html(
      reply,
      this.views.render('sign-in', ctx, { next, email, error: ctx.t(`sso_${err.reason}`), ssoError: true }),
    );
  }

  @Roles('checker', 'newsroom')
  @ReadOnlyAllowed()
  @Post('sign-out')
  async signOut(@Req() req: Req, @Res() reply: FastifyReply) {
    await this.sessions.revoke(req.consoleSession!.idHash);
    clearSessionCookie(req, reply, this.config);
    reply.status(303).header('location', '/console/sign-in').send('');
  }

  @Public()
  @Get('invitation/:token')
  invitationPage(@Req() req: Req, @Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.linkPage(req, 'invitation', token, reply);
  }

  @Public()
  @Get('password-reset/:token')
  resetPage(@Req() req: Req, @Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.linkPage(req, 'password_reset', token, reply);
  }

  @Public()
  @Post('invitation/:token')
  @HttpCode(200)
  acceptInvitation(
    @Req() req: Req,
    @Param('token') token: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.useLink(req, 'invitation', token, form, reply);
  }

  @Public()
  @Post('password-reset/:token')
  @HttpCode(200)
  resetPassword(
    @Req() req: Req,
    @Param('token') token: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.useLink(req, 'password_reset', token, form, reply);
  }

  private async linkPage(req: Req, kind: PersonTokenPurpose, token: string, reply: FastifyReply) {
    const found = await this.people.personOfLink(token, kind);
    const ctx = this.views.context(found?.person.language ?? consoleLanguage(req), null, req.url);
    if (!found) reply.status(404);
    return this.html(
      reply,
      this.views.render('set-password', ctx, {
        person: found?.person ?? null,
        error: found ? null : ctx.t('linkInvalid'),
        errors: [],
      }),
    );
  }

  private async useLink(req: Req, kind: PersonTokenPurpose, token: string, form: Form, reply: FastifyReply) {
    this.sameOrigin(req);
    try {
      const person = await this.people.usePasswordLink(token, kind, one(form?.password));
      return this.startSession(req, reply, person, '/console/queue?done=passwordSet');
    } catch (err) {
      if (!(err instanceof Problem) || ![400, 409].includes(err.getStatus())) throw err;
      const found = await this.people.personOfLink(token, kind);
      const ctx = this.views.context(found?.person.language ?? consoleLanguage(req), null, req.url);
      reply.status(err.getStatus());
      return this.html(
        reply,
        this.views.render('set-password', ctx, {
          person: found?.person ?? null,
          error: found ? ctx.t('invalid') : ctx.t('linkInvalid'),
          errors: err.errors ?? [],
        }),
      );
    }
  }

  @Roles('checker')
  @Get('queue')
  async queue(@Req() req: Req, @Query() q: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, req.url);
    const filters = queueFilters(q);
    const notice = typeof q.done === 'string' && NOTICES.has(q.done) ? ctx.t(q.done as 'released') : null;
    return this.html(
      reply,
      this.views.render('queue', ctx, {
        filters,
        ...(await this.rows(req, filters)),
        notice,
        query: new URLSearchParams(filtersQuery(filters)).toString(),
      }),
    );
  }

  /** The rows alone: htmx polls this every few seconds, so a task taken elsewhere leaves the list. */
  @Roles('checker')
  @Get('queue/rows')
  async queueRows(
    @Req() req: Req,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, req.url);
    return this.html(reply, this.views.render('queue-rows', ctx, await this.rows(req, queueFilters(q))));
  }

  @Roles('checker')
  @Post('queue/next')
  async takeNext(@Req() req: Req, @Body() form: Form, @Res() reply: FastifyReply) {
    const kind = one(form?.kind);
    const task = await this.tasks.next(req.principal!, {
      kinds: kind === 'check' || kind === 'review' ? [kind] : undefined,
    });
    reply
      .status(303)
      .header('location', task ? `/console/claims/${task.claimId}?done=tookTask` : '/console/queue?done=noTaskWaiting')
      .send('');
  }

  /** The queue's rows and the names of who holds them. */
  private async rows(req: Req, f: ViewFilters) {
    const p = req.principal!;
    const { mine, ...filters } = f;
    const rows = await this.leases.queue(p, { ...filters, mineOf: mine ? p.keyId : undefined });
    return {
      rows,
      names: await this.names.of(
        p,
        rows.map((r) => r.holderId),
      ),
    };
  }

  /** Signs the person in; newsroom people go to their portal (the desk's screens are not theirs). */
  private async startSession(req: Req, reply: FastifyReply, person: { id: string; role: string }, next: string) {
    const { id } = await this.sessions.create(person.id);
    setSessionCookie(req, reply, this.config, id);
    const to = person.role === 'newsroom' && !next.startsWith('/console/portal/') ? '/console/portal/endpoints' : next;
    reply.status(303).header('location', to);
    return '';
  }

  /** Sign-in and the password links have no session yet: a cross-site post is refused all the same (login CSRF). */
  private sameOrigin(req: Req) {
    const reason = crossSiteReason(req);
    if (reason) throw Problem.forbidden(`Cross-site request refused (${reason})`);
  }

  private html(reply: FastifyReply, html: string) {
    reply.type('text/html; charset=utf-8');
    return html;
  }
}

type ViewFilters = Omit<QueueFilters, 'mineOf'> & { mine: boolean };

/** The queue's filters from the query string; anything unexpected is ignored (a filter, not an error). */
function queueFilters(q: Record<string, unknown>): ViewFilters {
  const s = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const kind = s(q.kind);
  const status = s(q.status);
  const language = s(q.language);
  const text = s(q.q)?.trim().slice(0, 200);
  const priority = Number(s(q.priority));
  return {
    priority: Number.isInteger(priority) && priority >= 0 && priority <= 3 ? priority : undefined,
    kind: kind === 'check' || kind === 'review' ? kind : undefined,
    language: language && /^[a-z]{2,3}$/.test(language) ? language : undefined,
    status: status === 'active' || status === 'claimed' ? status : 'open',
    q: text || undefined,
    mine: q.mine === '1',
  };
}

function filtersQuery(f: ViewFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.kind) out.kind = f.kind;
  if (f.language) out.language = f.language;
  if (f.status !== 'open') out.status = f.status;
  if (f.q) out.q = f.q;
  if (f.priority !== undefined) out.priority = String(f.priority);
  if (f.mine) out.mine = '1';
  return out;
}

/** Any other /console path: the console's own 404 page, never the API's JSON (registered last). */
@ApiExcludeController()
@UseFilters(ConsoleErrorsFilter)
@Roles('checker')
@Controller('console')
export class ConsoleNotFoundController {
  @Get('*')
  notFound(): never {
    throw Problem.notFound('Page');
  }
}
