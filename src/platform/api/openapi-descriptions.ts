/**
 * The descriptions a reader (and the linters, docs/api.md) expects where the decorators leave
 * them out: every tag, every operation (who may call it, read from the 403 that @Roles declares)
 * and every parameter (by its name, the same meaning on every route).
 */

const TAGS: Record<string, string> = {
  auth: 'The caller: which key, role, organization and newsroom',
  'api-keys': 'API keys of the organization (admin): shown once, stored as a hash',
  newsrooms: 'The partner outlets whose keys submit claims',
  claims: 'Claims: submission, reading, history, duplicates, research runs and evidence',
  extractions: 'Check-worthy sentences found in an article, optionally submitted as claims',
  sources: "The organization's document archive, imported fact-checks and the evidence providers",
  tasks: 'Check and review tasks, taken under a lease',
  verdicts: 'Verdict versions, corrections, retractions and the published ClaimReview',
  settings: "The organization's name, public URLs and rating scale",
  webhooks: "Webhook subscriptions, their deliveries and secrets (the events are in the document's webhooks section)",
  health: 'Liveness and readiness probes (no key)',
  'webhook-events': 'The events delivered to webhook subscriptions, signed per Standard Webhooks',
};

const PARAMETERS: Record<string, string> = {
  limit: 'Page size',
  cursor: 'Opaque cursor from a previous page (nextCursor)',
  status: 'Only items in this status',
  language: 'Only claims in this language (ISO 639 code)',
  priority: 'Only claims of this priority',
  newsroomId: 'Only claims submitted by this newsroom (desk keys)',
  stance: 'Only evidence of this stance',
  kind: 'Only tasks of this kind',
  assignee: 'Only tasks held by this key (`me` for the caller)',
  q: 'Full-text query',
  deliveryId: 'The delivery id',
};

type Op = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { in: string; name: string; description?: string }[];
  responses?: Record<string, { description?: string }>;
};

export function describeDocument(document: {
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  webhooks?: Record<string, Record<string, unknown>>;
}): void {
  const used = new Set<string>();
  const items = [...Object.entries(document.paths), ...Object.entries(document.webhooks ?? {})];
  for (const [path, item] of items) {
    for (const raw of Object.values(item)) {
      const op = raw as Op;
      if (!op || typeof op !== 'object' || !op.responses) continue;
      op.tags?.forEach((t) => used.add(t));
      if (!op.description) {
        const roles = op.responses['403']?.description;
        const who =
          op.security && !op.security.length
            ? 'No API key needed.'
            : roles?.startsWith('Only for')
              ? `${roles}.`
              : 'Any API key of the organization.';
        op.description = `${op.summary}. ${who}`;
      }
      for (const p of op.parameters ?? []) {
        if (p.description || !('name' in p)) continue;
        const segments = path.split('/');
        const resource = segments[segments.indexOf('{id}') - 1]?.replace(/s$/, '');
        const description = p.in === 'path' && p.name === 'id' && resource ? `The ${resource} id` : PARAMETERS[p.name];
        if (!description)
          throw new Error(`describeDocument: no description for the ${p.in} parameter ${p.name} of ${path}`);
        p.description = description;
      }
    }
  }
  document.tags = [...used].sort().map((name) => {
    if (!TAGS[name]) throw new Error(`describeDocument: tag ${name} has no description`);
    return { name, description: TAGS[name] };
  });
}
