import { publicClaimView } from '../claims/claim.view';

/**
 * What a newsroom's subscription may read of an event, the same rule as REST: the claims its
 * newsroom submitted in full; another newsroom's claim only through its public verdict (the
 * claim's public fields, the verdict, the ClaimReview); no id or score of a claim it could not
 * read (ClaimsRepository.readableBy). Desk-level subscriptions get the event as recorded.
 */

type EventData = Record<string, unknown>;
type ClaimData = Record<string, unknown> & { duplicateOf?: unknown };

const claimOf = (data: EventData): ClaimData | null =>
  data.claim && typeof data.claim === 'object' ? (data.claim as ClaimData) : null;
const asId = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The other claims an event names: the canonical claim of a duplicate (`duplicateOf`), the one a claim was unlinked from. */
export function linkedClaimIds(data: EventData): string[] {
  const ids = [asId(data.duplicateOf), asId(data.unlinkedFrom), asId(claimOf(data)?.duplicateOf)];
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** The data with every link to a claim outside `readable` set to null, and the score of a hidden canonical claim with it. */
export function withReadableLinks(data: EventData, readable: ReadonlySet<string>): EventData {
  const hidden = (v: unknown) => typeof v === 'string' && !readable.has(v);
  const out: EventData = { ...data };
  const claim = claimOf(data);
  if (claim && hidden(claim.duplicateOf)) out.claim = { ...claim, duplicateOf: null };
  if (hidden(data.duplicateOf)) Object.assign(out, { duplicateOf: null, score: null });
  if (hidden(data.unlinkedFrom)) out.unlinkedFrom = null;
  return out;
}

/** The data as a newsroom that did not submit the claim reads it: the claim's public fields, no links to other claims. */
export function forOtherNewsroom(data: EventData): EventData {
  const claim = claimOf(data);
  const out = withReadableLinks(data, new Set());
  if (claim) out.claim = publicClaimView(claim);
  return out;
}
