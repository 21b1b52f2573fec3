import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Claim } from '../claims/claim.entity';

export const VERDICT_STATUSES = ['draft', 'rejected', 'published', 'superseded', 'retracted'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];
/** The versions a newsroom key may read, of any claim of its organization (published verdicts are public by nature). */
export const PUBLIC_VERDICT_STATUSES = ['published', 'superseded', 'retracted'] as const;

/**
 * One version of a claim's verdict. A draft is written by a checker and reviewed; approval publishes
 * it (version n). A published verdict is never edited: a correction publishes version n+1 and the
 * previous one becomes `superseded`; a retraction marks it `retracted`. At most one `published`
 * verdict per claim (partial unique index): the current one.
 */
@Entity('verdicts')
@Index('verdicts_one_published_per_claim', ['claimId'], { unique: true, where: `status = 'published'` })
@Index(['organizationId', 'claimId', 'createdAt'])
// The foreign key's cascade looks verdicts up by claim alone (deleting an organization).
@Index('verdicts_claim', ['claimId'])
export class Verdict {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') claimId: string;
  @ManyToOne(() => Claim, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'claim_id' }) claim?: Claim;
  @Column('text') status: VerdictStatus;
  /** Publication version (1, 2, …); null while a draft or rejected. */
  @Column('int', { nullable: true }) version: number | null;
  @Column('text') rating: string;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text') summary: string;
  @Column('uuid', { array: true, default: () => "'{}'" }) evidenceIds: string[];
  @Column('text', { array: true, default: () => "'{}'" }) sources: string[];
  @Column('uuid', { nullable: true }) authorKeyId: string | null;
  @Column('uuid', { nullable: true }) reviewerKeyId: string | null;
  @Column('text', { nullable: true }) reviewNote: string | null;
  /** The version this one corrects. */
  @Column('uuid', { nullable: true }) previousVersionId: string | null;
  /** Why this version exists (correction) or why it was retracted. */
  @Column('text', { nullable: true }) reason: string | null;
  /** The ClaimReview JSON-LD, fixed at publication. */
  @Column('jsonb', { nullable: true }) claimReview: Record<string, unknown> | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) publishedAt: Date | null;
  @Column('timestamptz', { nullable: true }) supersededAt: Date | null;
  @Column('timestamptz', { nullable: true }) retractedAt: Date | null;
}
