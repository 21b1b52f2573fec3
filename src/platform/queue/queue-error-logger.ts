import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { QueueName } from './queue-names';

/**
 * Logs Redis connection errors of the queues once per outage (a warning), instead of BullMQ's
 * default of printing every reconnect attempt to stderr.
 */
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('Queues');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit() {
    for (const name of Object.values(QueueName)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      attachErrorLogging(queue, `queue ${name}`, this.logger);
    }
  }
}

/** Logs the first error of an outage, then stays quiet until the emitter is ready again. */
export function attachErrorLogging(
  emitter: { on(event: string, fn: (...a: any[]) => void): unknown },
  what: string,
  logger: Logger,
) {
  let down = false;
  emitter.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn(`${what}: Redis unavailable (${err.message}); retrying`);
  });
  emitter.on('ready', () => {
    if (down) logger.log(`${what}: Redis connection restored`);
    down = false;
  });
}
