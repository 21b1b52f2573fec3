import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import type { Claim } from '../claims/claim.entity';
import { claimView } from '../claims/claim.view';
import { ClaimLifecycle } from '../claims/lifecycle/claim-lifecycle';
import { Problem } from '../platform/api/problem';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { OrganizationSettingsRepository } from '../organizations/organization-settings.repository';
import type { EventType } from '../platform/queue/queue-names';
import { TasksRepository } from '../tasks/tasks.repository';
import { buildClaimReview, defaultUrlTemplate, publicBaseUrlWarning } from './claim-review';
import { RATING_KEYS } from '../organizations/rating-scale';
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

/**
 * Verdict drafts, publication, corrections, retractions and dismissals. The claim's side of each
 * (status, history, outbox event) goes through ClaimLifecycle, in the same transaction.
 */
@Injectable()
export class VerdictsService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly verdicts: VerdictsRepository,
    private readonly lifecycle: ClaimLifecycle,
    private readonly evidence: EvidenceRepository,
    private readonly tasks: TasksRepository,
    private readonly orgs: OrganizationSettingsRepository,
  ) {}

  onModuleInit() {
    const warning = publicBaseUrlWarning(this.config);
    if (warning) new Logger('Verdicts').warn(warning);
  }

  /** Checks rating, and that every evidence id belongs to the claim; 400 otherwise. */
  async validateContent(m: EntityManager, claim: Claim, c: VerdictContent): Promise<void> {
    if (!RATING_KEYS.includes(c.rating as never))
      throw Problem.badRequest(`rating must be one of ${RATING_KEYS.join(', ')}`, [
        { path: 'rating', message: `rating must be one of ${RATING_KEYS.join(', ')}` },
      ]);
    const ids = [...new Set(c.evidenceIds ?? [])];
    const found = await this.evidence.idsOfClaim(claim, m, claim.id, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length)
      throw Problem.badRequest(
        'evidenceIds must be evidence of this claim',
        missing.map((id) => ({ path: 'evidenceIds', message: `${id} is not evidence of this claim` })),
      );
  }

  /** Publishes an approved draft: version n, ClaimReview fixed, claim `published`, `verdict.published`. */
  async publish(m: EntityManager, p: Principal, claim: Claim, draft: Verdict, note: string | null): Promise<Verdict> {
    this.lifecycle.assertAllowed(claim, 'verdict_published');
    const version = await this.verdicts.nextVersion(p, m, claim.id);
    const now = new Date();
    draft.status = 'published';
    draft.version = version;
    draft.reviewerKeyId = p.keyId;
    draft.reviewNote = note;
    draft.publishedAt = now;
    draft.claimReview = await this.claimReview(m, claim, draft);
    await this.verdicts.update(p, m, draft.id, {
      status: 'published',
      version,
      reviewerKeyId: p.keyId,
      reviewNote: note,
      publishedAt: now,
      claimReview: draft.claimReview,
    });
    await this.lifecycle.transition(m, p, claim, 'verdict_published', p, {
      reason: note,
      details: { verdictId: draft.id, version, rating: draft.rating, authorKeyId: draft.authorKeyId },
      event: verdictEvent('verdict.published', draft),
    });
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
      const claim = await this.lifecycle.lock(m, p, found.claimId);
      const v = (await this.verdicts.find(p, verdictId, m, true))!;
      if (v.status !== 'draft')
        throw Problem.conflict(
          `A ${v.status} verdict cannot be edited${v.status === 'published' ? '; publish a correction instead (POST /v1/claims/{id}/corrections)' : ''}`,
          'verdict-immutable',
        );
      if (v.authorKeyId !== p.keyId) throw Problem.forbidden('Only the author edits a draft');
      if ((await this.tasks.activeReviewStatus(p, m, v.id)) !== 'open')
        throw Problem.conflict('The draft is under review', 'verdict-immutable');
      const next = {
        rating: c.rating ?? v.rating,
        summary: c.summary ?? v.summary,
        title: c.title ?? v.title,
        evidenceIds: c.evidenceIds ?? v.evidenceIds,
        sources: c.sources ?? v.sources,
      };
      await this.validateContent(m, claim, next);
      next.evidenceIds = [...new Set(next.evidenceIds)];
      await this.verdicts.update(p, m, v.id, next);
      await this.lifecycle.transition(m, p, claim, 'verdict_edited', p, {
        details: { verdictId: v.id, fields: Object.keys(c) },
      });
      return Object.assign(v, next);
    });
  }

  async correct(p: Principal, claimId: string, c: VerdictContent & { reason: string }): Promise<Verdict> {
    return this.ds.transaction(async (m) => {
      const claim = await this.lifecycle.lock(m, p, claimId);
      const current = await this.verdicts.current(p, claim.id, m, true);
      if (!current) throw Problem.conflict('The claim has no published verdict to correct', 'invalid-transition');
      this.lifecycle.assertAllowed(claim, 'verdict_corrected');
      await this.validateContent(m, claim, c);
      const now = new Date();
      await this.verdicts.update(p, m, current.id, { status: 'superseded', supersededAt: now });
      const draft = {
        id: randomUUID(),
        organizationId: claim.organizationId,
        claimId: claim.id,
        status: 'published' as const,
        version: await this.verdicts.nextVersion(p, m, claim.id),
        rating: c.rating,
        summary: c.summary,
        title: c.title ?? null,
        evidenceIds: [...new Set(c.evidenceIds ?? [])],
        sources: c.sources ?? [],
        authorKeyId: p.keyId,
        reviewerKeyId: p.keyId,
        previousVersionId: current.id,
        reason: c.reason,
        publishedAt: now,
      };
      const next = await this.verdicts.save(p, m, {
        ...draft,
        claimReview: await this.claimReview(m, claim, draft as Verdict),
      });
      await this.lifecycle.transition(m, p, claim, 'verdict_corrected', p, {
        reason: c.reason,
        details: { verdictId: next.id, version: next.version, previousVersionId: current.id, rating: next.rating },
        event: verdictEvent('verdict.corrected', next, {
          previous: { id: current.id, version: current.version, rating: current.rating },
          reason: c.reason,
        }),
      });
      return next;
    });
  }

  async retract(p: Principal, verdictId: string, reason: string): Promise<Verdict> {
    return this.ds.transaction(async (m) => {
      const found = await this.verdicts.find(p, verdictId, m);
      if (!found) throw Problem.notFound('Verdict');
      const claim = await this.lifecycle.lock(m, p, found.claimId);
      const v = (await this.verdicts.find(p, verdictId, m, true))!;
      if (v.status !== 'published')
        throw Problem.conflict(
          `Only the published verdict can be retracted (this one is ${v.status})`,
          'invalid-transition',
        );
      this.lifecycle.assertAllowed(claim, 'verdict_retracted');
      const now = new Date();
      await this.verdicts.update(p, m, v.id, { status: 'retracted', retractedAt: now, reason });
      v.status = 'retracted';
      v.retractedAt = now;
      v.reason = reason;
      // The claim is checked again: a check task that names the retracted version and why.
      const check = await this.tasks.openCheckTask(p, m, claim, { verdictId: v.id, note: reason });
      await this.lifecycle.transition(m, p, claim, 'verdict_retracted', p, {
        reason,
        details: { verdictId: v.id, version: v.version, checkTaskId: check.id },
        event: verdictEvent('verdict.retracted', v, { reason }),
      });
      return v;
    });
  }

  async dismiss(p: Principal, claimId: string, reason: string): Promise<Claim> {
    return this.ds.transaction(async (m) => {
      const claim = await this.lifecycle.lock(m, p, claimId);
      this.lifecycle.assertAllowed(claim, 'dismissed');
      const cancelled = await this.tasks.cancelActive(p, m, claim.id);
      return this.lifecycle.transition(m, p, claim, 'dismissed', p, {
        reason,
        details: { cancelledTasks: cancelled },
        event: { type: 'claim.dismissed', data: (c) => ({ claim: claimView(c), reason }) },
      });
    });
  }

  private async claimReview(m: EntityManager, claim: Claim, v: Verdict): Promise<Record<string, unknown>> {
    const org = await this.orgs.get(claim.organizationId, m);
    const first = (await this.verdicts.firstPublishedAt(claim, m, claim.id)) ?? v.publishedAt!;
    return buildClaimReview({
      claim,
      verdict: {
        id: v.id,
        version: v.version!,
        rating: v.rating,
        title: v.title,
        summary: v.summary,
        publishedAt: v.publishedAt!,
        firstPublishedAt: first < v.publishedAt! ? first : v.publishedAt!,
      },
      organization: {
        name: org.name,
        url: org.url,
        publicUrlTemplate: org.publicUrlTemplate,
        ratingLabels: org.ratingLabels,
      },
      defaultUrlTemplate: defaultUrlTemplate(this.config),
    });
  }
}

/** A verdict event: `data = { claim, verdict, claimReview, …extra }`, the claim as the transition wrote it. */
function verdictEvent(type: EventType, v: Verdict, extra: Record<string, unknown> = {}) {
  return {
    type,
    data: (claim: Claim) => ({
      claim: claimView(claim),
      verdict: verdictView(v),
      claimReview: v.claimReview,
      ...extra,
    }),
  };
}
