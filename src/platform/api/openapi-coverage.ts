/**
 * How well the OpenAPI document types the API, read as a client generator reads it:
 * - responses without a schema (a 2xx other than 204, or any error, with no content schema);
 * - routes without their error statuses: what the guards, pipes and body parser that run on every
 *   route can answer (401, 429 and 503 behind a key; 400 with inputs; 404 with a path id; 413 and
 *   415 with a body; 422 with Idempotency-Key), each as application/problem+json.
 * `npm run openapi:coverage [url]` prints it for a served document; test/e2e/openapi.e2e-spec.ts
 * asserts both counts are 0 for the document the service serves.
 */
export interface Coverage {
  operations: number;
  responsesWithoutSchema: string[];
  routesWithoutErrorStatuses: string[];
}

type Op = {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  security?: unknown[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

export function openApiCoverage(doc: {
  paths: Record<string, Record<string, unknown>>;
  security?: unknown[];
}): Coverage {
  const out: Coverage = { operations: 0, responsesWithoutSchema: [], routesWithoutErrorStatuses: [] };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = raw as Op;
      const route = `${method.toUpperCase()} ${path}`;
      out.operations++;
      const responses = op.responses ?? {};
      for (const [status, r] of Object.entries(responses)) {
        if (status === '204') continue;
        const schemas = Object.entries(r.content ?? {}).filter(([, c]) => c.schema);
        const isError = /^[45]/.test(status);
        if (!schemas.length || (isError && !schemas.some(([type]) => type === 'application/problem+json')))
          out.responsesWithoutSchema.push(`${route} ${status}`);
      }
      const params = op.parameters ?? [];
      const expected = new Set<string>();
      if ((op.security ?? doc.security ?? []).length) ['401', '429', '503'].forEach((s) => expected.add(s));
      if (params.some((p) => p.in === 'path' || p.in === 'query') || op.requestBody) expected.add('400');
      if (params.some((p) => p.in === 'path')) expected.add('404');
      if (['post', 'put', 'patch'].includes(method)) ['413', '415'].forEach((s) => expected.add(s));
      if (params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) expected.add('422');
      const missing = [...expected].filter((s) => !responses[s]);
      if (missing.length) out.routesWithoutErrorStatuses.push(`${route}: ${missing.join(', ')}`);
    }
  }
  return out;
}

/** CLI: node dist/src/platform/api/openapi-coverage.js [http://127.0.0.1:3000] — exits 1 when a count is not 0. */
async function main() {
  const base = process.argv[2] ?? 'http://127.0.0.1:3000';
  const doc = (await (await fetch(`${base.replace(/\/$/, '')}/docs/openapi.json`)).json()) as Parameters<
    typeof openApiCoverage
  >[0];
  const c = openApiCoverage(doc);
  for (const r of c.responsesWithoutSchema) console.log(`response without schema: ${r}`);
  for (const r of c.routesWithoutErrorStatuses) console.log(`route without its error statuses: ${r}`);
  console.log(
    JSON.stringify({
      operations: c.operations,
      responsesWithoutSchema: c.responsesWithoutSchema.length,
      routesWithoutErrorStatuses: c.routesWithoutErrorStatuses.length,
    }),
  );
  if (c.responsesWithoutSchema.length || c.routesWithoutErrorStatuses.length) process.exitCode = 1;
}
if (require.main === module) void main();
