import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Real request and response examples for the OpenAPI document, recorded from the API tour
 * (docs/examples/api-tour.sh) by `npm run openapi:examples`, kept in docs/openapi-examples.json.
 */
const ROOT = __dirname.split(/[\\/]dist[\\/]/)[0].replace(/[\\/]src[\\/]platform[\\/]api$/, '');
export const OPENAPI_EXAMPLES_FILE = join(ROOT, 'docs', 'openapi-examples.json');

export interface RecordedExample {
  status: number;
  request?: unknown;
  response?: unknown;
}
export type ExampleBook = Record<string, RecordedExample>;

/** Lease tokens are secrets too; the placeholder keeps their uuid format. */
export const LEASE_TOKEN_PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
const SECRETS = /^(cbk_|whsec_)[A-Za-z0-9+/=_-]+$/;
/** Keys and secrets of a recording are replaced by placeholders of the same shape. */
function scrub(v: unknown): unknown {
  if (typeof v === 'string') return SECRETS.test(v) ? v.replace(/^(cbk_|whsec_).*$/, '$1…') : v;
  if (Array.isArray(v)) return v.slice(0, 3).map(scrub);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === 'leaseToken' ? LEASE_TOKEN_PLACEHOLDER : scrub(x)]),
    );
  return v;
}

/** The book's key of a webhook event's body. */
export const webhookExampleKey = (type: string) => `WEBHOOK ${type}`;

/** Records the first body of each webhook event type (webhooks-section examples). */
export function recordWebhookExample(book: ExampleBook, body: string): void {
  const event = JSON.parse(body) as { type: string };
  book[webhookExampleKey(event.type)] ??= { status: 200, request: scrub(event) };
}

/** Records the first 2xx exchange of each route (method + OpenAPI path). */
export function recordExamples(fastify: FastifyInstance, book: ExampleBook): void {
  fastify.addHook('onSend', async (req, reply, payload) => {
    const route = req.routeOptions?.url;
    if (!route || reply.statusCode >= 300 || !/^\/(v1|health)\//.test(route)) return payload;
    const key = `${req.method} ${route.replace(/:(\w+)/g, '{$1}')}`;
    if (book[key]) return payload;
    let response: unknown;
    try {
      response = typeof payload === 'string' && payload ? JSON.parse(payload) : undefined;
    } catch {
      response = undefined;
    }
    book[key] = {
      status: reply.statusCode,
      request: req.body === undefined ? undefined : scrub(req.body),
      response: scrub(response),
    };
    return payload;
  });
}

/** Puts the recorded examples into the document: routes' requests and responses, webhook events' bodies. */
export function applyExamples(document: OpenAPIObject, file = OPENAPI_EXAMPLES_FILE): void {
  if (!existsSync(file)) return;
  const book = JSON.parse(readFileSync(file, 'utf8')) as ExampleBook;
  for (const [type, item] of Object.entries(document.webhooks ?? {}) as [string, any][]) {
    const ex = book[webhookExampleKey(type)];
    const media = item.post?.requestBody?.content?.['application/json'];
    if (ex?.request !== undefined && media) media.example = ex.request;
  }
  for (const [path, ops] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(ops) as [string, any][]) {
      const ex = book[`${method.toUpperCase()} ${path}`];
      if (!ex || typeof op !== 'object') continue;
      const type = path.endsWith('/claim-review') ? 'application/ld+json' : 'application/json';
      op.responses ??= {};
      const res = (op.responses[String(ex.status)] ??= { description: 'Success' });
      if (ex.response !== undefined) {
        res.content ??= {};
        res.content[type] = { ...(res.content[type] ?? {}), example: ex.response };
      }
      if (ex.request !== undefined && op.requestBody) {
        op.requestBody.content ??= {};
        const c = (op.requestBody.content['application/json'] ??= {});
        c.example = ex.request;
      }
    }
  }
}
