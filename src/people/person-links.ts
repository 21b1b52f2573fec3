import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { PersonTokenPurpose } from './person-token.entity';
import type { Person } from './person.entity';
import type { PeopleRepository } from './people.repository';

/**
 * A new single-use link for the person (invitation or password reset): 256 random bits, only their
 * SHA-256 stored, valid `ttlHours`. Earlier unused links of the same purpose stop working.
 */
export async function issueLink(
  people: PeopleRepository,
  m: EntityManager,
  person: Person,
  purpose: PersonTokenPurpose,
  ttlHours: number,
  baseUrl: string,
): Promise<{ url: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await people.issueToken(m, person.id, purpose, secret, expiresAt);
  return {
    url: `${baseUrl.replace(/\/$/, '')}/console/${purpose === 'invitation' ? 'invitation' : 'password-reset'}/${secret}`,
    expiresAt,
  };
}

/**
 * Makes sure the organization has an admin person with this email (no password: they set one
 * through an invitation link). Idempotent on the email; `created` says whether it was made now.
 */
export async function ensureAdminPerson(
  people: PeopleRepository,
  m: EntityManager,
  organizationId: string,
  email: string,
  displayName = 'Admin',
): Promise<{ person: Person; created: boolean; hasPassword: boolean }> {
  const existing = await people.withPasswordHashAcrossTenants(email, m);
  if (existing) {
    const hasPassword = existing.passwordHash !== null;
    delete (existing as Partial<Person>).passwordHash;
    return { person: existing, created: false, hasPassword };
  }
  const person = await people.create(
    m,
    { organizationId },
    { email: email.toLowerCase(), displayName, role: 'admin', language: 'en', newsroomId: null },
  );
  delete (person as Partial<Person>).passwordHash;
  return { person, created: true, hasPassword: false };
}
