import { DataSource } from 'typeorm';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { PeopleRepository } from './people.repository';
import { ensureAdminPerson, issueLink } from './person-links';

/** The console's first admin, made by `npm start` in the organization of BOOTSTRAP_ADMIN_KEY. */
export const FIRST_ADMIN_EMAIL = 'admin@corroborate.local';

/**
 * Ensures the bootstrap key's organization has an admin person and says how to sign in: while that
 * person has no password, a fresh single-use invitation link (the earlier one stops working), which
 * only whoever holds the machine's terminal sees; afterwards, the email to sign in with.
 */
export async function firstAdminSignIn(
  ds: DataSource,
  bootstrapKey: string,
  baseUrl: string,
  invitationTtlHours: number,
): Promise<string[]> {
  const key = await new ApiKeysRepository(ds).findActiveBySecret(bootstrapKey);
  if (!key) return [];
  const people = new PeopleRepository(ds);
  return ds.transaction(async (m) => {
    await people.lockFirstAdmin(m);
    const { person, hasPassword } = await ensureAdminPerson(people, m, key.organizationId, FIRST_ADMIN_EMAIL);
    const console = `  Console:   ${baseUrl}/console`;
    if (hasPassword) return [console, `  Sign in:   as ${person.email} (admins invite the others under People)`];
    const link = await issueLink(people, m, person, 'invitation', invitationTtlHours, baseUrl);
    return [
      console,
      `  Sign in:   first set the password of ${person.email} at ${link.url}`,
      `             (single use, until ${link.expiresAt.toISOString()}; a new link is printed at each start until then)`,
    ];
  });
}
