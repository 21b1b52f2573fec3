import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg, OrgCtx } from '../helpers/factories';

/**
 * Input fuzzing: every write route of the OpenAPI document (POST, PUT, PATCH, DELETE) receives random
 * JSON and JSON mutated from its request schema, with path parameters that are real ids, unknown ids or
 * garbage. Every answer must be 2xx, or 4xx application/problem+json; never 5xx. Afterwards no row of the
 * organization may violate the model (checked in SQL below).
 */

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  format?: string;
  example?: unknown;
  default?: unknown;
};
type Op = { method: string; path: string; schema?: Schema };

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

/** A hostile string: unicode, control characters, long runs, SQL and template fragments. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\t\n',
    "'; DROP TABLE claims; --",
    '{{7*7}}',
    '../../etc/passwd',
    'http://127.0.0.1:1/',
    'https://example.org/x',
    'fr',
    'en',
    'a'.repeat(5000),
    '\ud800',
    'null',
    '-1',
    '1e309',
  ),
  fc.string({ minLength: 10, maxLength: 200 }),
);

const encodable = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

function deref(doc: any, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 10; i++) cur = doc.components.schemas[cur.$ref.split('/').pop()!];
  if (cur?.allOf?.length === 1) return deref(doc, cur.allOf[0]);
  return cur;
}

/** A value that fits the schema's shape most of the time, and anything at all otherwise. */
function fromSchema(doc: any, raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(doc, raw);
  const wild = fc.jsonValue({ maxDepth: 2 });
  if (!s || depth > 3) return wild;
  let shaped: fc.Arbitrary<unknown>;
  const known = [s.example, s.default].filter((v) => v !== undefined);
  if (known.length && s.type !== 'object')
    shaped = fc.oneof(
      { arbitrary: fc.constantFrom(...known), weight: 3 },
      { arbitrary: shapeOf(doc, s, depth), weight: 1 },
    );
  else shaped = shapeOf(doc, s, depth);
  return fc.oneof({ arbitrary: shaped, weight: 12 }, { arbitrary: wild, weight: 1 });
}

function shapeOf(doc: any, s: Schema, depth: number): fc.Arbitrary<unknown> {
  const wild = fc.jsonValue({ maxDepth: 2 });
  let shaped: fc.Arbitrary<unknown>;
  if (s.enum) shaped = fc.constantFrom(...s.enum);
  else if (s.oneOf || s.anyOf) shaped = fc.oneof(...(s.oneOf ?? s.anyOf)!.map((x) => fromSchema(doc, x, depth + 1)));
  else if (s.type === 'object' || s.properties) {
    const props = s.properties ?? {};
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, v] of Object.entries(props)) shape[k] = fromSchema(doc, v, depth + 1);
    const extra = fc.oneof(
      { arbitrary: fc.constant({}), weight: 4 },
      { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), wild, { maxKeys: 2 }), weight: 1 },
    );
    const required = (s.required ?? []).filter((k) => k in shape);
    const keys = fc.oneof(
      { arbitrary: fc.constant(required), weight: 3 },
      { arbitrary: fc.constant([] as string[]), weight: 1 },
    );
    shaped = fc
      .tuple(keys, extra)
      .chain(([req, more]) => fc.record(shape, { requiredKeys: req }).map((a) => ({ ...more, ...a })));
  } else if (s.type === 'array') shaped = fc.array(fromSchema(doc, s.items, depth + 1), { maxLength: 4 });
  else if (s.type === 'string') shaped = s.format === 'uri' ? fc.oneof(fc.webUrl(), nastyString) : nastyString;
  else if (s.type === 'integer')
    shaped = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER));
  else if (s.type === 'number') shaped = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
  else if (s.type === 'boolean') shaped = fc.boolean();
  else shaped = wild;
  return shaped;
}

