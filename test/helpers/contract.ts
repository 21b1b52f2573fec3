import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Contract check of every response the e2e suite receives (test/helpers/http.ts calls it): the
 * document the service serves at /docs/openapi.json must declare the route's status and content
 * type, and the body must match its schema. The document is fetched once per base URL (test file)
 * and every validator compiled then, once.
 *
 * Webhook bodies are checked the same way against the document's `webhooks` section
 * (checkWebhookBody, called by helpers/webhook-receiver.ts for every request a receiver gets).
 *
 * Response views and webhook events (components named *View, *Event, *EventData; except
 * ProblemView, whose extensions are open) are checked closed: a field the view sends and the schema
 * does not name fails too.
 */
type Doc = {
  paths: Record<string, Record<string, any>>;
  webhooks?: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, unknown> };
};
interface Contract {
  routes: { method: string; template: string; re: RegExp; params: number }[];
  doc: Doc;
  validators: Map<string, ValidateFunction>;
  /** By event type: the body schema of its entry in `webhooks`. */
  webhooks: Map<string, ValidateFunction>;
}

const closedSchema = (name: string) => /(View|Event|EventData)$/.test(name) && name !== 'ProblemView';

const contracts = new Map<string, Promise<Contract | null>>();

/** OpenAPI 3.1 schema → JSON Schema for ajv: refs into the registered document, examples left out. */
function toJsonSchema(node: unknown, closed: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, closed));
  if (!node || typeof node !== 'object') return node;
  const { example: _e, examples: _x, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (k === '$ref' && typeof v === 'string') out.$ref = `openapi${v}`;
    else if (k === 'properties' && v && typeof v === 'object')
      out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, toJsonSchema(s, false)]));
    else out[k] = toJsonSchema(v, false);
  }
  if (closed && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

async function load(baseUrl: string): Promise<Contract | null> {
  let doc: Doc;
  try {
    const r = await fetch(`${baseUrl}/docs/openapi.json`);
    if (r.status !== 200) return null;
    doc = (await r.json()) as Doc;
  } catch {
    return null;
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const schemas = Object.fromEntries(
    Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => [name, toJsonSchema(s, closedSchema(name))]),
  );
  ajv.addSchema({ $id: 'openapi', components: { schemas } });
  const routes = Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((method) => ({
        method,
        template,
        re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
      })),
  );
  routes.sort((a, b) => a.params - b.params);
  // Compiled all at once, here: the service runs in this process, and compiling later, while a
  // webhook delivery waits on its timeout, would stall its event loop at a random moment.
  const validators = new Map<string, ValidateFunction>();
  const bySchema = new Map<string, ValidateFunction>();
  for (const r of routes) {
    for (const [status, res] of Object.entries(
      (doc.paths[r.template][r.method].responses ?? {}) as Record<
        string,
        { content?: Record<string, { schema?: unknown }> }
      >,
    )) {
      for (const [type, media] of Object.entries(res.content ?? {})) {
        if (!media.schema) continue;
        const json = JSON.stringify(media.schema);
        let v = bySchema.get(json);
        if (!v) bySchema.set(json, (v = ajv.compile(toJsonSchema(media.schema, false) as object)));
        validators.set(`${r.method.toUpperCase()} ${r.template} ${status} ${type}`, v);
      }
    }
  }
  const webhooks = new Map<string, ValidateFunction>();
  for (const [type, item] of Object.entries(doc.webhooks ?? {})) {
    const schema = item.post?.requestBody?.content?.['application/json']?.schema;
    if (schema) webhooks.set(type, ajv.compile(toJsonSchema(schema, false) as object));
  }
  return { routes, doc, validators, webhooks };
}

function contractOf(baseUrl: string): Promise<Contract | null> {
  let c = contracts.get(baseUrl);
  if (!c) {
    c = load(baseUrl);
    contracts.set(baseUrl, c);
    // A service that was not up yet, or is not an API (worker metrics, fake servers), is asked again next time.
    void c.then((v) => v ?? contracts.delete(baseUrl));
  }
  return c;
}

export class ContractError extends Error {}

/** Throws ContractError when the response is not one the document declares. Routes the document does not list are not checked. */
export async function checkContract(
  baseUrl: string,
  method: string,
  url: string,
  res: { status: number; headers: Headers; body: unknown; text: string },
): Promise<void> {
  const path = url.split('?')[0].split('#')[0];
  if (!path.startsWith('/v1/') && !path.startsWith('/health/')) return;
  const c = await contractOf(baseUrl);
  if (!c) return;
  const route = c.routes.find((r) => r.method === method.toLowerCase() && r.re.test(path));
  if (!route) return;
  const name = `${method.toUpperCase()} ${route.template}`;
  const declared = c.doc.paths[route.template][route.method].responses?.[String(res.status)];
  if (!declared)
    throw new ContractError(
      `${name} answered ${res.status}, which the OpenAPI document does not declare (declared: ${Object.keys(c.doc.paths[route.template][route.method].responses ?? {}).join(', ')}): ${res.text.slice(0, 300)}`,
    );
  if (!res.text) return;
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
  const media = declared.content?.[type];
  if (!media?.schema)
    throw new ContractError(
      `${name} ${res.status} answered ${type || 'no content type'}, which the document does not declare for it (declared: ${Object.keys(declared.content ?? {}).join(', ') || 'no body'})`,
    );
  const validate = c.validators.get(`${name} ${res.status} ${type}`)!;
  if (!validate(res.body))
    throw new ContractError(
      `${name} ${res.status}: the body does not match the schema the OpenAPI document declares: ${errorsOf(validate)}`,
    );
}

function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map(
      (e) =>
        `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`,
    )
    .join('; ');
}

/** The service whose document webhook bodies are checked against: the last one this test file started (helpers/app.ts). */
let webhookDocumentUrl: string | undefined;
export function checkWebhooksAgainst(baseUrl: string): Promise<unknown> {
  webhookDocumentUrl = baseUrl;
  return contractOf(baseUrl);
}

/**
 * Throws ContractError when a webhook request body is not an event of the document's `webhooks`
 * section: not JSON, an event type it does not list, or a body its schema refuses.
 */
export async function checkWebhookBody(body: string): Promise<void> {
  if (!webhookDocumentUrl) return;
  const c = await contractOf(webhookDocumentUrl);
  if (!c) return;
  let event: { type?: unknown };
  try {
    event = JSON.parse(body) as { type?: unknown };
  } catch {
    throw new ContractError(`A webhook body is not JSON: ${body.slice(0, 200)}`);
  }
  const type = String(event?.type);
  const validate = c.webhooks.get(type);
  if (!validate)
    throw new ContractError(
      `A webhook of type ${JSON.stringify(event?.type)}, which the webhooks section of the OpenAPI document does not list (listed: ${[...c.webhooks.keys()].join(', ')})`,
    );
  if (!validate(event))
    throw new ContractError(
      `Webhook ${type}: the body does not match the schema the OpenAPI document declares: ${errorsOf(validate)}`,
    );
}
