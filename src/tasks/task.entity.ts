import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Claim } from '../claims/claim.entity';

export const TASK_KINDS = ['check', 'review'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATUSES = ['open', 'claimed', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * A unit of human work on a claim. Research opens the `check` task; the checker workflow
 * (claiming, leases, completion) builds on this table. At most one open-or-claimed task of a kind
 * per claim (partial unique index), so opening one twice is a no-op.
 */
@Entity('tasks')
@Index('tasks_one_active_per_claim_kind', ['claimId', 'kind'], { unique: true, where: `status IN ('open', 'claimed')` })
@Index('tasks_pool', ['organizationId', 'status', 'priority', 'createdAt'])
@Index('tasks_claimable', { synchronize: false }) // the claim order, open and claimed tasks only: migrations/*-TasksClaimableIndex.ts
// Every task of a claim, done ones included: the foreign key's cascade (deleting an organization) scanned the table once per claim without it.
@Index('tasks_claim', ['claimId'])
export class Task {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') claimId: string;
  @ManyToOne(() => Claim, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'claim_id' }) claim?: Claim;
  @Column('text') kind: TaskKind;
  @Column('text', { default: 'open' }) status: TaskStatus;
  /** Rank of the claim's priority (low 0 … urgent 3): higher first. */
  @Column('int', { default: 1 }) priority: number;
  @Column('text') language: string;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @Column('uuid', { nullable: true }) assigneeKeyId: string | null;
  @Column('uuid', { nullable: true }) leaseToken: string | null;
  @Column('timestamptz', { nullable: true }) leaseExpiresAt: Date | null;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  /** Review task: the verdict draft under review. Check task reopened by a rejection: the rejected draft. */
  @Column('uuid', { nullable: true }) verdictId: string | null;
  /** Why the task exists (a reviewer's rejection note) or the last release note. */
  @Column('text', { nullable: true }) note: string | null;
}
