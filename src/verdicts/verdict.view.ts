import type { Verdict } from './verdict.entity';

/** The public JSON shape of a verdict version. */
export function verdictView(v: Verdict) {
  return {
    id: v.id,
    claimId: v.claimId,
    status: v.status,
    version: v.version,
    rating: v.rating,
    title: v.title,
    summary: v.summary,
    evidenceIds: v.evidenceIds,
    sources: v.sources,
    authorKeyId: v.authorKeyId,
    reviewerKeyId: v.reviewerKeyId,
    reviewNote: v.reviewNote,
    previousVersionId: v.previousVersionId,
    reason: v.reason,
    createdAt: v.createdAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
    supersededAt: v.supersededAt?.toISOString() ?? null,
    retractedAt: v.retractedAt?.toISOString() ?? null,
  };
}