/** The raw body text: mostly JSON from the schema, sometimes random JSON, sometimes broken JSON. */
function bodyArb(doc: any, op: Op): fc.Arbitrary<string | undefined> {
  const valid = fromSchema(doc, op.schema).map((v) => JSON.stringify(v));
  const random = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null');
  const broken = fc.tuple(valid, fc.nat(), fc.string({ maxLength: 3 })).map(([t, n, ins]) => {
    const at = t.length ? n % t.length : 0;
    return t.slice(0, at) + ins + t.slice(at + 1);
  });
  return fc.oneof(
    { arbitrary: valid, weight: 6 },
    { arbitrary: random, weight: 2 },
    { arbitrary: broken, weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

describe('input fuzzing (e2e)', () => {
  jest.setTimeout(240_000);
  let app: TestApp;
  let org: OrgCtx;
  let doc: any;
  let ops: Op[];
  const ids: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api', RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_INTAKE_PER_MINUTE: '1000000' });
    org = await newOrg(app);
    doc = (await org.admin.get('/docs/openapi.json')).body;
    ops = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of ['post', 'put', 'patch', 'delete']) {
        const o = item[method];
        if (!o) continue;
        ops.push({ method: method.toUpperCase(), path, schema: o.requestBody?.content?.['application/json']?.schema });
      }
    }
    // Real ids for path parameters, so the fuzz reaches past the 404 of unknown resources.
    const claim = await org.admin.post('/v1/claims', {
      text: 'The river flooded the old town three times in 2024.',
      language: 'en',
    });
    if (claim.body?.id) ids.push(claim.body.id);
    const newsroom = await org.admin.post('/v1/newsrooms', { name: 'Fuzz desk' });
    if (newsroom.body?.id) ids.push(newsroom.body.id);
    const key = await org.newKey('checker');
    ids.push(key.keyId);
  });
  afterAll(() => app?.close());

  it('finds the write routes in the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThanOrEqual(20);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['POST /v1/claims', 'POST /v1/webhooks', 'PUT /v1/settings/organization']),
    );
  });

  it('answers every random or mutated write with 2xx or 4xx problem+json, never 5xx', async () => {
    const failures: string[] = [];
    const accepted: Record<string, number> = {};
    for (const op of ops) {
      const paramArb = fc.oneof(
        fc.constantFrom(...ids),
        fc.constant(randomUUID()),
        nastyString.filter((s) => s.length > 0 && encodable(s)),
      );
      const params = (op.path.match(/\{[^}]+\}/g) ?? []).length;
      await fc
        .assert(
          fc.asyncProperty(
            fc.array(paramArb, { minLength: params, maxLength: params }),
            bodyArb(doc, op),
            fc.boolean(),
            async (values, body, idem) => {
              let i = 0;
              const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[i++]));
              const headers: Record<string, string> = { authorization: `Bearer ${org.adminKey}` };
              if (body !== undefined) headers['content-type'] = 'application/json';
              if (idem) headers['idempotency-key'] = randomUUID();
              const r = await fetch(app.url + path, {
                method: op.method,
                headers,
                body: op.method === 'DELETE' && body === undefined ? undefined : body,
              });
              const text = await r.text();
              const type = r.headers.get('content-type') ?? '';
              const ok =
                (r.status >= 200 && r.status < 300) ||
                (r.status >= 400 && r.status < 500 && type.startsWith('application/problem+json'));
              if (r.status < 300) accepted[`${op.method} ${op.path}`] = (accepted[`${op.method} ${op.path}`] ?? 0) + 1;
              if (!ok)
                failures.push(
                  `${op.method} ${path} ${body?.slice(0, 200)} -> ${r.status} ${type} ${text.slice(0, 300)}`,
                );
              return ok;
            },
          ),
          { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true },
        )
        .catch((err: Error) =>
          failures.push(`${op.method} ${op.path}: ${err.message.split('\n').slice(0, 6).join(' | ')}`),
        );
    }
    expect(failures).toEqual([]);
    // The fuzz reaches past validation on the main write routes, so it exercises the writes themselves.
    expect(accepted['POST /v1/claims']).toBeGreaterThan(0);
    expect(Object.keys(accepted).length).toBeGreaterThanOrEqual(5);
  });

  it('answers ClaimReview imports with hostile fields with 2xx or 400 problem+json, never 5xx', async () => {
    // The importer takes raw JSON-LD (its OpenAPI schema is a bare object), so the schema-driven fuzz above barely reaches its parser.
    // Each field mostly valid, sometimes hostile, so that some imports get through and write rows.
    const mostly = <T, U>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<U>) =>
      fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: hostile, weight: 1 });
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
    const words = fc.string({ minLength: 3, maxLength: 60 });
    const url = mostly(fc.webUrl(), fc.oneof(fc.constant('https://checks.example/same'), nastyString));
    const party = mostly(
      fc.record({ name: words }),
      fc.oneof(
        nastyString,
        fc.record({ name: nastyString }),
        fc.array(fc.record({ name: nastyString }), { maxLength: 3 }),
        fc.jsonValue({ maxDepth: 1 }),
      ),
    );
    const date = mostly(
      fc.date({ min: new Date('1990-01-01'), max: new Date(), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.oneof(fc.constantFrom('+099999-01-01', '-000001-01-01', '2021-02-30', '1899-12-31'), nastyString),
    );
    const rating = mostly(
      fc.integer({ min: 0, max: 100 }),
      fc.oneof(fc.double(), nastyString, fc.constantFrom(1e39, -1e39, '1e400')),
    );
    const item = fc.record(
      {
        '@type': mostly(fc.constant('ClaimReview'), fc.oneof(fc.constant(['ClaimReview', 'Thing']), nastyString)),
        url,
        claimReviewed: mostly(words, nastyString),
        datePublished: maybe(date),
        name: maybe(mostly(words, nastyString)),
        headline: maybe(nastyString),
        author: maybe(party),
        publisher: maybe(party),
        inLanguage: maybe(
          mostly(
            fc.constantFrom('fr', 'en', 'en-GB'),
            fc.oneof(nastyString, fc.record({ alternateName: nastyString })),
          ),
        ),
        reviewRating: mostly(
          fc.record(
            { alternateName: words, ratingValue: maybe(rating), bestRating: maybe(rating), worstRating: maybe(rating) },
            { requiredKeys: ['alternateName'] },
          ),
          fc.oneof(fc.record({ alternateName: nastyString, ratingValue: rating }), fc.jsonValue({ maxDepth: 1 })),
        ),
      },
      { requiredKeys: ['url', 'claimReviewed', 'reviewRating'] },
    );
    const body = fc.oneof(
      item,
      fc.array(item, { minLength: 1, maxLength: 4 }),
      fc.array(item, { maxLength: 4 }).map((claimReviews) => ({ claimReviews })),
    );
    const failures: string[] = [];
    let accepted = 0;
    await fc
      .assert(
        fc.asyncProperty(body, async (b) => {
          const text = JSON.stringify(b);
          const r = await fetch(app.url + '/v1/sources/fact-checks', {
            method: 'POST',
            headers: { authorization: `Bearer ${org.adminKey}`, 'content-type': 'application/json' },
            body: text,
          });
          const type = r.headers.get('content-type') ?? '';
          const answer = await r.text();
          if (r.status < 300) accepted++;
          const ok =
            (r.status >= 200 && r.status < 300) || (r.status === 400 && type.startsWith('application/problem+json'));
          if (!ok) failures.push(`${text.slice(0, 300)} -> ${r.status} ${answer.slice(0, 300)}`);
          return ok;
        }),
        { numRuns: RUNS_PER_ROUTE * 5, seed: SEED, endOnFailure: true },
      )
      .catch((err: Error) => failures.push(err.message.split('\n').slice(0, 6).join(' | ')));
    expect(failures).toEqual([]);
    expect(accepted).toBeGreaterThan(0);
  });

  it('leaves no row that violates the model', async () => {
    const o = org.organizationId;
    const violations = await app.ds.query(
      `SELECT 'claim text empty, too long or with control characters' AS what, id::text FROM claims
         WHERE organization_id = $1 AND (btrim(text) = '' OR length(text) > 10000 OR text ~ '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]')
       UNION ALL
       SELECT 'claim without its claim.received or claim.duplicate event', c.id::text FROM claims c
         WHERE c.organization_id = $1 AND NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.claim_id = c.id AND e.type IN ('claim.received', 'claim.duplicate'))
       UNION ALL
       SELECT 'duplicate claim not linked to a claim of the organization', c.id::text FROM claims c
         WHERE c.organization_id = $1 AND c.status = 'duplicate'
           AND NOT EXISTS (SELECT 1 FROM claims d WHERE d.id = c.duplicate_of_id AND d.organization_id = c.organization_id)
       UNION ALL
       SELECT 'event of another organization on our claim', e.id::text FROM outbox_events e JOIN claims c ON c.id = e.claim_id
         WHERE c.organization_id = $1 AND e.organization_id <> c.organization_id
       UNION ALL
       SELECT 'newsroom name empty or with control characters', id::text FROM newsrooms
         WHERE organization_id = $1 AND (btrim(name) = '' OR name ~ '[\\x00-\\x1F\\x7F]')
       UNION ALL
       SELECT 'webhook url not http(s)', id::text FROM webhook_subscriptions
         WHERE organization_id = $1 AND url !~ '^https?://'
       UNION ALL
       SELECT 'fact-check beyond the importer limits', id::text FROM fact_checks
         WHERE organization_id = $1 AND (url !~ '^https?://' OR length(url) > 2048 OR length(claim_reviewed) > 5000 OR length(rating) > 200
           OR length(title) > 1000 OR length(publisher) > 300 OR date_published < '1900-01-01' OR date_published > now() + interval '1 day'
           OR concat(claim_reviewed, rating, title, publisher) ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]')
       UNION ALL
       SELECT 'api key of the organization with a newsroom of another organization', k.id::text FROM api_keys k JOIN newsrooms n ON n.id = k.newsroom_id
         WHERE k.organization_id = $1 AND n.organization_id <> k.organization_id`,
      [o],
    );
    expect(violations).toEqual([]);
    // The fuzz did write something: it is not only bouncing off validation.
    const [{ claims }] = await app.ds.query(`SELECT count(*)::int AS claims FROM claims WHERE organization_id = $1`, [
      o,
    ]);
    expect(claims).toBeGreaterThan(1);
  });
});
