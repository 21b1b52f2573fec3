import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Organization } from '../../../organizations/organization.entity';

/** A published fact-check (imported ClaimReview, or later the organization's own verdicts). */
@Entity('fact_checks')
@Index(['organizationId', 'url'], { unique: true })
@Index('fact_checks_search', { synchronize: false })
export class FactCheck {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
  @Column('text') url: string;
  @Column('text') claimReviewed: string;
  /** The rating's alternateName (e.g. "False", "Faux"). */
  @Column('text') rating: string;
  @Column('real', { nullable: true }) ratingValue: number | null;
  @Column('real', { nullable: true }) bestRating: number | null;
  @Column('real', { nullable: true }) worstRating: number | null;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { nullable: true }) publisher: string | null;
  @Column('timestamptz', { nullable: true }) datePublished: Date | null;
  @Column('text') language: string;
  /** `import` or `own`. */
  @Column('text', { default: 'import' }) origin: string;
  @Column('tsvector', { select: false }) search: string;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
