import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Claim } from '../claims/claim.entity';
import type { ClaimStatus } from '../claims/claim-status';
import { claimView } from '../claims/claim.view';
import { ClaimsRepository } from '../claims/claims.repository';
import { Problem } from '../common/problem';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { OrganizationSettingsRepository } from '../organizations/organization-settings.repository';
import { OutboxService } from '../outbox/outbox.service';
import { returnedRows } from '../tasks/task-leases.repository';
import type { EventType } from '../queue/queue-names';
import { buildClaimReview } from './claim-review';
import { RATING_KEYS } from './rating-scale';
import type { Verdict } from './verdict.entity';
import { verdictView } from './verdict.view';
import { VerdictsRepository } from './verdicts.repository';

export interface VerdictContent {
  rating: string;
  summary: string;
  title?: string | null;
  evidenceIds?: string[];
  sources?: string[];
}

const DISMISSABLE: ClaimStatus[] = ['received', 'researching', 'ready_for_check', 'in_check', 'in_review', 'duplicate'];

/**
 * Verdict drafts, publication, corrections, retractions and dismissals. Every state change writes
 * the claim's history and (where others react) an outbox event in the same transaction.
 */
@Injectable()
export class VerdictsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly verdicts: VerdictsRepository,
    private readonly claims: ClaimsRepository,
    private readonly outbox: OutboxService,
    private readonly orgs: OrganizationSettingsRepository,
  ) {}

  /** Locks the claim row (organization-scoped); 404 when not visible. */
  async lockClaim(m: EntityManager, organizationId: string, claimId: string): Promise<Claim> {
    const claim = await m.getRepository(Claim).createQueryBuilder('c').setLock('pessimistic_write').where('c.organization_id = :org AND c.id = :id', { org: organizationId, id: claimId }).getOne();
    if (!claim) throw Problem.notFound('Claim');
    return claim;
  }

  async setStatus(m: EntityManager, claim: Claim, to: ClaimStatus, h: { action: string; actorKeyId: string | null; reason?: string | null; details?: Record<string, unknown> }): Promise<void> {
    const from = claim.status;
    if (from !== to) {
      await m.query(`UPDATE claims SET status = $2, updated_at = now() WHERE id = $1`, [claim.id, to]);
      claim.status = to;
    }
    await this.claims.addHistory(m, { organizationId: claim.organizationId, claimId: claim.id, action: h.action, fromStatus: from, toStatus: to, actorKeyId: h.actorKeyId, reason: h.reason ?? null, details: h.details ?? null });
  }

  /** Checks rating, and that every evidence id belongs to the claim; 400 otherwise. */
  async validateContent(m: EntityManager, claim: Claim, c: VerdictContent): Promise<void> {
    if (!RATING_KEYS.includes(c.rating as never)) throw Problem.badRequest(`rating must be one of ${RATING_KEYS.join(', ')}`, [{ path: 'rating', message: `rating must be one of ${RATING_KEYS.join(', ')}` }]);
    const ids = [...new Set(c.evidenceIds ?? [])];
    const found = await this.verdicts.evidenceOfClaim(m, claim.organizationId, claim.id, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw Problem.badRequest('evidenceIds must be evidence of this claim', missing.map((id) => ({ path: 'evidenceIds', message: `${id} is not evidence of this claim` })));
  }

  /** Publishes an approved draft: version n, ClaimReview fixed, claim `published`, `verdict.published`. */
  async publish(m: EntityManager, p: Principal, claim: Claim, draft: Verdict, note: string | null): Promise<Verdict> {
    const version = await this.verdicts.nextVersion(m, claim.id);
    const now = new Date();
    draft.status = 'published';
    draft.version = version;
    draft.reviewerKeyId = p.keyId;
    draft.reviewNote = note;
    draft.publishedAt = now;
    draft.claimReview = await this.claimReview(m, claim, draft);
    await this.verdicts.update(m, draft.id, { status: 'published', version, reviewerKeyId: p.keyId, reviewNote: note, publishedAt: now, claimReview: draft.claimReview });
    await this.setStatus(m, claim, 'published', { action: 'verdict_published', actorKeyId: p.keyId, reason: note, details: { verdictId: draft.id, version, rating: draft.rating, authorKeyId: draft.authorKeyId } });
    await this.emit(m, 'verdict.published', claim, draft);
    return draft;
  }

  /**
   * Edits a draft in place: only its author, only while its review task is still open (nobody
   * reviews it yet). Anything else is 409: published verdicts change only through corrections.
   */
  async editDraft(p: Principal, verdictId: string, c: Partial<VerdictContent>): Promise<Verdict> {
    return this.ds.transaction(async (m) => {
      const found = await this.verdicts.find(p, verdictId, m);
      if (!found) throw Problem.notFound('Verdict');
      const claim = await this.lockClaim(m, p.organizationId, found.claimId);
      const v = (await this.verdicts.find(p, verdictId, m, true))!;
      if (v.status !== 'draft') throw Problem.conflict(`A ${v.status} verdict cannot be edited${v.status === 'published' ? '; publish a correction instead (POST /v1/claims/{id}/corrections)' : ''}`, 'verdict-immutable');
      if (v.authorKeyId !== p.keyId) throw Problem.forbidden('Only the author edits a draft');
      const [review] = await m.query(`SELECT status FROM tasks WHERE verdict_id = $1 AND kind = 'review' AND status IN ('open', 'claimed')`, [v.id]);
      if (review?.status !== 'open') throw Problem.conflict('The draft is under review', 'verdict-immutable');
      const next = { rating: c.rating ?? v.rating, summary: c.summary ?? v.summary, title: c.title ?? v.title, evidenceIds: c.evidenceIds ?? v.evidenceIds, sources: c.sources ?? v.sources };
      await this.validateContent(m, claim, next);
      next.evidenceIds = [...new Set(next.evidenceIds)];
      await this.verdicts.update(m, v.id, next);
      await this.claims.addHistory(m, { organizationId: claim.organizationId, claimId: claim.id, action: 'verdict_edited', fromStatus: claim.status, toStatus: claim.status, actorKeyId: p.keyId, details: { verdictId: v.id, fields: Object.keys(c) } });
      return Object.assign(v, next);
    });
  }

  async correct(p: Principal, claimId: string, c: VerdictContent & { reason: string }): Promise<Verdict> {
    return this.ds.transaction(async (m) => {
      const claim = await this.lockClaim(m, p.organizationId, claimId);
      const current = await this.verdicts.current(claim.organizationId, claim.id, m, true);
      if (!current) throw Problem.conflict('The claim has no published verdict to correct', 'invalid-transition');
      await this.validateContent(m, claim, c);
      const now = new Date();
      await this.verdicts.update(m, current.id, { status: 'superseded', supersededAt: now });
      const draft = {
        id: randomUUID(), organizationId: claim.organizationId, claimId: claim.id, status: 'published' as const, version: await this.verdicts.nextVersion(m, claim.id), rating: c.rating, summary: c.summary,
        title: c.title ?? null, evidenceIds: [...new Set(c.evidenceIds ?? [])], sources: c.sources ?? [], authorKeyId: p.keyId, reviewerKeyId: p.keyId,
        previousVersionId: current.id, reason: c.reason, publishedAt: now,
      };
      const next = await this.verdicts.save(m, { ...draft, claimReview: await this.claimReview(m, claim, draft as Verdict) });
      await this.setStatus(m, claim, 'published', { action: 'verdict_corrected', actorKeyId: p.keyId, reason: c.reason, details: { verdictId: next.id, version: next.version, previousVersionId: current.id, rating: next.rating } });
      await this.emit(m, 'verdict.corrected', claim, next, { previous: { id: current.id, version: current.version, rating: current.rating }, reason: c.reason });
      return next;
    });
  }

  async retract(p: Principal, verdictId: string, reason: string): Promise<Verdict> {
    return this.ds.transaction(async (m) => {
      const found = await this.verdicts.find(p, verdictId, m);
      if (!found) throw Problem.notFound('Verdict');
      const claim = await this.lockClaim(m, p.organizationId, found.claimId);
      const v = (await this.verdicts.find(p, verdictId, m, true))!;
      if (v.status !== 'published') throw Problem.conflict(`Only the published verdict can be retracted (this one is ${v.status})`, 'invalid-transition');
      const now = new Date();
      await this.verdicts.update(m, v.id, { status: 'retracted', retractedAt: now, reason });
      v.status = 'retracted';
      v.retractedAt = now;
      v.reason = reason;
      await this.setStatus(m, claim, claim.status, { action: 'verdict_retracted', actorKeyId: p.keyId, reason, details: { verdictId: v.id, version: v.version } });
      await this.emit(m, 'verdict.retracted', claim, v, { reason });
      return v;
    });
  }

  async dismiss(p: Principal, claimId: string, reason: string): Promise<Claim> {
    return this.ds.transaction(async (m) => {
      const claim = await this.lockClaim(m, p.organizationId, claimId);
      if (!DISMISSABLE.includes(claim.status)) throw Problem.conflict(`A ${claim.status} claim cannot be dismissed`, 'invalid-transition');
      const cancelled = returnedRows<{ id: string }>(await m.query(
        `UPDATE tasks SET status = 'cancelled', lease_token = NULL, lease_expires_at = NULL, completed_at = now() WHERE claim_id = $1 AND status IN ('open', 'claimed') RETURNING id`,
        [claim.id],
      ));
      await this.setStatus(m, claim, 'dismissed', { action: 'dismissed', actorKeyId: p.keyId, reason, details: { cancelledTasks: cancelled.map((r) => r.id) } });
      const fresh = await m.getRepository(Claim).findOneByOrFail({ id: claim.id });
      await this.outbox.record(m, { organizationId: claim.organizationId, type: 'claim.dismissed', claimId: claim.id, data: { claim: claimView(fresh), reason } });
      return fresh;
    });
  }

  private async claimReview(m: EntityManager, claim: Claim, v: Verdict): Promise<Record<string, unknown>> {
    const org = await this.orgs.get(claim.organizationId, m);
    const first = (await this.verdicts.firstPublishedAt(m, claim.id)) ?? v.publishedAt!;
    const base = this.config.publicBaseUrl ?? `http://localhost:${this.config.port}`;
    return buildClaimReview({
      claim,
      verdict: { id: v.id, version: v.version!, rating: v.rating, title: v.title, summary: v.summary, publishedAt: v.publishedAt!, firstPublishedAt: first < v.publishedAt! ? first : v.publishedAt! },
      organization: { name: org.name, url: org.url, publicUrlTemplate: org.publicUrlTemplate, ratingLabels: org.ratingLabels },
      defaultUrlTemplate: `${base.replace(/\/$/, '')}/v1/claims/{claimId}/claim-review`,
    });
  }

  private async emit(m: EntityManager, type: EventType, claim: Claim, v: Verdict, extra: Record<string, unknown> = {}) {
    const fresh = await m.getRepository(Claim).findOneByOrFail({ id: claim.id });
    await this.outbox.record(m, { organizationId: claim.organizationId, type, claimId: claim.id, data: { claim: claimView(fresh), verdict: verdictView(v), claimReview: v.claimReview, ...extra } });
  }
}
