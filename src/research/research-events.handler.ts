import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { EventReaction } from '../outbox/event-reactions';
import { JobName } from '../queue/jobs';
import { DomainEvent, QueueName, ResearchJobData } from '../queue/queue-names';

/** `claim.received` → one research job, id `research-<eventId>`: a redelivered event adds nothing. */
@Injectable()
export class ResearchEventsHandler implements EventReaction {
  constructor(@InjectQueue(QueueName.Research) private readonly queue: Queue<ResearchJobData>) {}

  async react(e: DomainEvent): Promise<void> {
    if (!e.claimId) return;
    await this.queue.add(JobName.Research, { organizationId: e.organizationId, claimId: e.claimId, trigger: 'claim.received' }, { jobId: `research-${e.eventId}` });
  }
}
