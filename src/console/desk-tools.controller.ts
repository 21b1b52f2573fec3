import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClaimsService } from '../claims/claims.service';
import { IngestDocumentsDto } from '../evidence/dto/ingest-documents.dto';
import { ArchiveRepository } from '../evidence/providers/archive/archive.repository';
import { ExtractDto } from '../extraction/dto/extract.dto';
import { ExtractionService } from '../extraction/extraction.service';
import type { FieldError } from '../platform/api/problem';
import { validateDto } from '../platform/api/validation';
import { RateLimits } from '../platform/rate-limit/rate-limits';
import { Roles } from '../platform/tenancy/principal';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { consoleLanguage, type ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views';

type Req = Parameters<typeof consoleLanguage>[0] & ConsoleRequest;
type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

interface Extraction {
  sentences: { index: number; text: string; score: number; checkWorthy: boolean }[];
  candidates: { sentenceIndex: number; text: string; score: number }[];
}

/**
 * The article screen (ExtractionService, `POST /v1/extractions`; the picked candidates through
 * ClaimsService.submitBatch, `POST /v1/claims/batch`) and the archive (ArchiveRepository, as
 * `GET/POST /v1/sources/documents`, with the same DTO validation). Editors, as in the API.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorsFilter)
@Roles('editor')
@Controller('console')
export class DeskToolsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly extraction: ExtractionService,
    private readonly claims: ClaimsService,
    private readonly archive: ArchiveRepository,
    private readonly limits: RateLimits,
  ) {}

  @Get('article')
  article(@Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.page(reply, req, 'article', { input: {}, result: null, errors: [], submitted: null });
  }

  @Post('article')
  @HttpCode(200)
  async analyse(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = {
      text: one(form?.text) ?? '',
      language: opt(one(form?.language)),
      url: opt(one(form?.url)),
      title: opt(one(form?.title)),
    };
    const { value, errors } = await validateDto(ExtractDto, input);
    if (errors) return this.page(reply.status(400), req, 'article', { input, result: null, errors, submitted: null });
    const res = await this.extraction.extract(req.principal!, value!, undefined, reply);
    return this.page(reply, req, 'article', { input, result: res.body as Extraction, errors: [], submitted: null });
  }

  @Post('article/claims')
  @HttpCode(200)
  async submitPicked(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const items = many(form?.claims)
      .slice(0, 100)
      .map((text) => ({ text, language: opt(one(form?.language)), sourceUrl: opt(one(form?.url)) }));
    // The intake budget the API's @IntakeRateLimit spends on POST /v1/claims/batch: one point per claim.
    await this.limits.spendIntake(req.principal!, Math.max(items.length, 1), reply);
    const res = await this.claims.submitBatch(req.principal!, items);
    const body = res.body as {
      results: { index: number; status: number; claim?: { id: string }; errors?: FieldError[] }[];
    };
    const submitted = body.results.map((r) => ({
      text: items[r.index].text,
      id: r.claim?.id ?? null,
      errors: r.errors ?? [],
    }));
    return this.page(reply, req, 'article', { input: {}, result: null, errors: [], submitted });
  }

  @Get('archive')
  async archivePage(
    @Req() req: Req,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const language = q.language === 'fr' || q.language === 'en' ? q.language : consoleLanguage(req);
    return this.archiveView(req, reply, { q: typeof q.q === 'string' ? q.q.slice(0, 500) : '', language });
  }

  @Post('archive/documents')
  @HttpCode(200)
  async addDocument(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const doc = {
      url: one(form?.url),
      title: one(form?.title),
      body: one(form?.body),
      language: one(form?.language),
      publisher: opt(one(form?.publisher)),
      publishedAt: opt(one(form?.publishedAt)),
    };
    const { value, errors } = await validateDto(IngestDocumentsDto, { documents: [doc] });
    if (errors)
      return this.archiveView(req, reply.status(400), {
        errors: errors.map((e) => ({ path: e.path.replace(/^documents\[0\]\.?/, ''), message: e.message })),
        doc,
      });
    const counts = await this.archive.upsert(req.principal!.organizationId, value!.documents);
    return this.archiveView(req, reply, { counts });
  }

  /** JSONL pasted in the page: one document per line; errors name the line. */
  @Post('archive/jsonl')
  @HttpCode(200)
  async addJsonl(@Req() req: Req, @Body() form: Form, @Res({ passthrough: true }) reply: FastifyReply) {
    const lines = (one(form?.jsonl) ?? '').split(/\r?\n/).map((l, i) => ({ l: l.trim(), n: i + 1 }));
    const docs: unknown[] = [];
    const numbers: number[] = [];
    const lineErrors: string[] = [];
    for (const { l, n } of lines.filter((x) => x.l)) {
      try {
        docs.push(JSON.parse(l));
        numbers.push(n);
      } catch {
        lineErrors.push(`${n}: not JSON`);
      }
    }
    if (!docs.length && !lineErrors.length) lineErrors.push('1: no document');
    const { value, errors } = lineErrors.length
      ? { value: null, errors: [] }
      : await validateDto(IngestDocumentsDto, { documents: docs });
    for (const e of errors ?? []) {
      const m = /^documents\[(\d+)\]\.?(.*)$/.exec(e.path);
      lineErrors.push(m ? `${numbers[Number(m[1])]}: ${m[2] || 'document'} — ${e.message}` : e.message);
    }
    const urls = new Map<string, number>();
    for (const [i, d] of (value?.documents ?? []).entries()) {
      if (urls.has(d.url)) lineErrors.push(`${numbers[i]}: url — the same url as line ${urls.get(d.url)}`);
      urls.set(d.url, numbers[i]);
    }
    if (lineErrors.length)
      return this.archiveView(req, reply.status(400), { lineErrors, jsonl: one(form?.jsonl) ?? '' });
    const counts = await this.archive.upsert(req.principal!.organizationId, value!.documents);
    return this.archiveView(req, reply, { counts });
  }

  private async archiveView(
    req: Req,
    reply: FastifyReply,
    data: {
      q?: string;
      language?: string;
      errors?: FieldError[];
      doc?: Record<string, unknown>;
      counts?: unknown;
      lineErrors?: string[];
      jsonl?: string;
    },
  ) {
    const org = req.principal!.organizationId;
    const q = data.q ?? '';
    // Searched in one language: the documents' search vectors are stemmed with their language's dictionary.
    const language = data.language ?? consoleLanguage(req);
    const rows = q ? await this.archive.search(org, q, language, 50) : await this.archive.recent(org, undefined, 20);
    return this.page(reply, req, 'archive', {
      q,
      language,
      rows,
      errors: [],
      doc: {},
      counts: null,
      lineErrors: [],
      jsonl: '',
      ...data,
    });
  }

  private page(reply: FastifyReply, req: Req, view: string, data: Record<string, unknown>) {
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, req.url);
    reply.type('text/html; charset=utf-8');
    return this.views.render(view, ctx, data);
  }
}
