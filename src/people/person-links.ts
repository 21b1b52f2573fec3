import { createHash, randomBytes } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { PersonToken, type PersonTokenPurpose } from './person-token.entity';
import { Person } from './person.entity';

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * A new single-use link for the person (invitation or password reset): 256 random bits, only their
 * SHA-256 stored, valid `ttlHours`. Earlier unused links of the same purpose stop working.
 */
export async function issueLink(
  m: EntityManager,
  person: Person,
  purpose: PersonTokenPurpose,
  ttlHours: number,
  baseUrl: string,
): Promise<{ url: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  const tokens = m.getRepository(PersonToken);
  await tokens.update({ personId: person.id, purpose, usedAt: IsNull() }, { usedAt: new Date() });
  await tokens.save(
    tokens.create({ personId: person.id, purpose, tokenHash: sha256(secret), expiresAt, usedAt: null }),
  );
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
  m: EntityManager,
  organizationId: string,
  email: string,
  displayName = 'Admin',
): Promise<{ person: Person; created: boolean; hasPassword: boolean }> {
  const repo = m.getRepository(Person);
  const existing = await repo
    .createQueryBuilder('p')
    .addSelect('p.passwordHash')
    .where('p.email = :e', { e: email.toLowerCase() })
    .getOne();
  if (existing) {
    const hasPassword = existing.passwordHash !== null;
    delete (existing as Partial<Person>).passwordHash;
    return { person: existing, created: false, hasPassword };
  }
  const person = await repo.save(
    repo.create({
      organizationId,
      newsroomId: null,
      email: email.toLowerCase(),
      displayName,
      role: 'admin',
      language: 'en',
      passwordHash: null,
      deactivatedAt: null,
    }),
  );
  delete (person as Partial<Person>).passwordHash;
  return { person, created: true, hasPassword: false };
}
