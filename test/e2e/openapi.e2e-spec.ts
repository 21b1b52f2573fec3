import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../helpers/app';
import { client } from '../helpers/http';

/** The OpenAPI document newsroom engineers generate clients from: complete, and lint-clean for Redocly. */
describe('OpenAPI document (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ ROLE: 'api' })));
  afterAll(() => app.close());

  it('passes `redocly lint` with no errors', async () => {
    const doc = (await client(app.url).get('/docs/openapi.json')).body;
    const file = join(process.env.TEST_TMP_DIR!, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    let out = '';
    let code = 0;
    try {
      out = execFileSync(join(__dirname, '..', '..', 'node_modules', '.bin', 'redocly'), ['lint', file, '--format', 'stylish'], { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      code = e.status;
      out = e.stdout + e.stderr;
    }
    expect({ code, errors: out.split('\n').filter((l) => /error/i.test(l)) }).toEqual({ code: 0, errors: [] });
  });
});
