import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { LeaseSweeper } from './lease-sweeper';
import { TaskLeasesRepository } from './task-leases.repository';

/** Worker side of human tasks: the expired-lease sweep. */
@Module({
  imports: [ClaimsModule],
  providers: [TaskLeasesRepository, LeaseSweeper],
})
export class TasksWorkerModule {}
