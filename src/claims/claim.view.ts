import type { ClaimHistory } from './claim-history.entity';
import type { Claim } from './claim.entity';

/** The public JSON shape of a claim. */
export function claimView(c: Claim) {
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
    duplicateOf: c.duplicateOfId,
    assessment: c.assessment,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type ClaimView = ReturnType<typeof claimView>;

export function historyView(h: ClaimHistory) {
  return {
    id: h.id,
    action: h.action,
    fromStatus: h.fromStatus,
    toStatus: h.toStatus,
    actorKeyId: h.actorKeyId,
    reason: h.reason,
    details: h.details,
    at: h.createdAt.toISOString(),
  };
}
