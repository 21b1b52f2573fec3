import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Claim } from './claim.entity';

/** One status transition or action on a claim: who, when, from, to, why. */
@Entity('claim_history')
@Index(['claimId', 'id'])
export class ClaimHistory {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') claimId: string;
  @ManyToOne(() => Claim, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'claim_id' }) claim?: Claim;
  @Column('text') action: string;
  @Column('text', { nullable: true }) fromStatus: string | null;
  @Column('text', { nullable: true }) toStatus: string | null;
  @Column('uuid', { nullable: true }) actorKeyId: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('jsonb', { nullable: true }) details: Record<string, unknown> | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
}
