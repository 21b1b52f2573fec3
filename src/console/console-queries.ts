import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import type { TaskKind } from '../tasks/task.entity';

export interface QueueFilters {
  kind?: TaskKind;
  language?: string;
  /** `open`: waiting (or held under an expired lease); `claimed`: held now; `active`: both. */
  status: 'active' | 'open' | 'claimed';
  /** Minimum task priority rank (low 0 … urgent 3). */
  priority?: number;
  q?: string;
  /** Only the tasks this actor holds. */
  mineOf?: string;
}

export interface QueueRow {
  taskId: string;
  kind: TaskKind;
  priority: number;
  language: string;
  note: string | null;
  claimId: string;
  claimText: string;
  holderId: string | null;
  holderName: string | null;
  leaseExpiresAt: Date | null;
}

export interface ActorName {
  id: string;
  name: string;
}

/**
 * The console's reads that join what the API serves in several calls (tasks with their claim's
 * text and holder's name, history with actor names). Reads only: every write goes through the
 * services the REST API uses.
 */
@Injectable()
export class ConsoleQueries {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  queue(scope: TenantScope, f: QueueFilters, limit = 100): Promise<QueueRow[]> {
    const held = "t.status = 'claimed' AND t.lease_expires_at > now()";
    const status =
      f.status === 'active'
        ? `t.status IN ('open', 'claimed')`
        : f.status === 'claimed'
          ? held
          : `(t.status = 'open' OR (t.status = 'claimed' AND t.lease_expires_at <= now()))`;
    const like = f.q ? `%${f.q.replace(/[\\%_]/g, (ch) => '\\' + ch)}%` : null;
    return this.ds.query(
      `SELECT t.id AS "taskId", t.kind, t.priority, t.language, t.note, c.id AS "claimId", c.text AS "claimText",
              CASE WHEN ${held} THEN t.assignee_key_id END AS "holderId",
              CASE WHEN ${held} THEN p.display_name END AS "holderName",
              CASE WHEN ${held} THEN t.lease_expires_at END AS "leaseExpiresAt"
         FROM tasks t
         JOIN claims c ON c.id = t.claim_id AND c.organization_id = t.organization_id
         LEFT JOIN people p ON p.id = t.assignee_key_id AND p.organization_id = t.organization_id
        WHERE t.organization_id = $1 AND ${status}
          AND ($2::text IS NULL OR t.kind = $2) AND ($3::text IS NULL OR t.language = $3)
          AND ($4::int IS NULL OR t.priority >= $4) AND ($5::text IS NULL OR c.text ILIKE $5)
          AND ($6::uuid IS NULL OR (t.assignee_key_id = $6 AND ${held}))
        ORDER BY t.priority DESC, t.created_at ASC, t.id
        LIMIT $7`,
      [scope.organizationId, f.kind ?? null, f.language ?? null, f.priority ?? null, like, f.mineOf ?? null, limit],
    );
  }

  /** The task of this claim the actor holds under a live lease, with its token (only the holder is shown it). */
  async heldTask(scope: TenantScope, claimId: string, actorId: string) {
    const [row] = await this.ds.query(
      `SELECT id, kind, lease_token AS "leaseToken", lease_expires_at AS "leaseExpiresAt", verdict_id AS "verdictId", note
         FROM tasks WHERE organization_id = $1 AND claim_id = $2 AND status = 'claimed' AND assignee_key_id = $3 AND lease_expires_at > now()
        ORDER BY created_at DESC LIMIT 1`,
      [scope.organizationId, claimId, actorId],
    );
    return (row ?? null) as {
      id: string;
      kind: TaskKind;
      leaseToken: string;
      leaseExpiresAt: Date;
      verdictId: string | null;
      note: string | null;
    } | null;
  }

  /** The open or claimed tasks of the claim (the workspace offers to take an open one). */
  activeTasks(
    scope: TenantScope,
    claimId: string,
  ): Promise<
    {
      id: string;
      kind: TaskKind;
      status: string;
      note: string | null;
      verdictId: string | null;
      holderName: string | null;
      held: boolean;
    }[]
  > {
    return this.ds.query(
      `SELECT t.id, t.kind, t.status, t.note, t.verdict_id AS "verdictId", p.display_name AS "holderName",
              (t.status = 'claimed' AND t.lease_expires_at > now()) AS held
         FROM tasks t LEFT JOIN people p ON p.id = t.assignee_key_id AND p.organization_id = t.organization_id
        WHERE t.organization_id = $1 AND t.claim_id = $2 AND t.status IN ('open', 'claimed') ORDER BY t.created_at`,
      [scope.organizationId, claimId],
    );
  }

  /** Display names of these actor ids: people of the organization, else the API key's name. */
  async actorNames(scope: TenantScope, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((x): x is string => typeof x === 'string'))];
    if (!wanted.length) return new Map();
    const rows: ActorName[] = await this.ds.query(
      `SELECT id, display_name AS name FROM people WHERE organization_id = $1 AND id = ANY($2::uuid[])
       UNION ALL SELECT id, name FROM api_keys WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [scope.organizationId, wanted],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
