import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import { IdempotencyService, StoredResponse } from '../platform/idempotency/idempotency.service';
import { FieldError, Problem } from '../platform/api/problem';
import { validateDto } from '../platform/api/validation';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { verdictView } from '../verdicts/verdict.view';
import { verdictClaimOf, VerdictsRepository } from '../verdicts/verdicts.repository';
import type { ClaimDetailView, SubmittedClaimView } from './claim-detail.view';
import { claimView, historyView, type ClaimHistoryView, type ClaimView } from './claim.view';
import { ClaimsRepository } from './claims.repository';
import { allows, ClaimLifecycle } from './lifecycle/claim-lifecycle';
import { SubmitClaimDto } from './dto/submit-claim.dto';
import type { HistoryQuery, ListClaimsQuery } from './dto/list-claims.query';
import { decodeCursor, type Page, toPage } from '../platform/api/pagination';
import { ClaimMatcher } from './matching/claim-matcher.service';
import { cleanText, detectLanguage, normalizeForMatching } from './text';

type BatchItemResult =
  { index: number; status: 202; claim: unknown } | { index: number; status: 400; errors: FieldError[] };

@Injectable()
export class ClaimsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly claims: ClaimsRepository,
    private readonly lifecycle: ClaimLifecycle,
    private readonly evidence: EvidenceRepository,
    private readonly verdicts: VerdictsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly matcher: ClaimMatcher,
  ) {}

  /** The caller's claims, newest first, filtered. */
  async list(p: Principal, q: ListClaimsQuery): Promise<Page<ClaimView>> {
    const filters = { ...q, since: q.since ? new Date(q.since) : undefined };
    const rows = await this.claims.list(p, filters, decodeCursor(q.cursor), q.limit);
    const readable = await this.claims.readableBy(
      p,
      rows.map((c) => c.duplicateOfId),
    );
    return toPage(rows, q.limit, (c) => claimView(c, readable));
  }

  /** The claim's transitions and actions, oldest first (the cursor is the last row's id). */
  async history(p: Principal, id: string, q: HistoryQuery): Promise<Page<ClaimHistoryView>> {
    if (!(await this.claims.find(p, id))) throw Problem.notFound('Claim');
    const limit = Math.min(Math.max(Number(q.limit ?? 100), 1), 200);
    const after = decodeCursor(q.cursor, ([id]) => (typeof id === 'string' && /^\d{1,19}$/.test(id) ? id : null));
    const rows = await this.claims.history(p, id, after, limit);
    const readable = await this.claims.readableBy(
      p,
      rows.slice(0, limit).map((h) => (typeof h.details?.duplicateOf === 'string' ? h.details.duplicateOf : null)),
    );
    return toPage(
      rows,
      limit,
      (h) => historyView(h, readable),
      (h) => [String(h.id)],
    );
  }

  /**
   * The claim with its evidence counts and the verdict in force: its own published verdict, or
   * while it is linked as a duplicate its canonical claim's (`verdictInForce.inherited`).
   */
  async detail(p: Principal, id: string): Promise<ClaimDetailView> {
    const claim = await this.claims.find(p, id);
    if (!claim) throw Problem.notFound('Claim');
    const [evidenceCounts, verdict, readable] = await Promise.all([
      this.evidence.countsByStance(p, id),
      this.verdicts.current(p, verdictClaimOf(claim)),
      this.claims.readableBy(p, [claim.duplicateOfId]),
    ]);
    return {
      ...claimView(claim, readable),
      evidenceCounts,
      verdict: verdict ? verdictView(verdict) : null,
      verdictInForce: verdict
        ? {
            verdictId: verdict.id,
            version: verdict.version!,
            claimId: verdict.claimId,
            inherited: verdict.claimId !== claim.id,
          }
        : null,
    };
  }

  /**
   * The claims intake matching finds near this one today, as the submission's `similar` (without
   * the claim itself and its canonical claim): the workspace shows them to the checker.
   */
  async similarTo(p: Principal, id: string): Promise<SubmittedClaimView['similar']> {
    const claim = await this.claims.find(p, id);
    if (!claim) throw Problem.notFound('Claim');
    const match = await this.ds.transaction((m) => this.matcher.match(m, p, claim.normalizedText, claim.language));
    return match.similar.filter((s) => s.id !== claim.id && s.id !== claim.duplicateOfId);
  }

  /** An editor undoes a wrong duplicate link: the claim becomes `received` and its own research starts (`claim.received`). */
  unlinkDuplicate(p: Principal, id: string, reason: string | null): Promise<ClaimView> {
    return this.ds.transaction(async (m) => {
      if (!(await this.claims.find(p, id, m))) throw Problem.notFound('Claim');
      const claim = await this.lifecycle.lock(m, p, id);
      if (!allows('duplicate_unlinked', claim.status))
        throw Problem.conflict('The claim is not a duplicate', 'not-a-duplicate');
      const duplicateOf = claim.duplicateOfId;
      const written = await this.lifecycle.transition(m, p, claim, 'duplicate_unlinked', p, {
        reason,
        details: { duplicateOf },
        patch: { duplicateOfId: null },
        event: { type: 'claim.received', data: (c) => ({ claim: claimView(c), unlinkedFrom: duplicateOf }) },
      });
      return claimView(written);
    });
  }

  /** Stores a claim, its first history row and `claim.received`, in the caller's transaction. */
  async submitIn(m: EntityManager, p: Principal, dto: SubmitClaimDto) {
    const text = cleanText(dto.text);
    if (text.length < 3)
      throw Problem.badRequest('text must contain at least 3 visible characters', [
        { path: 'text', message: 'text is empty' },
      ]);
    const normalizedText = normalizeForMatching(text);
    const language = dto.language ?? detectLanguage(text, this.config.supportedLanguages);
    // Near-duplicates in the organization: a duplicate follows its canonical claim and gets no research of its own.
    const match = await this.matcher.match(m, p, normalizedText, language);
    const status = match.duplicateOf ? 'duplicate' : 'received';
    const claim = await this.claims.insert(p, m, {
      newsroomId: p.newsroomId,
      submittedByKeyId: p.keyId,
      text,
      normalizedText,
      matchText: match.matchText,
      matchKeys: match.matchKeys,
      language,
      languageDetected: !dto.language,
      sourceUrl: dto.sourceUrl ?? null,
      appearances: dto.appearances ?? [],
      speakerName: dto.speaker?.name ?? null,
      speakerRole: dto.speaker?.role ?? null,
      claimDate: dto.claimDate ? dto.claimDate.slice(0, 10) : null,
      context: dto.context ?? null,
      priority: dto.priority ?? 'normal',
      tags: [...new Set((dto.tags ?? []).map((t) => t.trim().toLowerCase()))],
      externalId: dto.externalId ?? null,
      status,
      duplicateOfId: match.duplicateOf,
    });
    const details = match.duplicateOf ? { duplicateOf: match.duplicateOf, score: match.score } : null;
    const view = claimView(claim);
    await this.lifecycle.created(m, p, claim, p, {
      details,
      event: match.duplicateOf
        ? { type: 'claim.duplicate', data: () => ({ claim: view, duplicateOf: match.duplicateOf, score: match.score }) }
        : { type: 'claim.received', data: () => ({ claim: view }) },
    });
    // The event keeps the link for the desk (fan-out trims it per subscription); the caller sees it only when it may read the canonical claim.
    return {
      ...view,
      duplicateOf: match.shownDuplicateOf,
      similar: match.similar,
      matchedVerdict: match.matchedVerdict,
    };
  }

  submit(p: Principal, dto: SubmitClaimDto, idempotencyKey?: string): Promise<StoredResponse> {
    return this.idempotency.run(p, idempotencyKey, 'POST /v1/claims', dto, async (m) => {
      const claim = await this.submitIn(m, p, dto);
      return { status: 202, body: claim, headers: { location: `/v1/claims/${claim.id}` } };
    });
  }

  /**
   * Up to 100 claims; each item is committed in its own transaction (one connection for one item at
   * a time, never for the whole batch), each invalid one reported. With an Idempotency-Key a retry
   * replays the result, or resumes after the items already committed (IdempotencyService.runEach).
   */
  submitBatch(p: Principal, items: unknown[], idempotencyKey?: string): Promise<StoredResponse> {
    return this.idempotency.runEach(
      p,
      idempotencyKey,
      'POST /v1/claims/batch',
      items,
      items.length,
      (m, index) => this.submitItem(m, p, items[index], index),
      (results) => {
        const accepted = results.filter((r) => r.status === 202).length;
        return { status: 202, body: { accepted, rejected: results.length - accepted, results } };
      },
    );
  }

  private async submitItem(m: EntityManager, p: Principal, item: unknown, index: number): Promise<BatchItemResult> {
    const { value, errors } = await validateDto(SubmitClaimDto, item);
    if (errors) return { index, status: 400, errors };
    try {
      // A savepoint: a refused item leaves nothing behind.
      const claim = await m.transaction((sp) => this.submitIn(sp, p, value!));
      return { index, status: 202, claim };
    } catch (err) {
      if (err instanceof Problem && err.getStatus() === 400)
        return { index, status: 400, errors: err.errors ?? [{ path: '', message: err.detail }] };
      throw err;
    }
  }
}
