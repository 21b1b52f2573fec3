import { Module } from '@nestjs/common';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { TaskLeasesRepository } from './task-leases.repository';
import { TasksController } from './tasks.controller';
import { TasksMetrics } from './tasks.metrics';
import { TasksService } from './tasks.service';

/** HTTP side of human tasks: claiming, leases, completion. */
@Module({
  imports: [VerdictsModule],
  controllers: [TasksController],
  providers: [TaskLeasesRepository, TasksService, TasksMetrics],
})
export class TasksApiModule {}
