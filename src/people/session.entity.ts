import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Person } from './person.entity';

/**
 * A console session. The cookie holds a random id; only its SHA-256 is stored, so a database dump
 * opens no session. Ends at revokedAt, after the idle timeout (lastSeenAt) or at expiresAt (absolute).
 */
@Entity('sessions')
export class ConsoleSession {
  @PrimaryColumn('text') idHash: string;
  @Index() @Column('uuid') personId: string;
  @ManyToOne(() => Person, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'person_id' }) person?: Person;
  /** The synchronizer token every state-changing request of the session carries. */
  @Column('text') csrfToken: string;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @Column('timestamptz') lastSeenAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
}
