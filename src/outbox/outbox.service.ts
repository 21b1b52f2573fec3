import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { prepared } from '../database/prepared';
import type { EventType } from '../queue/queue-names';

/** Writes domain events in the caller's transaction (transactional outbox). A prepared statement: it runs for every event. */
@Injectable()
export class OutboxService {
  async record(manager: EntityManager, e: { organizationId: string; type: EventType; claimId?: string | null; data: Record<string, unknown> }): Promise<void> {
    await prepared(manager, 'outbox.record', `INSERT INTO outbox_events (organization_id, type, claim_id, data) VALUES ($1, $2, $3, $4::jsonb)`, [
      e.organizationId,
      e.type,
      e.claimId ?? null,
      JSON.stringify(e.data),
    ]);
  }
}
