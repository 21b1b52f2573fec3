import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import { Webhook } from 'standardwebhooks';
import type { components, paths, webhooks } from './schema';

/**
 * The Corroborate TypeScript client: openapi-fetch over the types openapi-typescript generates
 * from the OpenAPI document (schema.ts), and a small hand-written layer for what generation
 * cannot reach: webhook verification (Standard Webhooks), cursor pagination, and retrying a POST
 * with an Idempotency-Key. docs/api.md shows its use.
 */
export type { components, operations, paths, webhooks } from './schema';
export type Schemas = components['schemas'];
/** Every error of the API (RFC 9457 application/problem+json). */
export type Problem = Schemas['ProblemView'];
export type CorroborateClient = Client<paths>;

/** A client for one API key: `const api = createCorroborateClient({ baseUrl, apiKey })`, then `api.GET('/v1/claims/{id}', …)`. */
export function createCorroborateClient({
  apiKey,
  headers,
  ...options
}: ClientOptions & { apiKey: string }): CorroborateClient {
  return createClient<paths>({
    ...options,
    headers: { ...(headers as Record<string, string> | undefined), authorization: `Bearer ${apiKey}` },
  });
}

/** An answer that was an error, thrown by the helpers below. */
export class CorroborateError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem ? `${status} ${problem.title}: ${problem.detail}` : `HTTP ${status}`);
  }
}

type Result<T> = { data?: T; error?: Problem; response: Response };

/** The data of a result, or a CorroborateError with its problem. */
export function unwrap<T>({ data, error, response }: Result<T>): T {
  if (data === undefined) throw new CorroborateError(response.status, error);
  return data;
}

/**
 * Every item of a cursor-paginated list (`{data, nextCursor}`), fetching page after page:
 * `for await (const claim of paginate((cursor) => api.GET('/v1/claims', { params: { query: { cursor, limit: 100 } } })))`.
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Result<{ data: T[]; nextCursor: string | null }>>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = unwrap(await fetchPage(cursor));
    yield* page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Every item of every page, in one array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export interface RetryOptions {
  /** The Idempotency-Key of every attempt; a random UUID by default. */
  idempotencyKey?: string;
  /** Attempts in all (default 5). */
  attempts?: number;
  /** First delay when the answer gives no Retry-After (default 500 ms, doubled on each retry, at most 30 s). */
  baseDelayMs?: number;
}

/** Statuses worth retrying with the same key: still in progress (409), rate limited (429), the server or a dependency failing. */
const RETRYABLE = new Set([409, 429, 500, 502, 503, 504]);

/**
 * Sends a request with an Idempotency-Key and retries it with the same key on a network error or
 * a retryable status, after Retry-After or an exponential delay: the service answers a retry with
 * the original response, so the claim is submitted once.
 * `withIdempotencyKey((key) => api.POST('/v1/claims', { body, params: { header: { 'Idempotency-Key': key } } }))`.
 */
export async function withIdempotencyKey<R extends { response: Response }>(
  send: (idempotencyKey: string) => Promise<R>,
  options: RetryOptions = {},
): Promise<R> {
  const key = options.idempotencyKey ?? crypto.randomUUID();
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    let result: R | undefined;
    try {
      result = await send(key);
      if (!RETRYABLE.has(result.response.status) || attempt >= attempts) return result;
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
    const retryAfter = Number(result?.response.headers.get('retry-after'));
    const delay =
      Number.isFinite(retryAfter) && retryAfter >= 0 && result?.response.headers.has('retry-after')
        ? retryAfter * 1000
        : Math.min(base * 2 ** (attempt - 1), 30_000) * (0.8 + Math.random() * 0.4);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

type WebhookBodies = {
  [T in keyof webhooks]: NonNullable<webhooks[T]['post']['requestBody']>['content']['application/json'];
};
/** A webhook event: a union discriminated by `type` (`if (event.type === 'verdict.published') event.data.verdict`). */
export type WebhookEvent = WebhookBodies[keyof WebhookBodies];
export type WebhookEventType = WebhookEvent['type'];

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/**
 * Verifies a webhook request per Standard Webhooks (signature with the subscription's `whsec_`
 * secret, timestamp within 5 minutes) and returns its event; throws when it does not verify.
 * Pass the raw body, as received, not a re-serialized object.
 */
export function verifyWebhook(secret: string, body: string | Buffer, headers: HeaderBag): WebhookEvent {
  const get = (name: string) => {
    const v = headers instanceof Headers ? headers.get(name) : headers[name];
    return Array.isArray(v) ? v.join(' ') : (v ?? '');
  };
  const names = ['webhook-id', 'webhook-timestamp', 'webhook-signature'];
  return new Webhook(secret).verify(body, Object.fromEntries(names.map((n) => [n, get(n)]))) as WebhookEvent;
}
