import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { FieldError, Problem } from '../platform/api/problem';
import { claimReviewItems, parseClaimReview } from './claim-review.parser';
import { IngestDocumentsDto } from './dto/ingest-documents.dto';
import { SearchDocumentsQuery } from './dto/search-documents.query';
import { ArchiveRepository } from './providers/archive/archive.repository';
import { EVIDENCE_PROVIDERS, EvidenceProvider } from './providers/evidence-provider';
import { FactChecksRepository, FactCheckInput } from './providers/fact-checks/fact-checks.repository';
import { ProviderRunner } from './providers/provider-runner';
import { ResearchRunsRepository } from '../research/research-runs.repository';
import { DocumentHitView, FactChecksImportView, ProviderView, UpsertCountsView } from './sources.view';
import { ListOf, PageOf } from '../platform/api/page';
import type { Page } from '../platform/api/pagination';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Authenticated } from '../platform/api/problems';

type SchemaObject = Exclude<NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string], { $ref: string }>;

const ProvidersView = ListOf(ProviderView, 'ProviderList');

/** One schema.org ClaimReview (JSON-LD); the parser says which fields it needs. */
const CLAIM_REVIEW_ITEM: SchemaObject = {
  type: 'object',
  additionalProperties: true,
  properties: {
    '@context': { type: 'string' },
    '@type': { type: 'string', enum: ['ClaimReview'] },
    url: { type: 'string', format: 'uri' },
    claimReviewed: { type: 'string' },
    datePublished: { type: 'string' },
    inLanguage: { type: 'string' },
    author: { type: 'object', additionalProperties: true },
    reviewRating: {
      type: 'object',
      additionalProperties: true,
      properties: {
        alternateName: { type: 'string' },
        ratingValue: { type: 'number' },
        bestRating: { type: 'number' },
        worstRating: { type: 'number' },
      },
    },
  },
};
const FACT_CHECKS_BODY: SchemaObject = {
  oneOf: [
    CLAIM_REVIEW_ITEM,
    { type: 'array', minItems: 1, maxItems: 1000, items: CLAIM_REVIEW_ITEM },
    { type: 'object', required: ['@graph'], properties: { '@graph': { type: 'array', items: CLAIM_REVIEW_ITEM } } },
    {
      type: 'object',
      required: ['claimReviews'],
      properties: { claimReviews: { type: 'array', items: CLAIM_REVIEW_ITEM } },
    },
  ],
};

@ApiTags('sources')
@Authenticated()
@Controller('v1')
export class SourcesController {
  constructor(
    private readonly archive: ArchiveRepository,
    private readonly factChecks: FactChecksRepository,
    private readonly runs: ResearchRunsRepository,
    private readonly runner: ProviderRunner,
    @Inject(EVIDENCE_PROVIDERS) private readonly providers: EvidenceProvider[],
  ) {}

  @Post('sources/documents')
  @Roles('editor')
  @ApiCreatedResponse({ type: UpsertCountsView, description: 'Documents created and updated (upsert by url)' })
  async ingest(@CurrentPrincipal() p: Principal, @Body() body: IngestDocumentsDto): Promise<UpsertCountsView> {
    const urls = new Set<string>();
    for (const [i, d] of body.documents.entries()) {
      if (urls.has(d.url))
        throw Problem.badRequest(`documents[${i}].url appears twice in the request`, [
          { path: `documents[${i}].url`, message: 'duplicate url in this request' },
        ]);
      urls.add(d.url);
    }
    return this.archive.upsert(p.organizationId, body.documents);
  }

  @Get('sources/documents')
  @Roles('editor')
  @ApiOkResponse({ type: PageOf(DocumentHitView), description: 'Best matches first (one page of at most limit)' })
  async search(@CurrentPrincipal() p: Principal, @Query() q: SearchDocumentsQuery): Promise<Page<DocumentHitView>> {
    const rows = q.q
      ? await this.archive.search(p.organizationId, q.q, q.language, q.limit)
      : await this.archive.recent(p.organizationId, q.language, q.limit);
    return {
      data: rows.map((d) => ({
        id: d.id,
        url: d.url,
        title: d.title,
        snippet: d.body.slice(0, 300),
        language: d.language,
        publisher: d.publisher,
        publishedAt: d.publishedAt,
        rank: Number(d.rank),
      })),
      nextCursor: null,
    };
  }

  @Post('sources/fact-checks')
  @Roles('editor')
  @ApiBody({
    description:
      "schema.org ClaimReview JSON-LD: one object, a list, an @graph or { claimReviews: [...] } (up to 1,000). An item with the URL of one of the desk's own published verdicts is skipped and listed in `skipped`.",
    schema: FACT_CHECKS_BODY,
  })
  @ApiCreatedResponse({ type: FactChecksImportView })
  async importFactChecks(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<FactChecksImportView> {
    const items = claimReviewItems(body);
    if (!items.length || items.length > 1000) throw Problem.badRequest('Send 1 to 1,000 ClaimReview objects');
    const values: FactCheckInput[] = [];
    const errors: FieldError[] = [];
    const indexOf = new Map<string, number>();
    items.forEach((item, i) => {
      const r = parseClaimReview(item, i);
      if (r.errors) return void errors.push(...r.errors);
      const first = indexOf.get(r.value!.url);
      // One upsert cannot write a row twice; which of the two was meant is the sender's call.
      if (first !== undefined)
        return void errors.push({ path: `[${i}].url`, message: `the same url as [${first}] in this request` });
      indexOf.set(r.value!.url, i);
      values.push(r.value!);
    });
    if (errors.length) throw Problem.badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    const { created, updated, skippedUrls } = await this.factChecks.upsert(p.organizationId, values);
    const skipped = skippedUrls.map((url) => ({
      index: indexOf.get(url)!,
      url,
      reason: "the desk's own published verdict has this url; imports never overwrite it",
    }));
    return { created, updated, skipped: skipped.sort((a, b) => a.index - b.index) };
  }

  @Get('providers')
  @Roles('editor')
  @ApiOkResponse({ type: ProvidersView })
  async listProviders(@CurrentPrincipal() p: Principal): Promise<{ data: ProviderView[] }> {
    const health = new Map((await this.runs.recentOutcomes(p.organizationId)).map((h) => [h.provider, h]));
    return {
      data: this.providers.map((pr) => {
        const h = health.get(pr.name);
        return {
          name: pr.name,
          enabled: pr.enabled(),
          timeoutMs: this.runner.timeoutFor(pr.name),
          ...pr.describe(),
          recent: h
            ? {
                ok: h.ok,
                failed: h.failed,
                timeout: h.timeout,
                medianLatencyMs: h.medianLatencyMs,
                lastError: h.lastError,
                lastRunAt: h.lastRunAt,
              }
            : null,
        };
      }),
    };
  }
}
