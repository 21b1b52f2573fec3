import { Global, Module } from '@nestjs/common';
import { EventHandlerRegistry } from './event-handlers';
import { OutboxService } from './outbox.service';

/** Writing events (every process) and the handler registry (filled by worker-side modules). */
@Global()
@Module({ providers: [OutboxService, EventHandlerRegistry], exports: [OutboxService, EventHandlerRegistry] })
export class OutboxModule {}
