import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../platform/config/config';
import type { Principal } from '../platform/tenancy/principal';
import type { PersonLanguage } from '../people/person.entity';
import type { ActiveSession } from '../people/sessions.repository';
import { languageFromHeader } from './i18n';

/** What the AuthGuard leaves on a request made with a console session. */
export interface ConsoleRequest {
  principal?: Principal;
  consoleSession?: ActiveSession;
}

/** The signed-in person's language, else the browser's (Accept-Language). */
export function consoleLanguage(req: FastifyRequest & ConsoleRequest): PersonLanguage {
  return req.consoleSession?.person.language ?? languageFromHeader(req.headers['accept-language']);
}

/** The service's address as people reach it: PUBLIC_BASE_URL when set, else the address this request reached. */
export function publicBase(config: Pick<AppConfig, 'publicBaseUrl'>, req: FastifyRequest): string {
  return config.publicBaseUrl ?? `${req.protocol}://${req.host}`;
}

/** A path to return to after sign-in: only a console path of this site (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/console\/[^\\]*$/.test(next) && !next.startsWith('//')
    ? next
    : '/console/queue';
}
