import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity';

/** One HTTP request of a delivery, as it went. */
@Entity('webhook_attempts')
@Index(['deliveryId', 'id'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') deliveryId: string;
  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: WebhookDelivery;
  @Column('int') attemptNumber: number;
  @Column('boolean') success: boolean;
  @Column('int', { nullable: true }) statusCode: number | null;
  @Column('int') latencyMs: number;
  /** The first 4 KB of the response body. */
  @Column('text', { nullable: true }) responseBody: string | null;
  /** The request headers of this attempt as sent (signature included: it is an HMAC, not the secret). */
  @Column('jsonb', { nullable: true }) requestHeaders: Record<string, string> | null;
  @Column('text', { nullable: true }) error: string | null;
  /** When the next attempt is due, or null when this was the last. */
  @Column('timestamptz', { nullable: true }) nextAttemptAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
}
