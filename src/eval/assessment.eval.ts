import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClaimsRepository } from '../claims/claims.repository';
import { AppConfig, loadConfig } from '../platform/config/config';
import { CoreModule } from '../core.module';
import { breakdown, EvalRow, missesOf } from '../platform/eval/breakdown';
import { readJsonl } from '../platform/eval/read-jsonl';
import { ArchiveRepository } from '../evidence/providers/archive/archive.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { OutboxRepository } from '../platform/outbox/outbox.repository';
import { startLocalStack } from '../local/local-stack';
import { ASSESSMENT_LABELS } from '../research/assessment';
import { ResearchWorkerModule } from '../research/research-worker.module';
import { ResearchService } from '../research/research.service';

interface Line {
  id: string;
  claim: string;
  language: string;
  /** A document's `language` is its own (cross-language cases); without one it is the claim's. */
  documents: { url: string; title: string; body: string; publishedAt?: string; language?: string }[];
  label: (typeof ASSESSMENT_LABELS)[number];
  split?: string;
}

@Module({})
class AssessmentEvalModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AssessmentEvalModule, imports: [CoreModule.forRoot(config), ResearchWorkerModule] };
  }
}

/**
 * `npm run eval -- assessment --dataset FILE.jsonl`: for each case, a fresh organization whose
 * archive holds the case's documents, the claim stored, and the real research pipeline
 * (ResearchService.research: providers, stance, evidence, assessment, task, event) run on it;
 * external providers are off. Uses DATABASE_URL / REDIS_URL, or the local stack of `npm start`.
 * The eval organizations (and their events) are deleted afterwards.
 */
export async function evaluateAssessment(file: string) {
  const lines = readJsonl<Line>(file);
  for (const [i, l] of lines.entries()) {
    if (typeof l.claim !== 'string' || !Array.isArray(l.documents) || !ASSESSMENT_LABELS.includes(l.label))
      throw new Error(
        `${file}: line ${i + 1} needs "claim", "documents" and a "label" in ${ASSESSMENT_LABELS.join(', ')}`,
      );
  }
  const stack = await startLocalStack(process.env, { redis: true });
  const config = loadConfig({
    ...process.env,
    GOOGLE_FACTCHECK_API_KEY: '',
    MEDIAWIKI_BASE_URL: '',
    SEARXNG_BASE_URL: '',
    DATABASE_URL: process.env.DATABASE_URL ?? stack.databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? stack.redisUrl,
    ROLE: 'worker',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `eval${randomBytes(4).toString('hex')}`,
  });
  const app = await NestFactory.createApplicationContext(AssessmentEvalModule.forRoot(config), { logger: false });
  const ds = app.get(DataSource);
  await ds.runMigrations({ transaction: 'each' });
  const archive = app.get(ArchiveRepository);
  const organizations = app.get(OrganizationsRepository);
  const outbox = app.get(OutboxRepository);
  const claims = app.get(ClaimsRepository);
  const research = app.get(ResearchService);
  const orgs: string[] = [];
  const rows: EvalRow[] = [];
  try {
    for (const l of lines) {
      const {
        organization: { id: org },
      } = await organizations.createWithAdmin(`eval ${l.id} ${randomBytes(3).toString('hex')}`);
      orgs.push(org);
      if (l.documents.length)
        await archive.upsert(
          org,
          l.documents.map((d) => ({ ...d, language: d.language ?? l.language })),
        );
      const claim = await claims.insert({ organizationId: org }, ds.manager, {
        text: l.claim,
        normalizedText: l.claim.toLowerCase(),
        language: l.language,
        status: 'received',
        priority: 'normal',
      });
      const result = await research.research(`eval-${claim.id}`, {
        organizationId: org,
        claimId: claim.id,
        trigger: 'eval',
      });
      rows.push({
        id: l.id,
        language: l.language,
        split: l.split,
        sourceLanguage: [...new Set(l.documents.map((d) => d.language ?? l.language))].sort().join('+'),
        gold: l.label,
        predicted: result.assessment?.label ?? 'error',
        rationale: result.assessment?.rationale ?? result.reason,
      });
    }
  } finally {
    if (orgs.length) {
      for (const organizationId of orgs) {
        await outbox.deleteOf({ organizationId });
        await organizations.delete({ organizationId });
      }
    }
    await app.close();
    await stack.stop();
  }
  return { errors: missesOf(rows), result: { task: 'assessment', ...breakdown(rows, ASSESSMENT_LABELS) } };
}
