import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';

const ROOT = join(__dirname, '..', '..');
const TOUR = join(ROOT, 'docs', 'examples', 'api-tour.sh');

/** The curl examples of docs/api.md are the commands of docs/examples/api-tour.sh, run here against the service. */
describe('API guide examples (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ ROLE: 'all', ALLOW_PRIVATE_NETWORKS: 'true' })));
  afterAll(() => app.close());

  it('every curl command of docs/api.md is in the tour script', () => {
    const script = readFileSync(TOUR, 'utf8');
    const guide = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
    const commands = [...guide.matchAll(/^.*curl .*$/gm)].map((m) => m[0].trim());
    expect(commands.length).toBeGreaterThan(25);
    expect(commands.filter((c) => !script.includes(c))).toEqual([]);
  });

  it('the tour runs against the service, every request answered 2xx', async () => {
    const org = await newOrg(app);
    const child = spawn('bash', [TOUR], { env: { PATH: process.env.PATH, BASE: app.url, ADMIN: org.adminKey } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    expect({ code, out: code === 0 ? '' : out.slice(-3000) }).toEqual({ code: 0, out: '' });
    expect(out).toContain('Faux');
    expect(out).toContain('tour complete');
  }, 100_000);
});
