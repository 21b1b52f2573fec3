import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Claim } from '../claims/claim.entity';

export const STANCES = ['supports', 'refutes', 'neutral'] as const;
export type Stance = (typeof STANCES)[number];

/** A source found for a claim, with its stance. One row per (claim, url): research upserts. */
@Entity('evidence')
@Index(['claimId', 'url'], { unique: true })
@Index(['organizationId', 'claimId', 'relevance'])
export class Evidence {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') claimId: string;
  @ManyToOne(() => Claim, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'claim_id' }) claim?: Claim;
  @Column('text') provider: string;
  @Column('text') url: string;
  @Column('text') title: string;
  @Column('text') snippet: string;
  @Column('text', { nullable: true }) publisher: string | null;
  @Column('timestamptz', { nullable: true }) publishedAt: Date | null;
  @Column('text', { nullable: true }) language: string | null;
  @Column('text') stance: Stance;
  @Column('real') stanceScore: number;
  @Column('real') relevance: number;
  @Column('text') rationale: string;
  /** Which analyzer scored it: `builtin` or `model`. */
  @Column('text', { default: 'builtin' }) analyzer: string;
  /** When the model backend scored the row and the built-in analyzer disagrees: the built-in stance (else null). */
  @Column('text', { nullable: true }) builtinStance: Stance | null;
  @Column('uuid', { nullable: true }) researchRunId: string | null;
  @Column('timestamptz') retrievedAt: Date;
}
