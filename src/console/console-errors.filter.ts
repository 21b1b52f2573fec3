import { ArgumentsHost, Catch, ExceptionFilter, Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem } from '../platform/api/problem.filter';
import { clearSessionCookie, sessionIdOf } from '../people/session-cookie';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { ConsoleViews } from './console-views';
import { consoleLanguage, type ConsoleRequest } from './console-request';
import type { Messages, Translate } from './i18n';

/** The page's message for an error of the services (their problem+json), in the reader's language. */
export function errorMessage(t: Translate, status: number, slug: string, detail: string): string {
  if (status === 403)
    return /Cross-site/.test(detail) ? t('crossSite') : /CSRF/.test(detail) ? t('csrf') : t('forbidden');
  if (status === 404) return t('notFound');
  if (status === 429) return t('rateLimited');
  const bySlug: Record<string, keyof Messages> = { 'lease-lost': 'leaseLost', 'task-taken': 'taskTaken' };
  if (bySlug[slug]) return t(bySlug[slug]);
  if (slug === 'invalid-transition' || status === 409) return t('invalidTransition', { detail });
  return detail;
}

/**
 * Errors on console routes become pages, never JSON: an ended session goes to sign-in and back to
 * the page asked for afterwards (htmx requests are told to go there with HX-Redirect).
 */
@Catch()
@Injectable()
export class ConsoleErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly views: ConsoleViews,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest & ConsoleRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, headers } = toProblem(exception, this.logger);
    if (body.status === 401) {
      const htmx = req.headers['hx-request'] === 'true';
      const back = req.method === 'GET' && !htmx ? req.url : (refererPath(req) ?? '/console/queue');
      // "Your session has ended" only when there was one (a cookie); a first visit just signs in.
      const to = `/console/sign-in?next=${encodeURIComponent(back)}${sessionIdOf(req) ? '&ended=1' : ''}`;
      if (sessionIdOf(req)) clearSessionCookie(req, reply, this.config);
      if (htmx) return void reply.status(401).header('hx-redirect', to).send('');
      return void reply.status(303).header('location', to).send('');
    }
    for (const [k, v] of Object.entries(headers ?? {})) reply.header(k, v);
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession ?? null, req.url);
    const slug = body.type.split('/').pop() ?? '';
    const html = this.views.render('error', ctx, {
      status: body.status,
      message: errorMessage(ctx.t, body.status, slug, body.detail),
      errors: body.errors ?? [],
    });
    reply.status(body.status).type('text/html; charset=utf-8').send(html);
  }
}

/** The console path the request came from (Referer of the same origin), to return to after sign-in. */
function refererPath(req: FastifyRequest): string | null {
  try {
    const u = new URL(String(req.headers.referer ?? ''));
    return u.host === req.host && u.pathname.startsWith('/console/') ? u.pathname + u.search : null;
  } catch {
    return null;
  }
}
