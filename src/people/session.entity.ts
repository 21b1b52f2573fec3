import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Person } from './person.entity';
import { PortalLink } from './portal-link.entity';

/**
 * A console session. The cookie holds a random id; only its SHA-256 is stored, so a database dump
 * opens no session. Ends at revokedAt, after the idle timeout (lastSeenAt) or at expiresAt (absolute).
 */
@Entity('sessions')
export class ConsoleSession {
  @PrimaryColumn('text') idHash: string;
  /** The signed-in person; null for a portal-link session. */
  @Index() @Column('uuid', { nullable: true }) personId: string | null;
  @ManyToOne(() => Person, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'person_id' }) person?: Person;
  /** The portal link that opened this session (a newsroom's portal), or null for a person's session. */
  @Index() @Column('uuid', { nullable: true }) portalLinkId: string | null;
  @ManyToOne(() => PortalLink, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'portal_link_id' }) portalLink?: PortalLink;
  /** The synchronizer token every state-changing request of the session carries. */
  @Column('text') csrfToken: string;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @Column('timestamptz') lastSeenAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
}
