import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The stored outcome of a POST made with an Idempotency-Key, replayed for retries of the same request. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn('uuid') apiKeyId: string;
  @PrimaryColumn('text') key: string;
  @Column('uuid') organizationId: string;
  @Column('text') requestHash: string;
  @Column('int', { nullable: true }) responseStatus: number | null;
  /** While a stepwise request runs: the results of its steps so far. Then its stored response. */
  @Column('jsonb', { nullable: true }) responseBody: unknown;
  /** The stepwise request that owns the row while it runs (null for single-transaction requests). */
  @Column('uuid', { nullable: true }) leaseToken: string | null;
  /** When that request last finished a step: a row left unfinished longer than this may be taken over. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) leasedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
}
