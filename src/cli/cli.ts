import { parseArgs } from 'node:util';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { createDataSource } from '../schema/data-source';
import { startLocalStack } from '../local/local-stack';
import { OrganizationsRepository } from '../organizations/organizations.repository';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-organization --name <name> [--url <url>]
      Creates an organization and its first admin key; prints the key (shown once).

Uses DATABASE_URL, or the embedded PostgreSQL of \`npm start\` when it is unset.`;

/** Runs one CLI command against the database at `databaseUrl`; returns what to print. */
export async function runCli(argv: string[], databaseUrl: string): Promise<string> {
  const [command, ...rest] = argv;
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
