import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Newsroom } from '../newsrooms/newsroom.entity';
import { Organization } from '../organizations/organization.entity';
import type { PersonLanguage } from './person.entity';

/**
 * A newsroom portal link (docs/portal.md): a short-lived, single-use sign-in link an editor or
 * admin issues for one newsroom. Only the SHA-256 of its random secret is stored. Using it opens a
 * session limited to that newsroom (sessions.portal_link_id); revoking it ends that session too.
 */
@Entity('portal_links')
@Index(['organizationId', 'createdAt'])
export class PortalLink {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
  @Column('uuid') newsroomId: string;
  @ManyToOne(() => Newsroom, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'newsroom_id' }) newsroom?: Newsroom;
  /** Who it is for ("Jeanne, CMS team"): shown in the list and as the session's name. */
  @Column('text') label: string;
  @Column('boolean', { default: false }) readOnly: boolean;
  @Column('text', { default: 'en' }) language: PersonLanguage;
  @Index({ unique: true }) @Column('text') tokenHash: string;
  /** The person (or key) who issued it. */
  @Column('uuid') issuedBy: string;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) usedAt: Date | null;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
}
