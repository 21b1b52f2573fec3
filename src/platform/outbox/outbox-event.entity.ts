import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event written in the same transaction as the change it reports (transactional outbox).
 * The relay publishes unpublished rows to BullMQ with the event id as job id.
 */
@Entity('outbox_events')
@Index('outbox_events_unpublished', ['createdAt'], { where: 'published_at IS NULL' })
@Index(['organizationId', 'createdAt'])
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('text') type: string;
  @Column('uuid', { nullable: true }) claimId: string | null;
  @Column('jsonb') data: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) publishedAt: Date | null;
}
