import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { prepared } from '../platform/database/prepared';
import type { Person } from './person.entity';
import { ConsoleSession } from './session.entity';

export interface ActiveSession {
  idHash: string;
  csrfToken: string;
  principal: Principal;
  /** The person; for a portal-link session, the link standing in for one (id = the link's id, role newsroom). */
  person: Pick<Person, 'id' | 'email' | 'displayName' | 'role' | 'language' | 'organizationId' | 'newsroomId'>;
  /** Set when a portal link opened the session (docs/portal.md). */
  portal?: { linkId: string; readOnly: boolean };
}

const hash = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');
/** lastSeenAt is written at most this often: a request is not a write. */
const TOUCH_EVERY_SECONDS = 60;

/** Server-side console sessions: the cookie carries 256 random bits, the table only their SHA-256. */
@Injectable()
export class SessionsRepository {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** A new session (a new id at every sign-in: no fixation); returns the cookie value. */
  async create(personId: string): Promise<{ id: string; csrfToken: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.ds.getRepository(ConsoleSession).insert({
      idHash: hash(id),
      personId,
      csrfToken,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.console.sessionMaxHours * 3600_000),
      revokedAt: null,
    });
    return { id, csrfToken };
  }

  /** Ends the session a portal link opened (the link was revoked). */
  async revokeForPortalLink(m: EntityManager, portalLinkId: string): Promise<void> {
    await m.getRepository(ConsoleSession).update({ portalLinkId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** A session opened by a newsroom portal link, in the caller's transaction (the link is used in it). */
  async createForPortal(m: EntityManager, portalLinkId: string): Promise<{ id: string; csrfToken: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = new Date();
    await m.getRepository(ConsoleSession).insert({
      idHash: hash(id),
      personId: null,
      portalLinkId,
      csrfToken,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.console.sessionMaxHours * 3600_000),
      revokedAt: null,
    });
    return { id, csrfToken };
  }

  /**
   * The live session of this cookie value with its person, or null: revoked, idle past
   * SESSION_IDLE_MINUTES, past its absolute expiry, or its person deactivated. Never cached.
   */
  async resolve(id: string): Promise<ActiveSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    // A person's session (joined to a live person) or a portal link's (joined to an unrevoked link:
    // revoking the link ends the session at once). A portal session is the newsroom's: role newsroom.
    const [row] = await prepared<
      {
        idHash: string;
        csrfToken: string;
        stale: boolean;
        portalLinkId: string | null;
        readOnly: boolean | null;
      } & ActiveSession['person']
    >(
      this.ds,
      'console.session',
      `SELECT s.id_hash AS "idHash", s.csrf_token AS "csrfToken", s.last_seen_at < now() - make_interval(secs => $3) AS stale,
              s.portal_link_id AS "portalLinkId", l.read_only AS "readOnly",
              COALESCE(p.id, l.id) AS id, COALESCE(p.email, '') AS email, COALESCE(p.display_name, l.label) AS "displayName",
              COALESCE(p.role, 'newsroom') AS role, COALESCE(p.language, l.language) AS language,
              COALESCE(p.organization_id, l.organization_id) AS "organizationId", CASE WHEN p.id IS NULL THEN l.newsroom_id ELSE p.newsroom_id END AS "newsroomId"
         FROM sessions s LEFT JOIN people p ON p.id = s.person_id LEFT JOIN portal_links l ON l.id = s.portal_link_id
        WHERE s.id_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)
          AND ((p.id IS NOT NULL AND p.deactivated_at IS NULL) OR (p.id IS NULL AND l.id IS NOT NULL AND l.revoked_at IS NULL))`,
      [hash(id), this.config.console.sessionIdleMinutes, TOUCH_EVERY_SECONDS],
    );
    if (!row) return null;
    if (row.stale)
      await this.ds.getRepository(ConsoleSession).update({ idHash: row.idHash }, { lastSeenAt: new Date() });
    const { idHash, csrfToken, stale: _stale, portalLinkId, readOnly, ...person } = row;
    const portal = portalLinkId ? { linkId: portalLinkId, readOnly: readOnly === true } : undefined;
    return {
      idHash,
      csrfToken,
      person,
      portal,
      principal: {
        keyId: person.id,
        personId: portal ? undefined : person.id,
        organizationId: person.organizationId,
        newsroomId: person.newsroomId,
        role: person.role,
        languages: [],
        readOnly: portal?.readOnly || undefined,
      },
    };
  }

  async revoke(idHash: string): Promise<void> {
    await this.ds.getRepository(ConsoleSession).update({ idHash, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAll(m: EntityManager, personId: string): Promise<void> {
    await m.getRepository(ConsoleSession).update({ personId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
