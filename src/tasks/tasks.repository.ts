import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Claim } from '../claims/claim.entity';
import { PRIORITY_RANK } from '../claims/claim-status';
import { Task } from './task.entity';

@Injectable()
export class TasksRepository {
  /**
   * Opens the claim's `check` task unless one is already open or claimed (the partial unique index
   * `tasks_one_active_per_claim_kind` makes a second insert a no-op). Returns the active task.
   */
  async openCheckTask(manager: EntityManager, claim: Pick<Claim, 'id' | 'organizationId' | 'priority' | 'language'>): Promise<Task> {
    await manager.query(
      `INSERT INTO tasks (organization_id, claim_id, kind, status, priority, language)
       VALUES ($1, $2, 'check', 'open', $3, $4)
       ON CONFLICT (claim_id, kind) WHERE status IN ('open', 'claimed') DO NOTHING`,
      [claim.organizationId, claim.id, PRIORITY_RANK[claim.priority] ?? 1, claim.language],
    );
    return manager
      .getRepository(Task)
      .createQueryBuilder('t')
      .where(`t.claim_id = :id AND t.kind = 'check' AND t.status IN ('open', 'claimed')`, { id: claim.id })
      .getOneOrFail();
  }
}
