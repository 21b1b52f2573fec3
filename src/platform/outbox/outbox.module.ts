import { Global, Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';

/** Writing events (every process) and loading them for the event jobs (workers). */
@Global()
@Module({ providers: [OutboxRepository], exports: [OutboxRepository] })
export class OutboxModule {}
