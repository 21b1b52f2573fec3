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
  person: Pick<Person, 'id' | 'email' | 'displayName' | 'role' | 'language' | 'organizationId' | 'newsroomId'>;
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

  /**
   * The live session of this cookie value with its person, or null: revoked, idle past
   * SESSION_IDLE_MINUTES, past its absolute expiry, or its person deactivated. Never cached.
   */
  async resolve(id: string): Promise<ActiveSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const [row] = await prepared<{ idHash: string; csrfToken: string; stale: boolean } & ActiveSession['person']>(
      this.ds,
      'console.session',
      `SELECT s.id_hash AS "idHash", s.csrf_token AS "csrfToken", s.last_seen_at < now() - make_interval(secs => $3) AS stale,
              p.id, p.email, p.display_name AS "displayName", p.role, p.language, p.organization_id AS "organizationId", p.newsroom_id AS "newsroomId"
         FROM sessions s JOIN people p ON p.id = s.person_id
        WHERE s.id_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)
          AND p.deactivated_at IS NULL`,
      [hash(id), this.config.console.sessionIdleMinutes, TOUCH_EVERY_SECONDS],
    );
    if (!row) return null;
    if (row.stale)
      await this.ds.getRepository(ConsoleSession).update({ idHash: row.idHash }, { lastSeenAt: new Date() });
    const { idHash, csrfToken, stale: _stale, ...person } = row;
    return {
      idHash,
      csrfToken,
      person,
      principal: {
        keyId: person.id,
        personId: person.id,
        organizationId: person.organizationId,
        newsroomId: person.newsroomId,
        role: person.role,
        languages: [],
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
