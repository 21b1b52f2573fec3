import { parseArgs } from 'node:util';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { createDataSource } from '../schema/data-source';
import { startLocalStack } from '../local/local-stack';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { issueLink } from '../people/person-links';
import { PeopleRepository } from '../people/people.repository';
import { validatePerson } from '../people/people.service';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-organization --name <name> [--url <url>]
      Creates an organization and its first admin key; prints the key (shown once).
  create-person --organization <id> --email <email> --name <name> [--role admin|editor|checker] [--language fr|en] [--base-url <url>] [--valid-hours <n>]
      Creates a console person (default: an admin) and prints their invitation link (single use,
      valid 168 hours unless --valid-hours); they set their password on it.

Uses DATABASE_URL, or the embedded PostgreSQL of \`npm start\` when it is unset.`;

/** Runs one CLI command against the database at `databaseUrl`; returns what to print. */
export async function runCli(argv: string[], databaseUrl: string): Promise<string> {
  const [command, ...rest] = argv;
  if (command === 'create-person') return createPerson(rest, databaseUrl);
  if (command !== 'create-organization') throw new Error(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, url: { type: 'string' } },
    strict: true,
  });
  const name = values.name?.trim();
  if (!name || name.length > 200) throw new Error('--name is required (1 to 200 characters)\n\n' + USAGE);
  if (values.url && !/^https?:\/\/\S+$/.test(values.url)) throw new Error('--url must be an http(s) URL');
  const ds = createDataSource(databaseUrl, 1);
  await ds.initialize();
  try {
    const orgs = new OrganizationsRepository(ds, new ApiKeysRepository(ds));
    const { organization, secret, keyId } = await orgs.createWithAdmin(name, values.url ?? null);
    return [
      `Organization: ${organization.name} (${organization.id})`,
      `Admin key id: ${keyId}`,
      `Admin key (shown once, store it now): ${secret}`,
    ].join('\n');
  } finally {
    await ds.destroy();
  }
}

async function createPerson(args: string[], databaseUrl: string): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      organization: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      language: { type: 'string', default: 'en' },
      'base-url': { type: 'string', default: 'http://127.0.0.1:3000' },
      'valid-hours': { type: 'string', default: '168' },
    },
    strict: true,
  });
  if (!values.organization || !/^[0-9a-f-]{36}$/i.test(values.organization))
    throw new Error('--organization must be the id of an organization\n\n' + USAGE);
  const hours = Number(values['valid-hours']);
  if (!Number.isInteger(hours) || hours < 1 || hours > 720) throw new Error('--valid-hours must be 1 to 720');
  if (!/^https?:\/\/\S+$/.test(values['base-url']!)) throw new Error('--base-url must be an http(s) URL');
  let fields;
  try {
    fields = validatePerson({
      email: values.email,
      displayName: values.name,
      role: values.role,
      language: values.language,
    });
  } catch (err) {
    const errors = (err as { errors?: { path: string; message: string }[] }).errors ?? [];
    throw new Error(
      errors.map((e) => `--${e.path === 'displayName' ? 'name' : e.path}: ${e.message}`).join('\n') + '\n\n' + USAGE,
    );
  }
  const ds = createDataSource(databaseUrl, 1);
  await ds.initialize();
  try {
    if (!(await new OrganizationsRepository(ds, new ApiKeysRepository(ds)).findById(values.organization)))
      throw new Error(`No organization ${values.organization}`);
    const people = new PeopleRepository(ds);
    return await ds.transaction(async (m) => {
      if (await people.emailTaken(m, fields.email)) throw new Error(`${fields.email} already has an account`);
      const person = await people.create(m, { organizationId: values.organization! }, { ...fields, newsroomId: null });
      const link = await issueLink(people, m, person, 'invitation', hours, values['base-url']!);
      return [
        `Person: ${person.displayName} <${person.email}> (${person.role}, ${person.id})`,
        `Invitation (single use, until ${link.expiresAt.toISOString()}): ${link.url}`,
      ].join('\n');
    });
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  (async () => {
    const stack = await startLocalStack(process.env, { redis: false });
    try {
      console.log(await runCli(process.argv.slice(2), process.env.DATABASE_URL || stack.databaseUrl!));
    } finally {
      await stack.stop();
    }
  })().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
