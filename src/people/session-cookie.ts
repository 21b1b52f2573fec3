import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../platform/config/config';

export const SESSION_COOKIE = 'corroborate_session';

/**
 * The session id the request's Cookie header carries, if any. Parsed here rather than with
 * @fastify/cookie: one cookie of a fixed name and an opaque base64url value is all the console
 * needs, and that plugin loads its parser through a dynamic import() that Jest cannot run.
 */
export function sessionIdOf(req: Pick<FastifyRequest, 'headers'>): string | undefined {
  return cookieOf(req, SESSION_COOKIE);
}

/** A single sign-on under way: binds the provider's callback to the browser that started it (10 minutes). */
export const SSO_COOKIE = 'corroborate_sso';

export function cookieOf(req: Pick<FastifyRequest, 'headers'>, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The SSO cookie: sent only to /console/sso, SameSite=Lax so the provider's top-level redirect back carries it. */
export function setSsoCookie(req: FastifyRequest, reply: FastifyReply, config: AppConfig, value: string | null): void {
  const secure = config.console.cookieSecure === 'always' || req.protocol === 'https';
  reply.header(
    'set-cookie',
    `${SSO_COOKIE}=${value ?? ''}; Path=/console/sso; HttpOnly; SameSite=Lax; Max-Age=${value ? 600 : 0}${secure ? '; Secure' : ''}`,
  );
}

/** HttpOnly, SameSite=Lax, path /, Secure over HTTPS (or always, SESSION_COOKIE_SECURE). No Max-Age: the server decides when a session ends. */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, config: AppConfig, id: string): void {
  reply.header('set-cookie', cookie(req, config, `${SESSION_COOKIE}=${id}`));
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply, config: AppConfig): void {
  reply.header('set-cookie', cookie(req, config, `${SESSION_COOKIE}=; Max-Age=0`));
}

function cookie(req: FastifyRequest, config: AppConfig, value: string): string {
  const secure = config.console.cookieSecure === 'always' || req.protocol === 'https';
  return `${value}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing request is cross-site, or null: browsers send Sec-Fetch-Site (all current
 * ones) and Origin on a POST; either naming another origin refuses it, whatever the cookie.
 */
export function crossSiteReason(req: FastifyRequest): string | null {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`;
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== `${req.protocol}://${req.host}`) return 'Origin of another site';
  return null;
}

/** The synchronizer token of the session, from the X-CSRF-Token header (htmx, fetch) or the form's `_csrf` field. */
export function csrfTokenMatches(req: FastifyRequest, expected: string): boolean {
  const header = req.headers['x-csrf-token'];
  const given = typeof header === 'string' ? header : (req.body as { _csrf?: unknown } | undefined)?._csrf;
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
