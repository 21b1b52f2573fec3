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
import { WebhookSubscription } from './webhook-subscription.entity';

/** pending: attempts still to come; succeeded: a 2xx; failed: retries exhausted or 410; cancelled: subscription paused, disabled or deleted. */
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event for one subscription. Unique per (event, subscription): fan-out can run twice and create it once. */
@Entity('webhook_deliveries')
@Index(['eventId', 'subscriptionId'], { unique: true })
@Index(['subscriptionId', 'createdAt', 'id'])
@Index('webhook_deliveries_pending', ['createdAt'], { where: `status = 'pending'` })
@Index('webhook_deliveries_batch', ['batchJob'], { where: `batch_job IS NOT NULL AND status = 'pending'` })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') subscriptionId: string;
  @ManyToOne(() => WebhookSubscription, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: WebhookSubscription;
  /** The outbox event id (or a ping's own id): the `webhook-id` header, the same on every attempt. */
  @Column('uuid') eventId: string;
  @Column('text') eventType: string;
  /** The exact request body, `{type, timestamp, data}`, identical on every attempt. */
  @Column('text') body: string;
  @Column('text', { default: 'pending' }) status: DeliveryStatus;
  /** Bumped by each redelivery; a job of an older generation does nothing. */
  @Column('int', { default: 0 }) generation: number;
  @Column('int', { default: 0 }) attemptCount: number;
  /**
   * The batch job that sends this delivery's first attempt, with the other deliveries of its
   * subscription fanned out together (WebhookJobs.batchJobPrefix), or the new batch it was moved to
   * when its first batch ran out of time; null when it has a job of its own.
   */
  @Column('text', { nullable: true }) batchJob: string | null;
  @Column('int', { nullable: true }) lastStatusCode: number | null;
  @Column('timestamptz', { nullable: true }) nextAttemptAt: Date | null;
  @Column('timestamptz', { nullable: true }) succeededAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
