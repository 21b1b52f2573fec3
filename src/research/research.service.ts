import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { ClaimsRepository } from '../claims/claims.repository';
import { allows, ClaimLifecycle, SYSTEM } from '../claims/lifecycle/claim-lifecycle';
import { EvidenceInput, EvidenceRepository } from '../evidence/evidence.repository';
import { Candidate, EVIDENCE_PROVIDERS, EvidenceProvider } from '../evidence/providers/evidence-provider';
import { ProviderRunner } from '../evidence/providers/provider-runner';
import { StanceService } from '../evidence/stance/stance.service';
import { MIN_RELEVANCE } from '../evidence/stance/stance.types';
import type { ResearchJobData } from '../platform/queue/queue-names';
import { TasksRepository } from '../tasks/tasks.repository';
import { assess, Assessment } from './assessment';
import type { ProviderOutcome } from '../evidence/providers/provider-outcome';
import { ResearchRunsRepository } from './research-runs.repository';

const MAX_EVIDENCE_PER_PROVIDER = 10;
/** The skip reason of a job naming a claim its organization does not have (forged or corrupted). */
export const CLAIM_NOT_FOUND = 'claim not found';

export interface ResearchResult {
  status: 'completed' | 'skipped';
  runId?: string;
  assessment?: Assessment;
  providers?: ProviderOutcome[];
  reason?: string;
}

/**
 * The research pipeline for one claim. Every step can be repeated: the run row is keyed by job
 * id, evidence is upserted by (claim, url), the task insert is a no-op when one is open, and the
 * final transition happens once under a row lock. So a worker killed at any point leaves a state
 * the re-picked job simply completes.
 */
@Injectable()
export class ResearchService {
  private readonly logger = new Logger(ResearchService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EVIDENCE_PROVIDERS) private readonly providers: EvidenceProvider[],
    private readonly runner: ProviderRunner,
    private readonly stance: StanceService,
    private readonly evidence: EvidenceRepository,
    private readonly runs: ResearchRunsRepository,
    private readonly claims: ClaimsRepository,
    private readonly lifecycle: ClaimLifecycle,
    private readonly tasks: TasksRepository,
  ) {}

  async research(jobId: string, data: ResearchJobData): Promise<ResearchResult> {
    // 1. Start: claim → researching (with history), the run row. A re-run was requested through `received` (ResearchRequestService).
    const started = await this.ds.transaction(async (m) => {
      if (!isUUID(data.claimId) || !isUUID(data.organizationId)) return { skip: CLAIM_NOT_FOUND as string };
      const scope = { organizationId: data.organizationId };
      const claim = await this.claims.lock(scope, m, data.claimId);
      if (!claim) return { skip: CLAIM_NOT_FOUND as string };
      // `researching`: an interrupted run resumes where the job is picked again.
      if (claim.status !== 'researching' && !allows('research_started', claim.status))
        return { skip: `claim is ${claim.status}` };
      const run = await this.runs.start(scope, m, { claimId: claim.id, jobId, trigger: data.trigger });
      if (run.status === 'completed') return { skip: 'run already completed' };
      if (claim.status !== 'researching')
        await this.lifecycle.transition(m, scope, claim, 'research_started', SYSTEM, {
          details: { runId: run.id, trigger: data.trigger },
        });
      return { claim, runId: run.id };
    });
    if ('skip' in started) {
      // A job naming a claim its organization does not have is forged or corrupted: refused, and said louder.
      if (started.skip === CLAIM_NOT_FOUND)
        this.logger.warn(
          { jobId, claimId: data.claimId, organizationId: data.organizationId },
          'Research job refused: its organization has no such claim',
        );
      else this.logger.log(`Research of claim ${data.claimId} skipped: ${started.skip}`);
      return { status: 'skipped', reason: started.skip };
    }
    const { claim, runId } = started;

    // 2. Every enabled provider in parallel; failures are outcomes, not exceptions.
    const query = {
      organizationId: claim.organizationId,
      claimId: claim.id,
      text: claim.text,
      language: claim.language,
    };
    const results = await Promise.all(
      this.providers.map((p) =>
        p.enabled()
          ? this.runner.run(p, query)
          : Promise.resolve({
              outcome: {
                provider: p.name,
                status: 'skipped',
                attempts: 0,
                latencyMs: 0,
                candidates: 0,
              } as ProviderOutcome,
              candidates: [] as Candidate[],
            }),
      ),
    );

    // 3. Score and store the evidence (upsert: a re-run or a retried job updates the same rows).
    const retrievedAt = new Date();
    const rows: Omit<EvidenceInput, 'organizationId'>[] = [];
    const seen = new Set<string>();
    for (const { outcome, candidates } of results) {
      const scored = [];
      for (const c of candidates) {
        if (seen.has(c.url)) continue;
        const s = await this.stance.score({
          claim: claim.text,
          language: claim.language,
          sourceLanguage: c.language,
          title: c.title,
          text: c.text,
          rating: c.rating,
        });
        if (s.relevance < MIN_RELEVANCE) continue;
        seen.add(c.url);
        scored.push({ c, s });
      }
      scored.sort((a, b) => b.s.relevance - a.s.relevance);
      for (const { c, s } of scored.slice(0, MAX_EVIDENCE_PER_PROVIDER)) {
        rows.push({
          claimId: claim.id,
          provider: outcome.provider,
          url: c.url.slice(0, 2048),
          title: (c.title || c.url).slice(0, 500),
          snippet: (s.passage || c.text).slice(0, 600),
          publisher: c.publisher ?? null,
          publishedAt: c.publishedAt ?? null,
          language: c.language ?? null,
          stance: s.stance,
          stanceScore: s.stanceScore,
          relevance: s.relevance,
          rationale: s.rationale,
          analyzer: s.analyzer,
          builtinStance: s.builtinStance,
          researchRunId: runId,
          retrievedAt,
        });
      }
    }
    await this.evidence.upsert(claim, rows);
    const outcomes = results.map((r) => r.outcome);

    // 4. Finish: assessment, ready_for_check, history, event and check task in one transaction.
    return this.ds.transaction(async (m) => {
      const current = await this.lifecycle.lock(m, claim, claim.id);
      const assessment = assess(await this.evidence.forClaim(claim, claim.id, m));
      const stored = { ...assessment, runId, assessedAt: new Date().toISOString() };
      await this.runs.finish(claim, m, runId, 'completed', outcomes, stored);
      if (current.status !== 'researching') {
        // Someone moved the claim meanwhile (dismissed, …): keep the evidence, leave the status alone.
        return { status: 'completed', runId, assessment, providers: outcomes };
      }
      const task = await this.tasks.openCheckTask(claim, m, current);
      await this.lifecycle.transition(m, claim, current, 'research_completed', SYSTEM, {
        patch: { assessment: stored },
        details: {
          runId,
          label: assessment.label,
          confidence: assessment.confidence,
          providers: outcomes.map((o) => ({ provider: o.provider, status: o.status })),
        },
        event: {
          type: 'claim.research_completed',
          data: () => ({
            claimId: claim.id,
            runId,
            assessment: {
              label: assessment.label,
              confidence: assessment.confidence,
              counts: assessment.counts,
              rationale: assessment.rationale,
            },
            providers: outcomes,
            taskId: task.id,
          }),
        },
      });
      return { status: 'completed', runId, assessment, providers: outcomes };
    });
  }
}
