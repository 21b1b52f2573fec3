import { Module } from '@nestjs/common';
import { TasksRepository } from './tasks.repository';

/** The tasks table; the checker workflow (routes, leases) builds on it. */
@Module({ providers: [TasksRepository], exports: [TasksRepository] })
export class TasksModule {}
