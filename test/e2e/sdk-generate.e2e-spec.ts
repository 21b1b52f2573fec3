import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateSchema, SCHEMA_FILE } from '../../clients/typescript/generate';
import { startTestApp, TestApp } from '../helpers/app';

/**
 * The TypeScript client's generated part (clients/typescript/schema.ts) is what openapi-typescript
 * makes of the served document today: regenerated here in memory and compared, so a change to the
 * API that is not regenerated (`npm run sdk:generate`, which runs this file with UPDATE_SDK=1) fails.
 */
describe('generated TypeScript client (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ ROLE: 'api' })));
  afterAll(() => app.close());

  it('matches the served OpenAPI document', async () => {
    const document = (await (await fetch(`${app.url}/docs/openapi.json`)).json()) as object;
    const generated = await generateSchema(document);
    if (process.env.UPDATE_SDK) writeFileSync(SCHEMA_FILE, generated);
    const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
    // Compared as text, but reported as the first differing line: the file is long.
    const a = committed.split('\n');
    const b = generated.split('\n');
    const at = b.findIndex((line, i) => line !== a[i]);
    expect({
      drift:
        at === -1 && a.length === b.length
          ? null
          : {
              line: (at === -1 ? b.length : at) + 1,
              committed: a[at] ?? '(end of file)',
              generated: b[at] ?? '(end of file)',
            },
    }).toEqual({ drift: null });
  });
});
