import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import type { FieldError } from '../platform/api/problem';
import { Problem } from '../platform/api/problem';
import type { Newsroom } from '../newsrooms/newsroom.entity';
import { NewsroomsRepository } from '../newsrooms/newsrooms.repository';
import { PERSON_LANGUAGES, type PersonLanguage } from './person.entity';
import type { PortalLink } from './portal-link.entity';
import { PortalLinksRepository } from './portal-links.repository';
import { SessionsRepository } from './sessions.repository';

/** The expiries an issuer may choose, in minutes: 15 minutes to 3 days. */
export const PORTAL_LINK_MIN_MINUTES = 15;
export const PORTAL_LINK_MAX_MINUTES = 3 * 24 * 60;

export interface PortalLinkInput {
  newsroomId?: unknown;
  label?: unknown;
  expiresInMinutes?: unknown;
  readOnly?: unknown;
  language?: unknown;
}

export interface PortalLinkRow extends PortalLink {
  newsroomName: string;
  state: 'unused' | 'used' | 'expired' | 'revoked';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Newsroom portal links (docs/portal.md): issued by an editor or admin for one newsroom of their
 * organization, 256 random bits of which only the SHA-256 is stored, single use (the row is locked
 * when used), expiring when the issuer chose, revocable. Using one opens a session limited to the
 * newsroom (role `newsroom`, its newsroomId), read-only when the link says so.
 */
@Injectable()
export class PortalLinksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly links: PortalLinksRepository,
    private readonly newsrooms: NewsroomsRepository,
    private readonly sessions: SessionsRepository,
  ) {}

  async issue(
    scope: Principal,
    input: PortalLinkInput,
    baseUrl: string,
  ): Promise<{ link: PortalLink; url: string; newsroom: Newsroom }> {
    const errors: FieldError[] = [];
    const newsroom =
      typeof input.newsroomId === 'string' && UUID.test(input.newsroomId)
        ? await this.newsrooms.find(scope, input.newsroomId)
        : null;
    if (!newsroom) errors.push({ path: 'newsroomId', message: 'choose a newsroom of the organization' });
    const label = typeof input.label === 'string' ? input.label.trim() : '';
    if (!label || label.length > 200 || /[\u0000-\u001f\u007f]/.test(label))
      errors.push({ path: 'label', message: 'say who the link is for (1 to 200 characters)' });
    const minutes = Number(input.expiresInMinutes);
    if (!Number.isInteger(minutes) || minutes < PORTAL_LINK_MIN_MINUTES || minutes > PORTAL_LINK_MAX_MINUTES)
      errors.push({
        path: 'expiresInMinutes',
        message: `between ${PORTAL_LINK_MIN_MINUTES} minutes and ${PORTAL_LINK_MAX_MINUTES / 60} hours`,
      });
    const language = (input.language ?? 'en') as PersonLanguage;
    if (!PERSON_LANGUAGES.includes(language)) errors.push({ path: 'language', message: 'language must be fr or en' });
    if (errors.length) throw Problem.badRequest('Invalid portal link', errors);
    const secret = randomBytes(32).toString('base64url');
    const link = await this.links.insert(
      scope,
      {
        newsroomId: newsroom!.id,
        label,
        readOnly: input.readOnly === true || input.readOnly === 'true' || input.readOnly === 'on',
        language,
        issuedBy: scope.keyId,
        expiresAt: new Date(Date.now() + minutes * 60_000),
      },
      secret,
    );
    return { link, url: `${baseUrl.replace(/\/$/, '')}/console/portal/enter/${secret}`, newsroom: newsroom! };
  }

  /** The organization's links, newest first, with their state. */
  async list(scope: Principal): Promise<PortalLinkRow[]> {
    const links = await this.links.latest(scope, 200);
    const names = await this.newsrooms.namesOf(
      scope,
      links.map((l) => l.newsroomId),
    );
    const now = Date.now();
    return links.map((l) =>
      Object.assign(l, {
        newsroomName: names.get(l.newsroomId) ?? '',
        state: l.revokedAt
          ? ('revoked' as const)
          : l.usedAt
            ? ('used' as const)
            : l.expiresAt.getTime() <= now
              ? ('expired' as const)
              : ('unused' as const),
      }),
    );
  }

  /** Revokes the link: unused, it no longer opens; used, the session it opened ends at once. */
  async revoke(scope: Principal, id: string): Promise<PortalLink> {
    const link = UUID.test(id) ? await this.links.find(scope, id) : null;
    if (!link) throw Problem.notFound('Portal link');
    if (!link.revokedAt) {
      link.revokedAt = new Date();
      await this.ds.transaction(async (m) => {
        await this.links.revoke(m, scope, id, link.revokedAt!);
        await this.sessions.revokeForPortalLink(m, id);
      });
    }
    return link;
  }

  /** The link this secret names while it can still be used (unused, unrevoked, unexpired), or null. */
  async usable(secret: string): Promise<(PortalLink & { newsroomName: string }) | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
    const link = await this.links.usableAcrossTenants(secret);
    if (!link) return null;
    const newsroom = await this.newsrooms.find(link, link.newsroomId);
    return newsroom ? Object.assign(link, { newsroomName: newsroom.name }) : null;
  }

  /** Uses the link, once (the row is locked, so two concurrent uses open one session); returns the session's cookie value. */
  async use(secret: string): Promise<{ sessionId: string; link: PortalLink }> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(secret))
      throw Problem.conflict('This link is invalid, expired, revoked or already used', 'link-invalid');
    return this.ds.transaction(async (m) => {
      const link = await this.links.usableAcrossTenants(secret, m, true);
      if (!link) throw Problem.conflict('This link is invalid, expired, revoked or already used', 'link-invalid');
      await this.links.markUsed(m, link.id);
      const { id } = await this.sessions.createForPortal(m, link.id);
      return { sessionId: id, link };
    });
  }
}
