import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Claim } from '../claims/claim.entity';
import { PRIORITY_RANK } from '../claims/claim-status';
import { returnedRows } from '../platform/database/returned-rows';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import { Task, TaskKind } from './task.entity';

/**
 * Opening and cancelling the tasks of a claim, for the features that move claims (research,
 * verdicts); leases live in TaskLeasesRepository. Every statement is scoped by organization.
 */
@Injectable()
export class TasksRepository {
  /**
   * Opens the claim's `check` task unless one is already open or claimed (the partial unique index
   * `tasks_one_active_per_claim_kind` makes a second insert a no-op). Returns the active task.
   */
  async openCheckTask(
    scope: TenantScope,
    manager: EntityManager,
    claim: Pick<Claim, 'id' | 'priority' | 'language'>,
    o: { verdictId?: string | null; note?: string | null } = {},
  ): Promise<Task> {
    await manager.query(
      `INSERT INTO tasks (organization_id, claim_id, kind, status, priority, language, verdict_id, note)
       VALUES ($1, $2, 'check', 'open', $3, $4, $5, $6)
       ON CONFLICT (claim_id, kind) WHERE status IN ('open', 'claimed') DO NOTHING`,
      [
        scope.organizationId,
        claim.id,
        PRIORITY_RANK[claim.priority] ?? 1,
        claim.language,
        o.verdictId ?? null,
        o.note ?? null,
      ],
    );
    return manager
      .getRepository(Task)
      .createQueryBuilder('t')
      .where(`t.organization_id = :org AND t.claim_id = :id AND t.kind = 'check' AND t.status IN ('open', 'claimed')`, {
        org: scope.organizationId,
        id: claim.id,
      })
      .getOneOrFail();
  }

  async open(
    scope: TenantScope,
    manager: EntityManager,
    t: {
      claimId: string;
      kind: TaskKind;
      priority: number;
      language: string;
      verdictId: string | null;
      note: string | null;
    },
  ): Promise<Task> {
    const [row] = returnedRows<Task>(
      await manager.query(
        `INSERT INTO tasks AS t (organization_id, claim_id, kind, status, priority, language, verdict_id, note)
       VALUES ($1, $2, $3, 'open', $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [scope.organizationId, t.claimId, t.kind, t.priority, t.language, t.verdictId, t.note],
      ),
    );
    return row;
  }

  /** Cancels every open or claimed task of a claim (dismissal); returns their ids. */
  async cancelActive(scope: TenantScope, manager: EntityManager, claimId: string): Promise<string[]> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE tasks SET status = 'cancelled', lease_token = NULL, lease_expires_at = NULL, completed_at = now()
        WHERE organization_id = $1 AND claim_id = $2 AND status IN ('open', 'claimed') RETURNING id`,
        [scope.organizationId, claimId],
      ),
    );
    return rows.map((r) => r.id);
  }

  /** The status of the open or claimed review task of a draft; null when it has none. */
  async activeReviewStatus(
    scope: TenantScope,
    manager: EntityManager,
    verdictId: string,
  ): Promise<'open' | 'claimed' | null> {
    const [row] = await manager.query(
      `SELECT status FROM tasks WHERE organization_id = $1 AND verdict_id = $2 AND kind = 'review' AND status IN ('open', 'claimed')`,
      [scope.organizationId, verdictId],
    );
    return row?.status ?? null;
  }
}

/** The columns of a task row, named as the entity's properties (for `RETURNING`). */
export const COLUMNS = `t.id, t.organization_id AS "organizationId", t.claim_id AS "claimId", t.kind, t.status, t.priority, t.language,
  t.created_at AS "createdAt", t.assignee_key_id AS "assigneeKeyId", t.lease_token AS "leaseToken", t.lease_expires_at AS "leaseExpiresAt",
  t.completed_at AS "completedAt", t.verdict_id AS "verdictId", t.note`;
