import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../platform/tenancy/principal';
import { IdempotencyService, StoredResponse } from '../platform/idempotency/idempotency.service';
import { ClaimsService } from '../claims/claims.service';
import { cleanText, detectLanguage } from '../claims/text';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { RateLimits } from '../platform/rate-limit/rate-limits';
import { scoreCheckWorthiness } from './checkworthiness';
import { CHECKWORTHINESS_THRESHOLD } from './checkworthiness.eval';
import { ExtractDto } from './dto/extract.dto';
import { splitSentences } from './sentence-splitter';
import { findSpeaker } from './speaker';

/** At most this many candidates are submitted from one article (like POST /v1/claims/batch). */
export const MAX_SUBMITTED = 100;

/**
 * Response budgets, in bytes of JSON: sentences and (not submitted) candidates are listed in document
 * order until their budget is spent, so an analysis answers at most ~0.9 MB whatever the article
 * (a 200,000-character article of very short sentences otherwise answered 11 MB). A typical article
 * of that length fits whole. `sentenceCount` / `candidateCount` and the `…Truncated` flags say what
 * was left out; submitted candidates are always listed.
 */
export const SENTENCES_BUDGET_BYTES = 640 * 1024;
export const CANDIDATES_BUDGET_BYTES = 256 * 1024;

/** The longest prefix of `items` whose JSON fits in `budget` bytes. */
function within<T>(items: T[], budget: number): { items: T[]; truncated: boolean } {
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    used += Buffer.byteLength(JSON.stringify(items[i])) + 1;
    if (used > budget) return { items: items.slice(0, i), truncated: true };
  }
  return { items, truncated: false };
}

@Injectable()
export class ExtractionService {
  constructor(
    private readonly claims: ClaimsService,
    private readonly idempotency: IdempotencyService,
    private readonly limits: RateLimits,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'supportedLanguages'>,
  ) {}

  /** Sentences with offsets, check-worthiness scores and features; candidates at or above minScore. */
  analyse(dto: ExtractDto) {
    const minScore = dto.minScore ?? CHECKWORTHINESS_THRESHOLD;
    const language =
      dto.language ??
      detectLanguage(dto.text.length > 20000 ? dto.text.slice(0, 20000) : dto.text, this.config.supportedLanguages);
    const sentences = splitSentences(dto.text).map((s, index) => {
      const { score, features } = scoreCheckWorthiness(s.text);
      return {
        index,
        text: s.text,
        start: s.start,
        end: s.end,
        score,
        checkWorthy: score >= minScore,
        features,
        speaker: score >= minScore ? findSpeaker(s.text) : null,
      };
    });
    const candidates = sentences
      .filter((s) => s.checkWorthy)
      .map((s) => ({ sentenceIndex: s.index, text: cleanText(s.text), score: s.score, speaker: s.speaker }));
    return {
      language,
      languageDetected: !dto.language,
      title: dto.title ?? null,
      url: dto.url ?? null,
      minScore,
      sentences,
      candidates,
    };
  }

  /** The analysis as answered: sentences and candidates within their budgets (submitted candidates first, always whole). */
  private response<C>(analysis: ReturnType<ExtractionService['analyse']>, submitted: C[], rest: unknown[]) {
    const sentences = within(analysis.sentences, SENTENCES_BUDGET_BYTES);
    const others = within(rest, CANDIDATES_BUDGET_BYTES);
    return {
      ...analysis,
      sentences: sentences.items,
      sentenceCount: analysis.sentences.length,
      sentencesTruncated: sentences.truncated,
      candidates: [...submitted, ...others.items],
      candidateCount: analysis.candidates.length,
      candidatesTruncated: others.truncated,
    };
  }

  /**
   * POST /v1/extractions: analysis only (200), or analysis and submission of the candidates (202).
   * Intake budgets: one point for an analysis; a submission one per claim it would create (at least
   * one), spent before anything is stored, so a submission larger than the budget left is refused
   * whole with 429, as a batch is.
   */
  async extract(
    p: Principal,
    dto: ExtractDto,
    idempotencyKey?: string,
    reply?: FastifyReply,
  ): Promise<StoredResponse & { replayed?: boolean }> {
    const result = this.analyse(dto);
    if (!dto.submit) {
      await this.limits.spendIntake(p, 1, reply);
      return { status: 200, body: this.response(result, [], result.candidates) };
    }
    const toSubmit = result.candidates.slice(0, MAX_SUBMITTED).filter((c) => c.text.length >= 3);
    await this.limits.spendIntake(p, Math.max(toSubmit.length, 1), reply);
    const language = result.language === 'und' ? undefined : result.language;
    // Each claim committed on its own, like a batch (IdempotencyService.runEach).
    return this.idempotency.runEach(
      p,
      idempotencyKey,
      'POST /v1/extractions',
      dto,
      toSubmit.length,
      async (m, i) => ({
        ...toSubmit[i],
        claim: await this.claims.submitIn(m, p, {
          text: toSubmit[i].text.slice(0, 2000),
          language,
          sourceUrl: dto.url,
          appearances: dto.url ? [dto.url] : [],
          speaker: toSubmit[i].speaker ?? undefined,
          context: dto.title,
        }),
      }),
      (submitted) => ({
        status: 202,
        body: {
          ...this.response(
            result,
            submitted,
            result.candidates.slice(MAX_SUBMITTED).map((c) => ({ ...c, claim: null })),
          ),
          submitted: submitted.length,
        },
      }),
    );
  }
}
