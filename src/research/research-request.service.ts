import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import { claimView } from '../claims/claim.view';
import { ClaimsRepository } from '../claims/claims.repository';
import { ClaimLifecycle } from '../claims/lifecycle/claim-lifecycle';
import { Problem } from '../platform/api/problem';

/** What a re-run's `claim.received` event adds, for ResearchEventsHandler (who asked is in the claim's history). */
export interface RerunEventData {
  trigger: 'rerun';
  jobId: string;
}

/**
 * An editor asks for research again. Like intake, the request is a row of the transactional
 * outbox: the claim goes back to `received` and `claim.received` is recorded in one transaction,
 * so the answer is 202 even while Redis is down; the relay publishes the event later and its
 * handler enqueues the job under the id answered here.
 */
@Injectable()
export class ResearchRequestService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly claims: ClaimsRepository,
    private readonly lifecycle: ClaimLifecycle,
  ) {}

  rerun(p: Principal, id: string): Promise<{ claimId: string; jobId: string }> {
    return this.ds.transaction(async (m) => {
      if (!(await this.claims.find(p, id, m))) throw Problem.notFound('Claim');
      const claim = await this.lifecycle.lock(m, p, id);
      this.lifecycle.assertAllowed(
        claim,
        'research_requested',
        `Research cannot run on a claim that is ${claim.status}`,
      );
      const rerun: RerunEventData = { trigger: 'rerun', jobId: `rerun-${randomUUID()}` };
      await this.lifecycle.transition(m, p, claim, 'research_requested', p, {
        details: { jobId: rerun.jobId },
        event: { type: 'claim.received', data: (c) => ({ claim: claimView(c), ...rerun }) },
      });
      return { claimId: claim.id, jobId: rerun.jobId };
    });
  }
}
