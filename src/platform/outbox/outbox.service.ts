import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { prepared } from '../database/prepared';
import type { DomainEvent, EventType } from '../queue/queue-names';

/** The owner of `outbox_events`: writes domain events in the caller's transaction (transactional outbox), loads them for the events worker. */
@Injectable()
export class OutboxService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** One event of one organization, as its handlers receive it; null when that organization has no such event. */
  async load(organizationId: string, eventId: string): Promise<DomainEvent | null> {
    const [row] = await prepared<{
      type: string;
      claim_id: string | null;
      data: Record<string, unknown>;
      created_at: Date;
    }>(
      this.ds,
      'outbox.load',
      `SELECT type, claim_id, data, created_at FROM outbox_events WHERE id = $1 AND organization_id = $2`,
      [eventId, organizationId],
    );
    return row
      ? {
          eventId,
          organizationId,
          type: row.type,
          claimId: row.claim_id,
          timestamp: new Date(row.created_at).toISOString(),
          data: row.data,
        }
      : null;
  }

  /** A prepared statement: it runs for every event. */
  async record(
    manager: EntityManager,
    e: { organizationId: string; type: EventType; claimId?: string | null; data: Record<string, unknown> },
  ): Promise<void> {
    await prepared(
      manager,
      'outbox.record',
      `INSERT INTO outbox_events (organization_id, type, claim_id, data) VALUES ($1, $2, $3, $4::jsonb)`,
      [e.organizationId, e.type, e.claimId ?? null, JSON.stringify(e.data)],
    );
  }
}
