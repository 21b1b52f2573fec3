import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import type { Role } from '../platform/tenancy/role';
import { PersonToken, type PersonTokenPurpose } from './person-token.entity';
import { Person, type PersonLanguage } from './person.entity';

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export interface PersonFields {
  email: string;
  displayName: string;
  role: Role;
  language: PersonLanguage;
  newsroomId: string | null;
}

/**
 * The `people` and `person_tokens` tables. Methods reading one organization's people take its scope
 * first; sign-in and links name nobody's organization beforehand, so those few say
 * `AcrossTenants`. Writes that belong to a larger transaction take the caller's EntityManager.
 */
@Injectable()
export class PeopleRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(scope: TenantScope): Promise<Person[]> {
    return this.ds
      .getRepository(Person)
      .find({ where: { organizationId: scope.organizationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async namesOf(scope: TenantScope, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.ds.getRepository(Person).find({
      select: { id: true, displayName: true },
      where: { organizationId: scope.organizationId, id: In(ids) },
    });
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }

  find(scope: TenantScope, id: string, m: EntityManager = this.ds.manager): Promise<Person | null> {
    return m.getRepository(Person).findOne({ where: { id, organizationId: scope.organizationId } });
  }

  /** The person of this email whatever the organization (sign-in names none); null if none. */
  byEmailAcrossTenants(email: string, m: EntityManager = this.ds.manager): Promise<Person | null> {
    return m.getRepository(Person).findOneBy({ email: email.trim().toLowerCase() });
  }

  /** The same, with the password hash (selected only here: sign-in and the first admin). */
  withPasswordHashAcrossTenants(email: string, m: EntityManager = this.ds.manager): Promise<Person | null> {
    return m
      .getRepository(Person)
      .createQueryBuilder('p')
      .addSelect('p.passwordHash')
      .where('p.email = :e', { e: email.trim().toLowerCase() })
      .getOne();
  }

  emailTaken(m: EntityManager, email: string): Promise<boolean> {
    return m.getRepository(Person).exists({ where: { email } });
  }

  /** A new person without a password (invited, or the first admin). */
  create(m: EntityManager, scope: TenantScope, fields: PersonFields): Promise<Person> {
    const repo = m.getRepository(Person);
    return repo.save(
      repo.create({ ...fields, organizationId: scope.organizationId, passwordHash: null, deactivatedAt: null }),
    );
  }

  /** A person joining through single sign-on; a concurrent first sign-in of the same email inserts nothing. */
  async insertIfAbsent(scope: TenantScope, fields: Omit<PersonFields, 'newsroomId'>): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(Person)
      .values({
        ...fields,
        organizationId: scope.organizationId,
        newsroomId: null,
        passwordHash: null,
        deactivatedAt: null,
      })
      .orIgnore()
      .execute();
  }

  async updateProfile(
    scope: TenantScope,
    id: string,
    change: Partial<Pick<Person, 'role' | 'language' | 'displayName'>>,
  ): Promise<void> {
    await this.ds.getRepository(Person).update({ id, organizationId: scope.organizationId }, change);
  }

  /** Deactivates the person and ends their unused links (the caller ends their sessions in `m`). */
  async deactivate(m: EntityManager, scope: TenantScope, id: string, at: Date): Promise<void> {
    await m.getRepository(Person).update({ id, organizationId: scope.organizationId }, { deactivatedAt: at });
    await m.getRepository(PersonToken).update({ personId: id, usedAt: IsNull() }, { usedAt: at });
  }

  async setPassword(m: EntityManager, scope: TenantScope, id: string, passwordHash: string): Promise<void> {
    await m.getRepository(Person).update({ id, organizationId: scope.organizationId }, { passwordHash });
  }

  /** A new single-use link token (only its hash stored); earlier unused ones of the purpose stop working. */
  async issueToken(
    m: EntityManager,
    personId: string,
    purpose: PersonTokenPurpose,
    secret: string,
    expiresAt: Date,
  ): Promise<void> {
    const tokens = m.getRepository(PersonToken);
    await tokens.update({ personId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
    await tokens.insert({ personId, purpose, tokenHash: sha256(secret), expiresAt, usedAt: null });
  }

  /** The still-valid token of this secret and its active person, or null; `lock` takes the token row. */
  async personOfTokenAcrossTenants(
    secret: string,
    purpose: PersonTokenPurpose,
    m: EntityManager = this.ds.manager,
    lock = false,
  ): Promise<{ token: PersonToken; person: Person } | null> {
    const qb = m
      .getRepository(PersonToken)
      .createQueryBuilder('t')
      .where('t.token_hash = :h AND t.purpose = :purpose AND t.used_at IS NULL AND t.expires_at > now()', {
        h: sha256(secret),
        purpose,
      });
    if (lock) qb.setLock('pessimistic_write');
    const token = await qb.getOne();
    if (!token) return null;
    const person = await m.getRepository(Person).findOne({ where: { id: token.personId, deactivatedAt: IsNull() } });
    return person ? { token, person } : null;
  }

  async useToken(m: EntityManager, tokenId: string): Promise<void> {
    await m.getRepository(PersonToken).update({ id: tokenId }, { usedAt: new Date() });
  }

  /** Serializes the first-admin set-up of concurrent starts (one transaction at a time). */
  async lockFirstAdmin(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('corroborate.first-admin'))`);
  }
}
