/**
 * The OpenAPI document the service serves at /docs/openapi.json, kept once it is built at start-up
 * so the portal's event catalog renders the very `webhooks` section (schemas and recorded
 * examples) the document and the contract tests use: the catalog cannot drift from what is sent.
 */
let served: Record<string, unknown> | null = null;

export function setServedDocument(doc: object): void {
  served = doc as Record<string, unknown>;
}

export function servedDocument(): Record<string, unknown> | null {
  return served;
}

type Node = unknown;

/** A schema with its `#/components/schemas/…` references replaced by their targets (each at most once per path: no cycles). */
export function inlineSchema(doc: Record<string, unknown>, node: Node, seen: string[] = []): Node {
  if (Array.isArray(node)) return node.map((n) => inlineSchema(doc, n, seen));
  if (!node || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if (typeof o.$ref === 'string' && o.$ref.startsWith('#/components/schemas/')) {
    const name = o.$ref.split('/').pop()!;
    if (seen.includes(name)) return { $ref: o.$ref };
    const target = ((doc.components as Record<string, Record<string, unknown>>)?.schemas ?? {})[name];
    return { title: name, ...(inlineSchema(doc, target, [...seen, name]) as object) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (k !== 'example' && k !== 'examples') out[k] = inlineSchema(doc, v, seen);
  return out;
}
