import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Newsroom } from '../newsrooms/newsroom.entity';
import { Organization } from '../organizations/organization.entity';
import type { ClaimStatus, Priority } from './claim-status';

/** A statement submitted for checking. */
@Entity('claims')
@Index(['organizationId', 'createdAt', 'id'])
@Index(['organizationId', 'status', 'createdAt'])
@Index(['organizationId', 'newsroomId', 'createdAt'])
@Index(['organizationId', 'externalId'])
export class Claim {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
  @Column('uuid', { nullable: true }) newsroomId: string | null;
  @ManyToOne(() => Newsroom, { onDelete: 'SET NULL' }) @JoinColumn({ name: 'newsroom_id' }) newsroom?: Newsroom;
  @Column('uuid', { nullable: true }) submittedByKeyId: string | null;
  @Column('text') text: string;
  /** Lower-cased, accent-folded, punctuation-free text, for matching. */
  @Column('text') normalizedText: string;
  /** normalizedText without stop words: what intake matching compares by trigram (src/claims/matching). */
  @Column('text', { default: '' }) matchText: string;
  @Column('text') language: string;
  @Column('boolean', { default: false }) languageDetected: boolean;
  @Column('text', { nullable: true }) sourceUrl: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) appearances: string[];
  @Column('text', { nullable: true }) speakerName: string | null;
  @Column('text', { nullable: true }) speakerRole: string | null;
  @Column('date', { nullable: true }) claimDate: string | null;
  @Column('text', { nullable: true }) context: string | null;
  @Column('text', { default: 'normal' }) priority: Priority;
  @Column('text', { array: true, default: () => "'{}'" }) tags: string[];
  @Column('text', { nullable: true }) externalId: string | null;
  @Column('text', { default: 'received' }) status: ClaimStatus;
  @Column('uuid', { nullable: true }) duplicateOfId: string | null;
  @Column('jsonb', { nullable: true }) assessment: Record<string, unknown> | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
