import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { EventReaction } from '../platform/outbox/event-reactions';
import { JobName } from '../platform/queue/jobs';
import { DomainEvent, QueueName, ResearchJobData } from '../platform/queue/queue-names';
import type { RerunEventData } from './research-request.service';

/**
 * `claim.received` → one research job, id `research-<eventId>` (a re-run's: the id its request
 * answered, ResearchRequestService): a redelivered event adds nothing.
 */
@Injectable()
export class ResearchEventsHandler implements EventReaction {
  constructor(@InjectQueue(QueueName.Research) private readonly queue: Queue<ResearchJobData>) {}

  async react(e: DomainEvent): Promise<void> {
    await this.reactMany([e]);
  }

  /** Every research job of these events in one round trip. */
  async reactMany(events: DomainEvent[]): Promise<void> {
    const jobs = events
      .filter((e) => e.claimId)
      .map((e) => {
        const rerun = e.data.trigger === 'rerun' ? (e.data as unknown as RerunEventData) : null;
        return {
          name: JobName.Research,
          data: {
            organizationId: e.organizationId,
            claimId: e.claimId!,
            trigger: rerun ? 'rerun' : 'claim.received',
          },
          opts: { jobId: rerun ? rerun.jobId : `research-${e.eventId}` },
        };
      });
    if (jobs.length) await this.queue.addBulk(jobs);
  }
}
