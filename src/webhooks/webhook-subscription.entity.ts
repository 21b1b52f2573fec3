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

export const WEBHOOK_SCOPES = ['own', 'all'] as const;
export type WebhookScope = (typeof WEBHOOK_SCOPES)[number];
/** `disabled` is set by the service (410, five days of failures); only the owner's PATCH re-enables. */
export type WebhookStatus = 'active' | 'paused' | 'disabled';

/** Where a newsroom (or the desk, when newsroomId is null) wants events pushed. */
@Entity('webhook_subscriptions')
@Index(['organizationId', 'createdAt', 'id'])
@Index(['organizationId', 'newsroomId'])
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
  /** The owning newsroom; null for a desk-level subscription created by an admin. */
  @Column('uuid', { nullable: true }) newsroomId: string | null;
  @ManyToOne(() => Newsroom, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'newsroom_id' }) newsroom?: Newsroom;
  @Column('text') url: string;
  @Column('text', { nullable: true }) description: string | null;
  /** Event types, or ['*']. */
  @Column('text', { array: true }) events: string[];
  /** Custom request headers sent with every delivery (names validated: never webhook-*, host, content-length). */
  @Column('jsonb', { default: {} }) headers: Record<string, string>;
  @Column('text', { default: 'own' }) scope: WebhookScope;
  @Column('text', { default: 'active' }) status: WebhookStatus;
  @Column('text', { nullable: true }) disabledReason: string | null;
  /** The signing secret, AES-256-GCM encrypted with WEBHOOK_SECRET_KEY. */
  @Column('text') secretEncrypted: string;
  /** The secret before the last rotation, still signing until previousSecretExpiresAt. */
  @Column('text', { nullable: true }) previousSecretEncrypted: string | null;
  @Column('timestamptz', { nullable: true }) previousSecretExpiresAt: Date | null;
  /** First failure since the last success; five days of only failures disables the subscription. */
  @Column('timestamptz', { nullable: true }) failingSince: Date | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
