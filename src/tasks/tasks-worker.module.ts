import { Module } from '@nestjs/common';
import { ClaimLifecycleModule } from '../claims/lifecycle/claim-lifecycle.module';
import { LeaseSweeper } from './lease-sweeper';
import { TaskLeasesRepository } from './task-leases.repository';

/** Worker side of human tasks: the expired-lease sweep. */
@Module({
  imports: [ClaimLifecycleModule],
  providers: [TaskLeasesRepository, LeaseSweeper],
})
export class TasksWorkerModule {}
