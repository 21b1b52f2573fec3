import { Module } from '@nestjs/common';
import { ArchiveProvider } from './providers/archive/archive.provider';
import { ArchiveRepository } from './providers/archive/archive.repository';
import { EVIDENCE_PROVIDERS, EvidenceProvider } from './providers/evidence-provider';
import { FactChecksProvider } from './providers/fact-checks/fact-checks.provider';
import { FactChecksRepository } from './providers/fact-checks/fact-checks.repository';
import { GoogleFactCheckProvider } from './providers/google-factcheck/google-factcheck.provider';
import { MediaWikiProvider } from './providers/mediawiki/mediawiki.provider';
import { ProviderRunner } from './providers/provider-runner';
import { SearxngProvider } from './providers/searxng/searxng.provider';
import { EvidenceRepository } from './evidence.repository';
import { StanceService } from './stance/stance.service';

const PROVIDERS = [ArchiveProvider, FactChecksProvider, GoogleFactCheckProvider, MediaWikiProvider, SearxngProvider];

/** Evidence storage, the providers behind one interface, and the stance analyzers (API and worker). */
@Module({
  providers: [
    ...PROVIDERS,
    { provide: EVIDENCE_PROVIDERS, inject: PROVIDERS, useFactory: (...list: EvidenceProvider[]) => list },
    ArchiveRepository,
    FactChecksRepository,
    EvidenceRepository,
    ProviderRunner,
    StanceService,
  ],
  exports: [
    EVIDENCE_PROVIDERS,
    ArchiveRepository,
    FactChecksRepository,
    EvidenceRepository,
    ProviderRunner,
    StanceService,
  ],
})
export class EvidenceModule {}
