import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../platform/config/config';
import { Candidate, ClaimQuery, EvidenceProvider } from '../evidence-provider';
import { FactChecksRepository } from './fact-checks.repository';

/** Fact-checks already published (imported ClaimReview): a match's stance follows its rating. */
@Injectable()
export class FactChecksProvider implements EvidenceProvider {
  readonly name = 'fact-checks';
  readonly local = true;
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly factChecks: FactChecksRepository,
  ) {}

  enabled() {
    return this.config.research.factChecksEnabled;
  }

  describe() {
    return { source: 'postgres' };
  }

  async search(q: ClaimQuery): Promise<Candidate[]> {
    const rows = await this.factChecks.matchClaim(q.organizationId, q.text, q.language, 10);
    return rows.map((f) => ({
      url: f.url,
      title: f.title ?? f.claimReviewed,
      text: f.claimReviewed,
      publisher: f.publisher,
      publishedAt: f.datePublished,
      language: f.language,
      rating: f.rating,
    }));
  }
}
