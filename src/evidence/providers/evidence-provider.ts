/** What a provider is asked: one claim. */
export interface ClaimQuery {
  organizationId: string;
  claimId: string;
  text: string;
  language: string;
}

/** A candidate source, before stance scoring. */
export interface Candidate {
  url: string;
  title: string;
  /** The text the analyzer reads (document passage, search snippet, reviewed claim). */
  text: string;
  publisher?: string | null;
  publishedAt?: Date | null;
  language?: string | null;
  /** A fact-check's textual rating, when the candidate is one. */
  rating?: string | null;
}

/** One evidence provider: searches a claim, returns candidate sources. */
export interface EvidenceProvider {
  readonly name: string;
  /** Searches our own PostgreSQL (archive, fact-checks): no politeness rate limit applies. */
  readonly local?: boolean;
  /** Whether configuration turns it on. */
  enabled(): boolean;
  /** Where it searches, for GET /v1/providers (no secrets). */
  describe(): Record<string, unknown>;
  search(q: ClaimQuery, opts: { timeoutMs: number }): Promise<Candidate[]>;
  /** How many requests one search of this claim sends (the politeness limit counts each); 1 when absent. */
  requests?(q: ClaimQuery): number;
}

/** Injection token: the list of every provider. */
export const EVIDENCE_PROVIDERS = Symbol('EVIDENCE_PROVIDERS');

/** A provider answered something we cannot read: recorded as a failure, retried like one. */
export class ProviderResponseError extends Error {}

/** Strips HTML tags and decodes the common entities (MediaWiki snippets, SearXNG contents). */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseDate(v: unknown): Date | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
