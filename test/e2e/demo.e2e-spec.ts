import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../helpers/app';
import { buildDist } from '../helpers/processes';

/** `npm run demo` against a running service: the whole story, ending with a verified webhook and a ClaimReview. */
describe('npm run demo (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => {
    buildDist();
    app = await startTestApp({ ROLE: 'all', ALLOW_PRIVATE_NETWORKS: 'true' });
  }, 120_000);
  afterAll(() => app.close());

  it('runs the whole story and ends with a verified webhook and a ClaimReview', async () => {
    // The service runs in this process: the demo must run beside it, not block it.
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'demo', 'demo.js')], {
      env: { PATH: process.env.PATH, CORROBORATE_URL: app.url, DATABASE_URL: process.env.DATABASE_URL },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    const status = await new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    clearTimeout(timer);
    expect({ status, stderr, tail: status === 0 ? '' : stdout.slice(-2000) }).toEqual({
      status: 0,
      stderr: '',
      tail: '',
    });
    expect(stdout).toMatch(/assessment: conflicting/);
    expect(stdout).toMatch(/signature verified with standardwebhooks/);
    expect(stdout).toMatch(/"@type": "ClaimReview"/);
    expect(stdout).toMatch(/"alternateName": "Misleading"/);
    expect(stdout).toMatch(/is now published/);
    // Where to look in the console: the published page of the story's claim (sign-in first).
    const consoleUrl = /Console: +(\S+\/console\/claims\/\S+\/published)/.exec(stdout)![1];
    const page = await fetch(consoleUrl, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(
      `/console/sign-in?next=${encodeURIComponent(new URL(consoleUrl).pathname)}`,
    );
  }, 120_000);
});
