import { ApiProperty } from '@nestjs/swagger';
import { TASK_KINDS, TASK_STATUSES, type Task, type TaskKind, type TaskStatus } from './task.entity';

export class TaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TASK_KINDS, enumName: 'TaskKind' }) kind!: TaskKind;
  @ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus' }) status!: TaskStatus;
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Review tasks: the verdict draft under review',
  })
  verdictId!: string | null;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 3,
    description: "Rank of the claim's priority (low 0 … urgent 3)",
  })
  priority!: number;
  @ApiProperty() language!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Who holds or held the task: the person id, or the API key id for machine actions',
  })
  assigneeKeyId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) leaseExpiresAt!: string | null;
  @ApiProperty({
    required: false,
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Only in the answers to the holder (claim, next, heartbeat): send it back with every write',
  })
  leaseToken?: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
}

export class CompletedTaskView extends TaskView {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The task opened next (review after a check, check after a rejection)',
  })
  nextTaskId!: string | null;
}

/** The public JSON shape of a task; the lease token only for its holder. */
export function taskView(t: Task, holder = false): TaskView {
  return {
    id: t.id,
    kind: t.kind,
    status: t.status,
    claimId: t.claimId,
    verdictId: t.verdictId,
    priority: t.priority,
    language: t.language,
    note: t.note,
    assigneeKeyId: t.assigneeKeyId,
    leaseExpiresAt: t.leaseExpiresAt ? new Date(t.leaseExpiresAt).toISOString() : null,
    ...(holder ? { leaseToken: t.leaseToken } : {}),
    createdAt: new Date(t.createdAt).toISOString(),
    completedAt: t.completedAt ? new Date(t.completedAt).toISOString() : null,
  };
}
