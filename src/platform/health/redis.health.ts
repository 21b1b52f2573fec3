import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { QueueName } from '../queue/queue-names';
import { withTimeout } from '../with-timeout';

/** Redis is up when it answers PING within a second (through the queue's own connection). */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectQueue(QueueName.Events) private readonly events: Queue,
  ) {}

  async check(key = 'redis') {
    const session = this.health.check(key);
    try {
      const waiting = await withTimeout(this.events.getWaitingCount(), 1000);
      return session.up({ eventsWaiting: waiting });
    } catch (err) {
      return session.down({ message: (err as Error).message });
    }
  }
}
