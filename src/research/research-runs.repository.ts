import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import type { ProviderOutcome } from '../evidence/providers/provider-outcome';
import { ResearchRun } from './research-run.entity';

/** Research runs: one per job id; a retried or re-picked job counts an attempt on the same row. */
@Injectable()
export class ResearchRunsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async start(
    scope: TenantScope,
    manager: EntityManager,
    r: { claimId: string; jobId: string; trigger: string },
  ): Promise<ResearchRun> {
    const [row] = await manager.query(
      `INSERT INTO research_runs (organization_id, claim_id, job_id, trigger, status, attempts, started_at)
       VALUES ($1, $2, $3, $4, 'running', 1, now())
       ON CONFLICT (job_id) DO UPDATE SET attempts = research_runs.attempts + 1, status = CASE WHEN research_runs.status = 'completed' THEN 'completed' ELSE 'running' END
         WHERE research_runs.organization_id = $1
       RETURNING id, status`,
      [scope.organizationId, r.claimId, r.jobId, r.trigger],
    );
    if (!row) throw new Error(`Research job ${r.jobId} belongs to another organization`);
    return row as ResearchRun;
  }

  async finish(
    scope: TenantScope,
    manager: EntityManager,
    id: string,
    status: 'completed' | 'skipped',
    providers: ProviderOutcome[],
    assessment: Record<string, unknown> | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE research_runs SET status = $3, finished_at = now(), providers = $4::jsonb, assessment = $5::jsonb WHERE organization_id = $1 AND id = $2`,
      [scope.organizationId, id, status, JSON.stringify(providers), assessment ? JSON.stringify(assessment) : null],
    );
  }

  listForClaim(organizationId: string, claimId: string, limit = 20): Promise<ResearchRun[]> {
    return this.ds
      .getRepository(ResearchRun)
      .find({ where: { organizationId, claimId }, order: { startedAt: 'DESC' }, take: limit });
  }

  /** Per provider, over the organization's last runs: outcomes, median latency, last error. */
  recentOutcomes(
    organizationId: string,
    runs = 50,
  ): Promise<
    {
      provider: string;
      ok: number;
      failed: number;
      timeout: number;
      medianLatencyMs: number | null;
      lastError: string | null;
      lastRunAt: Date | null;
    }[]
  > {
    return this.ds.query(
      `WITH recent AS (SELECT id, started_at, providers FROM research_runs WHERE organization_id = $1 AND finished_at IS NOT NULL ORDER BY started_at DESC LIMIT $2),
            o AS (SELECT r.started_at, p->>'provider' AS provider, p->>'status' AS status, (p->>'latencyMs')::int AS latency, p->>'error' AS error FROM recent r, jsonb_array_elements(r.providers) p)
       SELECT provider, count(*) FILTER (WHERE status = 'ok')::int AS ok, count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'timeout')::int AS timeout, percentile_cont(0.5) WITHIN GROUP (ORDER BY latency)::int AS "medianLatencyMs",
              (array_agg(error ORDER BY started_at DESC) FILTER (WHERE error IS NOT NULL))[1] AS "lastError", max(started_at) AS "lastRunAt"
         FROM o GROUP BY provider`,
      [organizationId, runs],
    );
  }
}
