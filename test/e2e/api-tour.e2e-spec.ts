import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ExampleBook,
  OPENAPI_EXAMPLES_FILE,
  recordWebhookExample,
  webhookExampleKey,
} from '../../src/platform/api/openapi-examples';
import { EVENT_TYPES } from '../../src/platform/queue/queue-names';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

const ROOT = join(__dirname, '..', '..');
const TOUR = join(ROOT, 'docs', 'examples', 'api-tour.sh');

/** The curl examples of docs/api.md are the commands of docs/examples/api-tour.sh, run here against the service. */
describe('API guide examples (e2e)', () => {
  let app: TestApp;
  let receiver: WebhookReceiver;
  const book: ExampleBook = {};
  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'all', ALLOW_PRIVATE_NETWORKS: 'true' }, { recordExamples: book });
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await receiver.stop();
    await app.close();
  });

  it('every curl command of docs/api.md is in the tour script', () => {
    const script = readFileSync(TOUR, 'utf8');
    const guide = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
    const commands = [...guide.matchAll(/^.*curl .*$/gm)].map((m) => m[0].trim());
    expect(commands.length).toBeGreaterThan(25);
    expect(commands.filter((c) => !script.includes(c))).toEqual([]);
  });

  it('the tour runs against the service, every request answered 2xx', async () => {
    const org = await newOrg(app);
    // A desk-level subscription to every event: the tour's events are the webhooks section's examples.
    const desk = await org.admin.post('/v1/webhooks', { url: receiver.url, events: ['*'], description: 'examples' });
    expect(desk.status).toBe(201);
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

    // The tour calls every route of the OpenAPI document: each gets a real example.
    const doc = (await fetch(`${app.url}/docs/openapi.json`).then((r) => r.json())) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter((o) => !book[o])).toEqual([]);
    expect((await org.admin.post(`/v1/webhooks/${desk.body.id}/ping`)).status).toBe(202);
    await waitFor('one webhook of each event type', () => EVENT_TYPES.every((t) => receiver.ofType(t).length), 30_000);
    for (const r of receiver.requests) recordWebhookExample(book, r.body);
    const events = EVENT_TYPES.map(webhookExampleKey);
    expect(events.filter((e) => !book[e])).toEqual([]);
    if (process.env.UPDATE_OPENAPI_EXAMPLES)
      writeFileSync(
        OPENAPI_EXAMPLES_FILE,
        JSON.stringify(Object.fromEntries(Object.entries(book).sort()), null, 2) + '\n',
      );
    // The committed examples are the ones served (npm run openapi:examples refreshes them).
    const committed = JSON.parse(readFileSync(OPENAPI_EXAMPLES_FILE, 'utf8')) as ExampleBook;
    expect([...operations, ...events].filter((o) => !committed[o])).toEqual([]);
  }, 100_000);
});
