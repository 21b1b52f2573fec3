import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { TaskLeasesRepository } from './task-leases.repository';
import { TasksController } from './tasks.controller';
import { TasksMetrics } from './tasks.metrics';
import { TasksModule } from './tasks.module';
import { TasksService } from './tasks.service';

/** HTTP side of human tasks: claiming, leases, completion. */
@Module({
  imports: [VerdictsModule, ClaimsModule, TasksModule],
  controllers: [TasksController],
  providers: [TaskLeasesRepository, TasksService, TasksMetrics],
  exports: [TasksService],
})
export class TasksApiModule {}
