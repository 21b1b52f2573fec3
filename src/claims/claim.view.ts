import type { ClaimHistory } from './claim-history.entity';
import type { Claim } from './claim.entity';

/**
 * The JSON shape of a claim. `readable`, when given, holds the claims the caller may be shown
 * (ClaimsRepository.readableBy): a canonical claim outside it is not named (`duplicateOf` null),
 * though the link stays in the data.
 */
export function claimView(c: Claim, readable?: ReadonlySet<string>) {
  return {
    id: c.id,
    status: c.status,
    text: c.text,
    language: c.language,
    languageDetected: c.languageDetected,
    sourceUrl: c.sourceUrl,
    appearances: c.appearances,
    speaker: c.speakerName ? { name: c.speakerName, role: c.speakerRole } : null,
    claimDate: c.claimDate,
    context: c.context,
    priority: c.priority,
    tags: c.tags,
    externalId: c.externalId,
    newsroomId: c.newsroomId,
    duplicateOf: c.duplicateOfId && (!readable || readable.has(c.duplicateOfId)) ? c.duplicateOfId : null,
    assessment: c.assessment,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type ClaimView = ReturnType<typeof claimView>;

/** The fields of another newsroom's claim that its published verdict makes public: what its ClaimReview shows, plus id and status. */
const PUBLIC_CLAIM_FIELDS: readonly (keyof ClaimView)[] = ['id', 'status', 'text', 'language', 'sourceUrl', 'appearances', 'speaker', 'claimDate'];

/**
 * A claim as a newsroom that did not submit it may read it once a verdict on it is public: no
 * `context`, `externalId`, `tags`, `priority`, `assessment`, `newsroomId` or link to other claims.
 */
export function publicClaimView(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(PUBLIC_CLAIM_FIELDS.filter((k) => k in v).map((k) => [k, v[k]]));
}

/** A history row; `readable` as for claimView: the score and id of a canonical claim outside it are left out. */
export function historyView(h: ClaimHistory, readable?: ReadonlySet<string>) {
  const linked = typeof h.details?.duplicateOf === 'string' ? h.details.duplicateOf : null;
  const details = linked && readable && !readable.has(linked) ? withoutKeys(h.details!, ['duplicateOf', 'score']) : h.details;
  return {
    id: h.id,
    action: h.action,
    fromStatus: h.fromStatus,
    toStatus: h.toStatus,
    actorKeyId: h.actorKeyId,
    reason: h.reason,
    details,
    at: h.createdAt.toISOString(),
  };
}

function withoutKeys(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}
