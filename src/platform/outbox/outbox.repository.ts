import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { prepared } from '../database/prepared';
import type { DomainEvent, EventType } from '../queue/queue-names';

/** A domain event as it is written to the outbox, in the transaction of the change it announces. */
export interface NewOutboxEvent {
  organizationId: string;
  type: EventType;
  claimId?: string | null;
  data: Record<string, unknown>;
}

/**
 * The insert of one event into `outbox_events`, as the last part of its writer's statement (after
 * the writer's own data-modifying CTE), with its parameters from `$first` on: the event is written
 * in the same statement, so the same transaction and round trip, as the change it announces. The
 * only way an event is written (ClaimsRepository.addHistory: a claim's history row and its event).
 */
export function outboxInsert(e: NewOutboxEvent, first: number): { sql: string; values: unknown[] } {
  const [a, b, c, d] = [first, first + 1, first + 2, first + 3];
  return {
    sql: `INSERT INTO outbox_events (organization_id, type, claim_id, data) VALUES ($${a}, $${b}, $${c}, $${d}::jsonb)`,
    values: [e.organizationId, e.type, e.claimId ?? null, JSON.stringify(e.data)],
  };
}

/**
 * The owner of `outbox_events`: the SQL that writes a domain event in its writer's statement
 * (transactional outbox, `outboxInsert`); hands unpublished events to the relay and loads them for
 * the events worker. The relay and the metrics work across tenants (one outbox for the
 * deployment): their methods say so.
 */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** One event of one organization, as its handlers receive it; null when that organization has no such event. */
  async load(organizationId: string, eventId: string): Promise<DomainEvent | null> {
    return (await this.loadMany(organizationId, [eventId]))[0] ?? null;
  }

  /** The events of one organization among these ids, in outbox order; ids it does not have are left out. */
  async loadMany(organizationId: string, eventIds: string[]): Promise<DomainEvent[]> {
    const rows = await prepared<{
      id: string;
      type: string;
      claim_id: string | null;
      data: Record<string, unknown>;
      created_at: Date;
    }>(
      this.ds,
      'outbox.load-many',
      `SELECT id, type, claim_id, data, created_at FROM outbox_events
        WHERE id = ANY($1::uuid[]) AND organization_id = $2 ORDER BY created_at, id`,
      [eventIds, organizationId],
    );
    return rows.map((row) => ({
      eventId: row.id,
      organizationId,
      type: row.type,
      claimId: row.claim_id,
      timestamp: new Date(row.created_at).toISOString(),
      data: row.data,
    }));
  }

  /** A batch of unpublished events, oldest first, locked for the caller's transaction (SKIP LOCKED: relays share none). */
  claimUnpublishedAcrossTenants(
    m: EntityManager,
    limit: number,
  ): Promise<{ id: string; type: string; organization_id: string }[]> {
    return m.query(
      `SELECT id, type, organization_id FROM outbox_events
        WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markPublished(m: EntityManager, ids: string[]): Promise<void> {
    await m.query(`UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** How many events wait for the relay, and the age of the oldest in seconds (the metrics' outbox lag). */
  async pendingAcrossTenants(): Promise<{ pending: number; lag: number }> {
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS lag
         FROM outbox_events WHERE published_at IS NULL`,
    );
    return row;
  }

  /** Forgets the organization's events (before the organization itself is deleted). */
  async deleteOf(scope: { organizationId: string }): Promise<void> {
    await this.ds.query(`DELETE FROM outbox_events WHERE organization_id = $1`, [scope.organizationId]);
  }
}
