import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EventHandlerRegistry } from '../outbox/event-handlers';
import { QueueName, ResearchJobData } from '../queue/queue-names';
import type { RerunEventData } from './research-request.service';

/**
 * `claim.received` → one research job, id `research-<eventId>` (a re-run's: the id its request
 * answered, ResearchRequestService): a redelivered event adds nothing.
 */
@Injectable()
export class ResearchEventsHandler implements OnModuleInit {
  constructor(
    private readonly registry: EventHandlerRegistry,
    @InjectQueue(QueueName.Research) private readonly queue: Queue<ResearchJobData>,
  ) {}

  onModuleInit() {
    this.registry.on('claim.received', async (e) => {
      if (!e.claimId) return;
      const rerun = e.data.trigger === 'rerun' ? (e.data as unknown as RerunEventData) : null;
      if (rerun) await this.queue.add('research', { organizationId: e.organizationId, claimId: e.claimId, trigger: 'rerun' }, { jobId: rerun.jobId });
      else await this.queue.add('research', { organizationId: e.organizationId, claimId: e.claimId, trigger: 'claim.received' }, { jobId: `research-${e.eventId}` });
    });
  }
}
