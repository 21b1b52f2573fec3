import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Spectral, type RulesetDefinition } from '@stoplight/spectral-core';
import * as Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { parse as parseYaml } from 'yaml';
import { startTestApp, TestApp } from '../helpers/app';
import { client } from '../helpers/http';
import { checkContract, checkWebhookBody } from '../helpers/contract';
import { newOrg } from '../helpers/factories';
import { openApiCoverage } from '../../src/platform/api/openapi-coverage';
import { EVENT_TYPES } from '../../src/platform/queue/queue-names';

const ROOT = join(__dirname, '..', '..');

/**
 * The OpenAPI document newsroom engineers generate clients from: lint-clean, errors and warnings,
 * for Redocly's recommended-strict rules (redocly.yaml) and for every Spectral OpenAPI rule
 * (.spectral.yaml); the few rules turned off say why there.
 */
describe('OpenAPI document lint (e2e)', () => {
  let app: TestApp;
  let doc: unknown;
  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api' });
    doc = (await client(app.url).get('/docs/openapi.json')).body;
  });
  afterAll(() => app.close());

  it('passes `redocly lint` (redocly.yaml: recommended-strict) with no error and no warning', () => {
    const file = join(process.env.TEST_TMP_DIR!, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    let out = '';
    let code = 0;
    try {
      out = execFileSync(
        join(ROOT, 'node_modules', '.bin', 'redocly'),
        ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'stylish'],
        {
          encoding: 'utf8',
          stdio: 'pipe',
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      );
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      code = e.status;
      out = e.stdout + e.stderr;
    }
    expect({ code, problems: out.split('\n').filter((l) => /\b(error|warning)\b/i.test(l)) }).toEqual({
      code: 0,
      problems: [],
    });
  }, 60_000);

  it("passes Spectral's spectral:oas rules, all of them (.spectral.yaml), with no error and no warning", async () => {
    const config = parseYaml(readFileSync(join(ROOT, '.spectral.yaml'), 'utf8')) as {
      extends: [string, string][];
      rules?: Record<string, string>;
    };
    expect(config.extends).toEqual([['spectral:oas', 'all']]);
    const spectral = new Spectral();
    spectral.setRuleset({
      extends: [[oas as RulesetDefinition, 'all']],
      rules: config.rules ?? {},
    } as RulesetDefinition);
    const results = await spectral.run(new Document(JSON.stringify(doc), Parsers.Json, 'openapi.json'));
    // Severity 0 is an error, 1 a warning (2 and 3: information and hints).
    const problems = results.filter((r) => r.severity <= 1).map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`);
    expect(problems).toEqual([]);
  }, 60_000);
});

/** Every success response of the served document is typed, so a generated client does not see `unknown`. */
describe('OpenAPI response schemas (e2e)', () => {
  let app: TestApp;
  let doc: {
    paths: Record<string, Record<string, any>>;
    components: { schemas: Record<string, any>; securitySchemes: Record<string, any> };
  };
  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api' });
    doc = (await client(app.url).get('/docs/openapi.json')).body;
  });
  afterAll(() => app.close());

  const ops = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );

  it('declares a schema for every 2xx response that has a body', () => {
    const missing = ops().flatMap(({ route, op }) =>
      Object.entries(op.responses as Record<string, any>)
        .filter(
          ([status, r]) =>
            /^2/.test(status) && status !== '204' && !Object.values(r.content ?? {}).some((c: any) => c.schema),
        )
        .map(([status]) => `${route} ${status}`),
    );
    expect(missing).toEqual([]);
    expect(ops().length).toBeGreaterThan(45);
  });

  it('types the enums, formats, nullable fields, page envelope and Location header', () => {
    const s = doc.components.schemas;
    const enumOf = (prop: any): unknown => {
      const ref: string | undefined = prop.$ref ?? prop.allOf?.[0]?.$ref;
      return ref ? s[ref.split('/').pop()!].enum : (prop.enum ?? prop.items?.enum);
    };
    expect(enumOf(s.ClaimView.properties.status)).toEqual([
      'received',
      'researching',
      'ready_for_check',
      'in_check',
      'in_review',
      'published',
      'retracted',
      'duplicate',
      'dismissed',
    ]);
    expect(enumOf(s.EvidenceView.properties.stance)).toEqual(['supports', 'refutes', 'neutral']);
    expect(enumOf(s.AssessmentView.properties.label)).toEqual([
      'supported',
      'refuted',
      'conflicting',
      'not_enough_evidence',
    ]);
    expect(enumOf(s.VerdictView.properties.rating)).toContain('mostly_false');
    expect(enumOf(s.TaskView.properties.kind)).toEqual(['check', 'review']);
    expect(enumOf(s.WebhookDeliveryView.properties.status)).toEqual(['pending', 'succeeded', 'failed', 'cancelled']);
    expect(s.ClaimView.properties.id.format).toBe('uuid');
    expect(s.ClaimView.properties.createdAt.format).toBe('date-time');
    expect(s.ClaimView.properties.sourceUrl).toMatchObject({ format: 'uri', type: ['string', 'null'] });
    expect(s.ClaimView.properties.assessment).toEqual({
      anyOf: [{ $ref: '#/components/schemas/AssessmentView' }, { type: 'null' }],
    });
    expect(s.ClaimViewPage.required).toEqual(['data', 'nextCursor']);
    expect(s.ClaimViewPage.properties.nextCursor.type).toEqual(['string', 'null']);
    expect(JSON.stringify(doc)).not.toContain('"nullable"');
    expect(Object.keys(doc.paths['/v1/claims'].post.responses['202'].headers)).toEqual(['Location']);
    expect(doc.components.securitySchemes.bearer.bearerFormat).not.toBe('JWT');
  });

  it('types the inputs: integer limits, uuid lease tokens, rating enum and uuid evidence ids', () => {
    const limits = ops().flatMap(({ route, op }) =>
      (op.parameters ?? [])
        .filter((p: any) => p.name === 'limit')
        .map((p: any) => ({ route, type: p.schema.type, default: typeof p.schema.default })),
    );
    expect(limits.length).toBeGreaterThanOrEqual(8);
    for (const l of limits) expect(l).toEqual({ route: l.route, type: 'integer', default: 'number' });
    const complete = doc.components.schemas.CompleteTaskDto.properties;
    expect(complete.rating.enum).toContain('false');
    expect(complete.evidenceIds.items.format).toBe('uuid');
    const examples = JSON.stringify(doc.paths).match(/"leaseToken":"[^"]*"/g) ?? [];
    for (const e of examples) expect(e).toMatch(/"leaseToken":"[0-9a-f-]{36}"/);
    expect(doc.components.schemas.RatingLabelsDto.properties.labels.additionalProperties).toMatchObject({
      type: 'string',
    });
    expect(doc.paths['/v1/sources/fact-checks'].post.requestBody.content['application/json'].schema.oneOf).toHaveLength(
      4,
    );
  });
});

/** The coverage script (npm run openapi:coverage) on the served document: both counts are 0. */
describe('OpenAPI coverage of responses and errors (e2e)', () => {
  let app: TestApp;
  let doc: any;
  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api' });
    doc = (await client(app.url).get('/docs/openapi.json')).body;
  });
  afterAll(() => app.close());

  it('counts no response without a schema and no route without its error statuses', () => {
    const c = openApiCoverage(doc);
    expect(c.operations).toBeGreaterThan(45);
    expect({
      responsesWithoutSchema: c.responsesWithoutSchema,
      routesWithoutErrorStatuses: c.routesWithoutErrorStatuses,
    }).toEqual({ responsesWithoutSchema: [], routesWithoutErrorStatuses: [] });
  });

  it('counts what is missing when a schema or an error status is taken away', () => {
    const broken = JSON.parse(JSON.stringify(doc));
    delete broken.paths['/v1/claims'].post.responses['202'].content['application/json'].schema;
    delete broken.paths['/v1/tasks/{id}/claim'].post.responses['401'];
    const c = openApiCoverage(broken);
    expect(c.responsesWithoutSchema).toEqual(['POST /v1/claims 202']);
    expect(c.routesWithoutErrorStatuses).toEqual(['POST /v1/tasks/{id}/claim: 401']);
  });

  it('answers errors as the declared problem+json, with a role-restricted route declaring 403', () => {
    const op = doc.paths['/v1/api-keys'].post;
    expect(op.responses['403'].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/ProblemView',
    );
    expect(doc.components.schemas.ProblemView.required).toEqual(['type', 'title', 'status', 'detail']);
    expect(Object.keys(doc.paths['/v1/claims'].post.responses).sort()).toEqual([
      '202',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(doc.paths['/v1/claims'].post.responses['429'].headers['Retry-After']).toBeDefined();
    expect(doc.paths['/health/live'].get.responses['401']).toBeUndefined();
  });
});

/** The contract check every e2e response goes through (helpers/http.ts → helpers/contract.ts) fails what drifts. */
describe('contract check of responses (e2e)', () => {
  let app: TestApp;
  let admin: ReturnType<typeof client>;
  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api' });
    const org = await newOrg(app);
    admin = org.admin;
  });
  afterAll(() => app.close());

  const json = (status: number, body: unknown, type = 'application/json') => ({
    status,
    headers: new Headers({ 'content-type': `${type}; charset=utf-8` }),
    body,
    text: JSON.stringify(body),
  });

  it('passes a real answer and fails it once a field is renamed, an unknown field added or the status undeclared', async () => {
    const me = await admin.get('/v1/me');
    expect(me.status).toBe(200);
    await expect(checkContract(app.url, 'GET', '/v1/me', json(200, me.body))).resolves.toBeUndefined();
    const { organizationId, ...rest } = me.body;
    await expect(
      checkContract(app.url, 'GET', '/v1/me', json(200, { ...rest, orgId: organizationId })),
    ).rejects.toThrow(
      "GET /v1/me 200: the body does not match the schema the OpenAPI document declares: (body) must have required property 'organizationId'; (body) must NOT have additional properties 'orgId'",
    );
    await expect(checkContract(app.url, 'GET', '/v1/me', json(418, me.body))).rejects.toThrow(
      'GET /v1/me answered 418, which the OpenAPI document does not declare',
    );
    await expect(checkContract(app.url, 'GET', '/v1/me', json(200, me.body, 'text/html'))).rejects.toThrow(
      'GET /v1/me 200 answered text/html, which the document does not declare for it',
    );
  });

  it('checks errors against the problem schema and path templates with ids', async () => {
    const missing = await admin.get('/v1/claims/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    await expect(
      checkContract(
        app.url,
        'GET',
        '/v1/claims/00000000-0000-4000-8000-000000000000',
        json(404, { type: 'x', title: 'Not Found', status: 404 }, 'application/problem+json'),
      ),
    ).rejects.toThrow("(body) must have required property 'detail'");
    await expect(
      checkContract(
        app.url,
        'GET',
        '/v1/claims/00000000-0000-4000-8000-000000000000?limit=3',
        json(404, missing.body, 'application/json'),
      ),
    ).rejects.toThrow('answered application/json');
  });
});

/** OpenAPI 3.1 `webhooks`: the event catalog a portal (and the generated client) reads. */
describe('OpenAPI webhooks section (e2e)', () => {
  let app: TestApp;
  let doc: any;
  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api' });
    doc = (await client(app.url).get('/docs/openapi.json')).body;
  });
  afterAll(() => app.close());

  it('lists every event type with its body schema, a recorded example and the Standard Webhooks headers', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      const post = doc.webhooks[type].post;
      const media = post.requestBody.content['application/json'];
      const schema = doc.components.schemas[media.schema.$ref.split('/').pop()];
      expect({ type, required: schema.required, enum: schema.properties.type.enum }).toEqual({
        type,
        required: ['type', 'timestamp', 'data'],
        enum: [type],
      });
      expect({ type, example: media.example?.type }).toEqual({ type, example: type });
      const headers = post.parameters.map((p: { $ref: string }) => doc.components.parameters[p.$ref.split('/').pop()!]);
      expect(
        headers.map((h: { name: string; in: string; required: boolean }) => `${h.in} ${h.name} ${h.required}`),
      ).toEqual(['header webhook-id true', 'header webhook-timestamp true', 'header webhook-signature true']);
      expect(Object.keys(post.responses)).toEqual(['200', '410', '429', 'default']);
    }
    const published = doc.components.schemas.VerdictPublishedEventData.properties;
    expect(published.verdict.$ref).toBe('#/components/schemas/VerdictView');
    expect(published.claim.anyOf).toEqual([
      { $ref: '#/components/schemas/ClaimView' },
      { $ref: '#/components/schemas/PublicClaimView' },
    ]);
  });

  it('the webhook contract check passes the recorded events and fails an unknown type or a renamed field', async () => {
    for (const type of EVENT_TYPES)
      await expect(
        checkWebhookBody(JSON.stringify(doc.webhooks[type].post.requestBody.content['application/json'].example)),
      ).resolves.toBeUndefined();
    const ping = doc.webhooks['webhook.ping'].post.requestBody.content['application/json'].example;
    await expect(checkWebhookBody(JSON.stringify({ ...ping, type: 'webhook.pong' }))).rejects.toThrow(
      'A webhook of type "webhook.pong", which the webhooks section of the OpenAPI document does not list',
    );
    const { claim, ...rest } =
      doc.webhooks['claim.dismissed'].post.requestBody.content['application/json'].example.data;
    const { text, ...claimRest } = claim;
    await expect(
      checkWebhookBody(
        JSON.stringify({
          type: 'claim.dismissed',
          timestamp: new Date().toISOString(),
          data: { ...rest, claim: { ...claimRest, body: text } },
        }),
      ),
    ).rejects.toThrow(
      "Webhook claim.dismissed: the body does not match the schema the OpenAPI document declares: /data/claim must have required property 'text'; /data/claim must NOT have additional properties 'body'",
    );
  });
});
