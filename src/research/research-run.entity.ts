import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Claim } from '../claims/claim.entity';
import type { ProviderOutcome } from '../evidence/providers/provider-outcome';

/** One execution of the research pipeline for a claim. The job id makes a retried job reuse its run. */
@Entity('research_runs')
@Index(['jobId'], { unique: true })
@Index(['claimId', 'startedAt'])
export class ResearchRun {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') claimId: string;
  @ManyToOne(() => Claim, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'claim_id' }) claim?: Claim;
  @Column('text') jobId: string;
  /** `claim.received` or `rerun`. */
  @Column('text') trigger: string;
  @Column('text', { default: 'running' }) status: 'running' | 'completed' | 'skipped';
  @Column('int', { default: 1 }) attempts: number;
  @Column('timestamptz') startedAt: Date;
  @Column('timestamptz', { nullable: true }) finishedAt: Date | null;
  @Column('jsonb', { default: () => "'[]'" }) providers: ProviderOutcome[];
  @Column('jsonb', { nullable: true }) assessment: Record<string, unknown> | null;
}
