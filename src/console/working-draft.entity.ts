import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Claim } from '../claims/claim.entity';
import { Person } from '../people/person.entity';

/** What the draft form holds, as typed (not yet validated: validation happens on completion). */
export interface WorkingDraftContent {
  rating?: string;
  title?: string;
  summary?: string;
  evidenceIds?: string[];
  sources?: string;
}

/**
 * A person's verdict draft for a claim while it is being written in the console: saved on every
 * change (htmx), so a reload or a lost lease keeps it. Keyed by person and claim, not task, so that
 * taking the task again finds it. Deleted when the check is completed.
 */
@Entity('working_drafts')
export class WorkingDraft {
  @PrimaryColumn('uuid') personId: string;
  @ManyToOne(() => Person, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'person_id' }) person?: Person;
  @PrimaryColumn('uuid') claimId: string;
  @ManyToOne(() => Claim, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'claim_id' }) claim?: Claim;
  @Column('uuid') organizationId: string;
  @Column('jsonb') content: WorkingDraftContent;
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 }) updatedAt: Date;
}
