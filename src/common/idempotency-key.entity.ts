import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The stored outcome of a POST made with an Idempotency-Key, replayed for retries of the same request. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn('uuid') apiKeyId: string;
  @PrimaryColumn('text') key: string;
  @Column('uuid') organizationId: string;
  @Column('text') requestHash: string;
  @Column('int', { nullable: true }) responseStatus: number | null;
  @Column('jsonb', { nullable: true }) responseBody: unknown;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
}
