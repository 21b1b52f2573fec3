import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../platform/tenancy/principal';
import { FieldError, Problem } from '../platform/api/problem';
import type { Page } from '../platform/api/pagination';
import { claimReviewItems, parseClaimReview } from '../evidence/claim-review.parser';
import { IngestDocumentsDto } from '../evidence/dto/ingest-documents.dto';
import { SearchDocumentsQuery } from '../evidence/dto/search-documents.query';
import { ArchiveRepository } from '../evidence/providers/archive/archive.repository';
import { EVIDENCE_PROVIDERS, EvidenceProvider } from '../evidence/providers/evidence-provider';
import { FactChecksRepository, FactCheckInput } from '../evidence/providers/fact-checks/fact-checks.repository';
import { ProviderRunner } from '../evidence/providers/provider-runner';
import { DocumentHitView, FactChecksImportView, ProviderView, UpsertCountsView } from '../evidence/sources.view';
import { ResearchRunsRepository } from './research-runs.repository';

/** The desk's own sources: the document archive, imported fact-checks, and the providers' recent health. */
@Injectable()
export class SourcesService {
  constructor(
    private readonly archive: ArchiveRepository,
    private readonly factChecks: FactChecksRepository,
    private readonly runs: ResearchRunsRepository,
    private readonly runner: ProviderRunner,
    @Inject(EVIDENCE_PROVIDERS) private readonly providers: EvidenceProvider[],
  ) {}

  /** Documents are upserted by url; a url twice in one request is refused, naming both. */
  async ingest(p: Principal, body: IngestDocumentsDto): Promise<UpsertCountsView> {
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

  async search(p: Principal, q: SearchDocumentsQuery): Promise<Page<DocumentHitView>> {
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

  /** ClaimReview JSON-LD; an item with the url of one of the desk's own published verdicts is skipped and listed. */
  async importFactChecks(p: Principal, body: unknown): Promise<FactChecksImportView> {
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

  async providersOf(p: Principal): Promise<{ data: ProviderView[] }> {
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
