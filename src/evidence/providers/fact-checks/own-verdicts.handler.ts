import { Injectable, Logger } from '@nestjs/common';
import type { EventReaction } from '../../../platform/outbox/event-reactions';
import type { DomainEvent } from '../../../platform/queue/queue-names';
import { parseClaimReview } from '../../claim-review.parser';
import { FactChecksRepository } from './fact-checks.repository';

/**
 * The desk's own published verdicts become fact-checks for later research (origin `own`): a
 * publication or a correction upserts the ClaimReview by its URL (matched on the full claim text),
 * a retraction removes it. Idempotent: an event handled twice writes the same row.
 */
@Injectable()
export class OwnVerdictsHandler implements EventReaction {
  private readonly logger = new Logger(OwnVerdictsHandler.name);

  constructor(private readonly factChecks: FactChecksRepository) {}

  /** verdict.published and verdict.corrected upsert, verdict.retracted removes. */
  async react(e: DomainEvent): Promise<void> {
    if (e.type === 'verdict.published' || e.type === 'verdict.corrected') await this.upsert(e);
    else if (e.type === 'verdict.retracted') await this.remove(e);
  }

  private async upsert(e: DomainEvent) {
    const data = e.data as { claim?: { text?: string }; claimReview?: unknown };
    const parsed = parseClaimReview(data.claimReview, 0);
    if (!parsed.value) {
      this.logger.warn(
        `Event ${e.eventId}: its ClaimReview cannot be kept as a fact-check (${parsed.errors?.map((x) => x.message).join('; ')})`,
      );
      return;
    }
    await this.factChecks.upsert(e.organizationId, [
      { ...parsed.value, claimReviewed: data.claim?.text ?? parsed.value.claimReviewed, origin: 'own' },
    ]);
  }

  private async remove(e: DomainEvent) {
    const url = (e.data as { claimReview?: { url?: unknown } }).claimReview?.url;
    if (typeof url === 'string') await this.factChecks.removeOwn(e.organizationId, url);
  }
}
