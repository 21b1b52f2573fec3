import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ClaimsRepository } from '../claims/claims.repository';
import { SafeHttpClient } from '../common/http/safe-http';
import { AppConfig, loadConfig } from '../config/config';
import { CoreModule } from '../core.module';
import { STANCES } from '../evidence/evidence.entity';
import { ArchiveRepository } from '../evidence/providers/archive/archive.repository';
import { StanceService } from '../evidence/stance/stance.service';
import { startLocalStack } from '../local/local-stack';
import { ASSESSMENT_LABELS } from '../research/assessment';
import { ResearchWorkerModule } from '../research/research-worker.module';
import { ResearchService } from '../research/research.service';
import { evaluateCheckWorthiness } from '../extraction/checkworthiness.eval';
import { score } from './metrics';

/**
 * npm run eval -- stance|assessment --dataset FILE.jsonl
 * Scores the real code on a labelled set and prints, as the last line, one JSON object with n,
 * accuracy, macroF1, per-label scores and the confusion matrix. `stance` runs the stance service
 * (the built-in analyzer, or the model backend when STANCE_MODEL_URL is set); `assessment` loads each
 * case's documents into a fresh organization's archive and runs the research pipeline on its claim
 * (DATABASE_URL / REDIS_URL, or the local stack of `npm start` when unset; the eval organizations are deleted afterwards).
 */
interface StanceRow { id: string; claim: string; language: string; evidence: { title: string; text: string }; label: string }
interface AssessmentRow { id: string; claim: string; language: string; documents: { url: string; title: string; body: string; publishedAt?: string }[]; label: string }

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => {
    try {
      return JSON.parse(l) as T;
    } catch {
      throw new Error(`${file}:${i + 1} is not JSON`);
    }
  });
}

const NO_EXTERNAL = { GOOGLE_FACTCHECK_API_KEY: '', MEDIAWIKI_BASE_URL: '', SEARXNG_BASE_URL: '' };

async function evalStance(file: string) {
  const rows = readJsonl<StanceRow>(file);
  const config = loadConfig({ DATABASE_URL: 'postgres://unused/none', REDIS_URL: 'redis://unused', ...process.env });
  const http = new SafeHttpClient(config.allowPrivateNetworks);
  const service = new StanceService(config, http);
  const pairs = [];
  for (const r of rows) {
    const s = await service.score({ claim: r.claim, language: r.language, title: r.evidence.title, text: r.evidence.text });
    pairs.push({ gold: r.label, predicted: s.stance });
    if (s.stance !== r.label) console.log(`miss ${r.id}: gold ${r.label}, got ${s.stance} — ${s.rationale}`);
  }
  await http.close();
  return { task: 'stance', dataset: file, analyzer: config.research.stanceModel ? 'model+builtin' : 'builtin', ...score(STANCES, pairs) };
}

@Module({})
class EvalModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: EvalModule, imports: [CoreModule.forRoot(config), ResearchWorkerModule] };
  }
}

async function evalAssessment(file: string) {
  const rows = readJsonl<AssessmentRow>(file);
  const stack = await startLocalStack(process.env, { redis: true });
  const config = loadConfig({ ...process.env, ...NO_EXTERNAL, DATABASE_URL: process.env.DATABASE_URL ?? stack.databaseUrl, REDIS_URL: process.env.REDIS_URL ?? stack.redisUrl, ROLE: 'worker', LOG_LEVEL: 'silent', QUEUE_PREFIX: `eval${randomBytes(4).toString('hex')}` });
  const app = await NestFactory.createApplicationContext(EvalModule.forRoot(config), { logger: false });
  const ds = app.get(DataSource);
  await ds.runMigrations({ transaction: 'each' });
  const archive = app.get(ArchiveRepository);
  const claims = app.get(ClaimsRepository);
  const research = app.get(ResearchService);
  const orgs: string[] = [];
  const pairs = [];
  try {
    for (const r of rows) {
      const [{ id: org }] = await ds.query(`INSERT INTO organizations (name) VALUES ($1) RETURNING id`, [`eval ${r.id} ${randomBytes(3).toString('hex')}`]);
      orgs.push(org);
      await archive.upsert(org, r.documents.map((d) => ({ ...d, language: r.language })));
      const claim = await claims.insert(ds.manager, { organizationId: org, text: r.claim, normalizedText: r.claim.toLowerCase(), language: r.language, status: 'received', priority: 'normal' });
      const result = await research.research(`eval-${claim.id}`, { organizationId: org, claimId: claim.id, trigger: 'eval' });
      const label = result.assessment?.label ?? 'error';
      pairs.push({ gold: r.label, predicted: label });
      if (label !== r.label) console.log(`miss ${r.id}: gold ${r.label}, got ${label} — ${result.assessment?.rationale ?? result.reason}`);
    }
  } finally {
    if (orgs.length) {
      await ds.query(`DELETE FROM outbox_events WHERE organization_id = ANY($1)`, [orgs]);
      await ds.query(`DELETE FROM organizations WHERE id = ANY($1)`, [orgs]);
    }
    await app.close();
    await stack.stop();
  }
  return { task: 'assessment', dataset: file, ...score(ASSESSMENT_LABELS, pairs) };
}

async function main() {
  const args = process.argv.slice(2);
  const task = args[0];
  const i = args.indexOf('--dataset');
  if (task === 'checkworthiness') {
    // Intake's evaluation (issue 6): the project's own set unless --dataset is given.
    const dataset = i >= 0 ? args[i + 1] : join(__dirname, '..', '..', '..', 'test', 'fixtures', 'eval', 'checkworthiness.jsonl');
    if (!dataset || !existsSync(dataset)) {
      console.error(`dataset not found: ${dataset ?? '(missing after --dataset)'}`);
      process.exit(2);
    }
    const { errors, result } = await evaluateCheckWorthiness(dataset);
    if (args.includes('--verbose') && errors?.length) for (const e of errors) console.log('miss', JSON.stringify(e));
    console.log(JSON.stringify(result));
    process.exit(0);
  }
  const file = i >= 0 ? args[i + 1] : undefined;
  if (!file || !['stance', 'assessment'].includes(task)) {
    console.error('Usage: npm run eval -- stance|assessment --dataset FILE.jsonl, or checkworthiness [--dataset FILE.jsonl] [--verbose]');
    process.exit(64);
  }
  const result = task === 'stance' ? await evalStance(file) : await evalAssessment(file);
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
