import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../platform/config/config';
import { Candidate, ClaimQuery, EvidenceProvider } from '../evidence-provider';
import { ArchiveRepository } from './archive.repository';

/** The organization's own document archive in Postgres. */
@Injectable()
export class ArchiveProvider implements EvidenceProvider {
  readonly name = 'archive';
  readonly local = true;
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly archive: ArchiveRepository,
  ) {}

  enabled() {
    return this.config.research.archiveEnabled;
  }

  describe() {
    return { source: 'postgres' };
  }

  async search(q: ClaimQuery): Promise<Candidate[]> {
    const rows = await this.archive.matchClaim(q.organizationId, q.text, q.language, 20);
    return rows.map((d) => ({
      url: d.url,
      title: d.title,
      text: d.body,
      publisher: d.publisher,
      publishedAt: d.publishedAt,
      language: d.language,
    }));
  }
}
