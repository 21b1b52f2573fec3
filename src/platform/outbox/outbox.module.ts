import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/** Writing events (every process) and loading them for the event jobs (workers). */
@Global()
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
