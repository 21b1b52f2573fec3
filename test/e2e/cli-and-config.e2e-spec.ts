import { spawnSync } from 'node:child_process';
import { runCli } from '../../src/cli/cli';
import { loadConfig } from '../../src/platform/config/config';
import { startTestApp, TestApp } from '../helpers/app';
import { client } from '../helpers/http';
import { buildDist } from '../helpers/processes';

describe('CLI', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  it('create-organization prints a working admin key', async () => {
    const out = await runCli(['create-organization', '--name', 'Desk from the CLI'], process.env.DATABASE_URL!);
    const key = /Admin key \(shown once, store it now\): (\S+)/.exec(out)?.[1];
    expect(key).toMatch(/^cbk_/);
    const me = await client(app.url, key).get('/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('admin');
    const [org] = await app.ds.query(`SELECT name FROM organizations WHERE id = $1`, [me.body.organizationId]);
    expect(org.name).toBe('Desk from the CLI');
  });

  it('refuses a missing name and unknown commands', async () => {
    await expect(runCli(['create-organization'], process.env.DATABASE_URL!)).rejects.toThrow(/--name is required/);
    await expect(runCli(['drop-everything'], process.env.DATABASE_URL!)).rejects.toThrow(/Usage/);
  });
});

describe('config', () => {
  const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379' };

  it('has the defaults of the spec', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({ port: 3000, role: 'all', allowPrivateNetworks: false, bodyLimitBytes: 1024 * 1024 });
  });

  it.each([
    [{ ...base, PORT: 'eighty' }, 'PORT'],
    [{ ...base, ROLE: 'scheduler' }, 'ROLE'],
    [{ ...base, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: base.REDIS_URL }, 'DATABASE_URL'],
    [{ DATABASE_URL: base.DATABASE_URL }, 'REDIS_URL'],
    [{ ...base, ALLOW_PRIVATE_NETWORKS: 'maybe' }, 'ALLOW_PRIVATE_NETWORKS'],
    [{ ...base, BOOTSTRAP_ADMIN_KEY: 'short' }, 'BOOTSTRAP_ADMIN_KEY'],
  ])('refuses a bad or missing value and names the variable (%#)', (env, name) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(new RegExp(`^Invalid configuration:[\\s\\S]*${name}`));
  });

  it('a bad value stops the real boot with a message naming the variable', () => {
    buildDist();
    const r = spawnSync(process.execPath, ['dist/src/main.js'], {
      env: { PATH: process.env.PATH, ...base, PORT: 'not-a-port' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('PORT');
  });
});
