import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { EventType } from '../queue/queue-names';
import { OutboxEvent } from './outbox-event.entity';

/** Writes domain events in the caller's transaction (transactional outbox). */
@Injectable()
export class OutboxService {
  async record(manager: EntityManager, e: { organizationId: string; type: EventType; claimId?: string | null; data: Record<string, unknown> }): Promise<OutboxEvent> {
    const repo = manager.getRepository(OutboxEvent);
    return repo.save(repo.create({ organizationId: e.organizationId, type: e.type, claimId: e.claimId ?? null, data: e.data, publishedAt: null }));
  }
}
