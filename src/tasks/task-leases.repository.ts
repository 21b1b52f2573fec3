import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import { allowedFromSql, HISTORY_INSERT_SQL, statusAfterSql } from '../claims/lifecycle/claim-lifecycle';
import { prepared } from '../platform/database/prepared';
import { returnedRows } from '../platform/database/returned-rows';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import { TimeCursor } from '../platform/api/pagination';
import { Task, TaskKind, TaskStatus } from './task.entity';
import { COLUMNS } from './tasks.repository';

/** The console's queue filters. */
export interface QueueFilters {
  kind?: TaskKind;
  language?: string;
  /** `open`: waiting (or held under an expired lease); `claimed`: held now; `active`: both. */
  status: 'active' | 'open' | 'claimed';
  /** Minimum task priority rank (low 0 … urgent 3). */
  priority?: number;
  /** Words of the claim's text. */
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
  /** The holder under a live lease (a person or an API key), else null. */
  holderId: string | null;
  leaseExpiresAt: Date | null;
}

export interface ActiveTask {
  id: string;
  kind: TaskKind;
  status: string;
  note: string | null;
  verdictId: string | null;
  assigneeKeyId: string | null;
  /** Claimed under a live lease. */
  held: boolean;
}

/** A claimed task under a live lease: `claimed` with a lease that has not expired. */
const HELD = "t.status = 'claimed' AND t.lease_expires_at > now()";

export interface TaskFilters {
  status?: TaskStatus;
  kind?: TaskKind;
  assigneeKeyId?: string;
}

/** The content of a verdict draft as stored (evidence ids without duplicates). */
export interface DraftContent {
  rating: string;
  summary: string;
  title: string | null;
  evidenceIds: string[];
  sources: string[];
}

export interface NextTaskQuery {
  kinds: TaskKind[];
  /** null: every language. */
  languages: string[] | null;
  /** Review tasks of verdicts written by this key are not offered (four-eyes); null to allow them. */
  excludeAuthorKeyId: string | null;
}

/** The claim status of the single statements below, from the claim lifecycle's table (`claim.status`: the locked claim). */
const CHECK_CLAIMED_STATUS = statusAfterSql('check_claimed', 'claim.status');
const REVIEW_CLAIMED_STATUS = statusAfterSql('review_claimed', 'claim.status');
const DRAFTED_STATUS = statusAfterSql('verdict_drafted', 'claim.status');

/**
 * Leases on tasks: every query is scoped by the caller's organization. A task is claimable when it
 * is `open`, or `claimed` with an expired lease; claiming picks rows with FOR UPDATE SKIP LOCKED so
 * concurrent callers never get the same row, and sets a fresh lease token (fencing: the previous
 * holder's token stops matching).
 */
@Injectable()
export class TaskLeasesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  find(scope: Principal, id: string, manager: EntityManager = this.ds.manager, lock = false): Promise<Task | null> {
    const qb = manager
      .getRepository(Task)
      .createQueryBuilder('t')
      .where('t.organization_id = :org AND t.id = :id', { org: scope.organizationId, id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  list(scope: Principal, f: TaskFilters, cursor: TimeCursor | null, limit: number): Promise<Task[]> {
    const qb = this.ds
      .getRepository(Task)
      .createQueryBuilder('t')
      .where('t.organization_id = :org', { org: scope.organizationId });
    if (f.status) qb.andWhere('t.status = :status', { status: f.status });
    if (f.kind) qb.andWhere('t.kind = :kind', { kind: f.kind });
    if (f.assigneeKeyId) qb.andWhere('t.assignee_key_id = :me', { me: f.assigneeKeyId });
    if (cursor) qb.andWhere('(t.created_at, t.id) < (:c, :i)', { c: cursor.createdAt, i: cursor.id });
    return qb
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  /**
   * The console's queue: active tasks with their claim's text, best first. It reads `claims` in
   * the same statement because the text filter needs it (docs/architecture.md, exceptions).
   */
  queue(scope: TenantScope, f: QueueFilters, limit = 100): Promise<QueueRow[]> {
    const status =
      f.status === 'active'
        ? `t.status IN ('open', 'claimed')`
        : f.status === 'claimed'
          ? HELD
          : `(t.status = 'open' OR (t.status = 'claimed' AND t.lease_expires_at <= now()))`;
    const like = f.q ? `%${f.q.replace(/[\\%_]/g, (ch) => '\\' + ch)}%` : null;
    return this.ds.query(
      `SELECT t.id AS "taskId", t.kind, t.priority, t.language, t.note, c.id AS "claimId", c.text AS "claimText",
              CASE WHEN ${HELD} THEN t.assignee_key_id END AS "holderId",
              CASE WHEN ${HELD} THEN t.lease_expires_at END AS "leaseExpiresAt"
         FROM tasks t
         JOIN claims c ON c.id = t.claim_id AND c.organization_id = t.organization_id
        WHERE t.organization_id = $1 AND ${status}
          AND ($2::text IS NULL OR t.kind = $2) AND ($3::text IS NULL OR t.language = $3)
          AND ($4::int IS NULL OR t.priority >= $4) AND ($5::text IS NULL OR c.text ILIKE $5)
          AND ($6::uuid IS NULL OR (t.assignee_key_id = $6 AND ${HELD}))
        ORDER BY t.priority DESC, t.created_at ASC, t.id
        LIMIT $7`,
      [scope.organizationId, f.kind ?? null, f.language ?? null, f.priority ?? null, like, f.mineOf ?? null, limit],
    );
  }

  /** The task of this claim the actor holds under a live lease (its token is shown to the holder only). */
  async heldOn(scope: TenantScope, claimId: string, actorId: string): Promise<Task | null> {
    return this.ds
      .getRepository(Task)
      .createQueryBuilder('t')
      .where(`t.organization_id = :org AND t.claim_id = :claimId AND t.assignee_key_id = :actorId AND ${HELD}`, {
        org: scope.organizationId,
        claimId,
        actorId,
      })
      .orderBy('t.created_at', 'DESC')
      .getOne();
  }

  /** The open or claimed tasks of the claim, oldest first. */
  activeOn(scope: TenantScope, claimId: string): Promise<ActiveTask[]> {
    return this.ds.query(
      `SELECT t.id, t.kind, t.status, t.note, t.verdict_id AS "verdictId", t.assignee_key_id AS "assigneeKeyId", (${HELD}) AS held
         FROM tasks t WHERE t.organization_id = $1 AND t.claim_id = $2 AND t.status IN ('open', 'claimed') ORDER BY t.created_at`,
      [scope.organizationId, claimId],
    );
  }

  /**
   * Claims the best claimable task (priority, then age) for the caller and records it on the claim,
   * in one statement (`claimWith`); null when none. `status IN ('open', 'claimed')` lets PostgreSQL
   * walk the partial index `tasks_claimable` in claim order and stop at the first free row, instead
   * of sorting the whole backlog at every call. It reads the row of each held task on its way (a
   * lease column in the index was tried and was slower: docs/decisions.md, Performance).
   */
  async claimNext(
    scope: Principal,
    q: NextTaskQuery,
    leaseSeconds: number,
  ): Promise<{ task: Task; wasExpired: boolean } | null> {
    const pick = `SELECT t.id, t.claim_id, t.status = 'claimed' AS was_expired FROM tasks t
          WHERE t.organization_id = $1 AND t.status IN ('open', 'claimed')
            AND (t.status = 'open' OR t.lease_expires_at <= now())
            AND t.kind = ANY($4::text[]) AND ($5::text[] IS NULL OR t.language = ANY($5::text[]))
            AND ($6::uuid IS NULL OR t.kind <> 'review' OR NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.id = t.verdict_id AND v.author_key_id = $6))
          ORDER BY t.priority DESC, t.created_at ASC, t.id ASC
          LIMIT 1
          FOR UPDATE SKIP LOCKED`;
    return this.claimWith('tasks.claim-next', pick, [
      scope.organizationId,
      scope.keyId,
      leaseSeconds,
      q.kinds,
      q.languages,
      q.excludeAuthorKeyId,
    ]);
  }

  /** Claims one named task if it is claimable and records it on the claim, in one statement; null when it is not (taken, done, cancelled). */
  async claimById(
    scope: Principal,
    id: string,
    leaseSeconds: number,
  ): Promise<{ task: Task; wasExpired: boolean } | null> {
    const pick = `SELECT t.id, t.claim_id, t.status = 'claimed' AS was_expired FROM tasks t
          WHERE t.organization_id = $1 AND t.id = $4
            AND (t.status = 'open' OR (t.status = 'claimed' AND t.lease_expires_at <= now()))
          FOR UPDATE SKIP LOCKED`;
    return this.claimWith('tasks.claim-by-id', pick, [scope.organizationId, scope.keyId, leaseSeconds, id]);
  }

  /**
   * One statement (hence one transaction, one round trip) that claims the task chosen by `pick` and
   * records it on its claim, as `next` and `claim` did in four statements:
   * - `pick` locks the task row (FOR UPDATE SKIP LOCKED: two callers never get the same task);
   * - `locked` then locks its claim row (FOR UPDATE; task, then claim: the order of the transaction
   *   this replaces, of release and of the lease sweep) and reads its latest status (a locking read
   *   sees the newest committed row);
   *   `claim` is that row if it is in the caller's organization;
   * - `claimed` sets the fresh lease (a new random token: fencing), only when `claim` was found;
   * - `moved`: a check task takes its claim from `ready_for_check` to `in_check` (no write otherwise,
   *   like `VerdictsService.setStatus`);
   * - `history`: the `check_claimed` / `review_claimed` row (from/to status as in `moved`), with
   *   `previousLeaseExpired` when the task was taken over from an expired lease.
   * `moved` and `history` read `claimed`, so they write only when the task was claimed. A task
   * whose claim is not in the caller's organization (never the case: tasks are opened from their
   * claim's organization) is not claimed at all.
   * `pick` selects (id, claim_id, was_expired) of at most one task and uses $1 = organization,
   * $4… for itself; $2 = the caller's key, $3 = lease seconds. MATERIALIZED: `pick` runs once even
   * though it is read several times (it must not pick a second row). The claim row is locked by
   * its primary key alone, and its organization checked afterwards: with `organization_id = $1` in
   * the same WHERE, the planner takes an organization index for an organization the statistics do
   * not know yet (a new one) and scans all its claims.
   * A named prepared statement (`name`): planned once per connection, not on every call (~0.9 ms).
   */
  private async claimWith(
    name: string,
    pick: string,
    params: unknown[],
  ): Promise<{ task: Task; wasExpired: boolean } | null> {
    const rows = await prepared<Task & { wasExpired: boolean }>(
      this.ds,
      name,
      `WITH pick AS MATERIALIZED (${pick}),
       locked AS MATERIALIZED (
         SELECT c.id, c.organization_id, c.status FROM claims c WHERE c.id = (SELECT claim_id FROM pick) FOR UPDATE),
       claim AS MATERIALIZED (
         SELECT locked.id, locked.status FROM locked WHERE locked.organization_id = $1),
       claimed AS (
         UPDATE tasks t SET status = 'claimed', assignee_key_id = $2, lease_token = gen_random_uuid(), lease_expires_at = now() + make_interval(secs => $3)
           FROM pick JOIN claim ON claim.id = pick.claim_id
          WHERE t.id = pick.id
         RETURNING ${COLUMNS}, pick.was_expired AS "wasExpired"),
       moved AS (
         UPDATE claims c SET status = ${CHECK_CLAIMED_STATUS}, updated_at = now()
           FROM claimed JOIN claim ON claim.id = claimed."claimId"
          WHERE c.id = claim.id AND claimed.kind = 'check' AND ${CHECK_CLAIMED_STATUS} <> claim.status),
       history AS (
         ${HISTORY_INSERT_SQL}
         SELECT $1, claim.id, claimed.kind || '_claimed', claim.status,
                CASE WHEN claimed.kind = 'check' THEN ${CHECK_CLAIMED_STATUS} ELSE ${REVIEW_CLAIMED_STATUS} END,
                $2, jsonb_build_object('taskId', claimed.id) || CASE WHEN claimed."wasExpired" THEN '{"previousLeaseExpired": true}'::jsonb ELSE '{}'::jsonb END
           FROM claimed JOIN claim ON claim.id = claimed."claimId")
       SELECT * FROM claimed`,
      params,
    );
    if (!rows.length) return null;
    const { wasExpired, ...task } = rows[0];
    return { task: task as Task, wasExpired };
  }

  /**
   * Completes a check task with a verdict draft, in one statement (one round trip; on its own it is
   * its own transaction, inside `manager`'s transaction it is part of it). Writes, all or nothing:
   * the draft, the task `done`, the `review` task of the draft, the claim `in_review` and the
   * `verdict_drafted` history row — what TasksService did in nine statements and a transaction. Returns null, having
   * written nothing, unless every check passes:
   * - `held`: the task is a `check` task of the organization and the caller holds its live lease
   *   (same key, same token, not expired: fencing); locked FOR UPDATE;
   * - `locked` / `claim`: its claim, locked FOR UPDATE after the task (the order of the transaction
   *   this replaces), read at its newest committed version (by primary key, see `claimWith`), in the
   *   organization; and every evidence id is evidence of this claim.
   * The caller finds out why (404, 409, 400) on its transactional path. `content.evidenceIds` must
   * be free of duplicates (they are stored as given and counted against the evidence rows).
   * A named prepared statement: planned once per connection, not on every call (~0.8 ms).
   */
  async completeCheck(
    manager: EntityManager,
    scope: Principal,
    id: string,
    token: string,
    content: DraftContent,
  ): Promise<{ task: Task; verdictId: string; nextTaskId: string } | null> {
    const rows = await prepared<Task & { draftId: string; reviewTaskId: string }>(
      manager,
      'tasks.complete-check',
      `WITH held AS MATERIALIZED (
         SELECT t.id, t.claim_id, t.priority, t.language FROM tasks t
          WHERE t.organization_id = $1 AND t.id = $2 AND t.kind = 'check'
            AND t.status = 'claimed' AND t.assignee_key_id = $3 AND t.lease_token = $4 AND t.lease_expires_at > now()
          FOR UPDATE),
       locked AS MATERIALIZED (
         SELECT c.id, c.organization_id, c.status FROM claims c WHERE c.id = (SELECT claim_id FROM held) FOR UPDATE),
       claim AS MATERIALIZED (
         SELECT locked.id, locked.status FROM locked
          WHERE locked.organization_id = $1
            AND ${allowedFromSql('verdict_drafted', 'locked.status')}
            AND (SELECT count(*) FROM evidence e WHERE e.organization_id = $1 AND e.claim_id = locked.id AND e.id = ANY($8::uuid[])) = cardinality($8::uuid[])),
       draft AS (
         INSERT INTO verdicts (organization_id, claim_id, status, rating, title, summary, evidence_ids, sources, author_key_id)
         SELECT $1, claim.id, 'draft', $5, $6, $7, $8::uuid[], $9::text[], $3 FROM claim
         RETURNING id, rating),
       done AS (
         UPDATE tasks t SET status = 'done', lease_token = NULL, lease_expires_at = NULL, completed_at = now()
           FROM held JOIN claim ON claim.id = held.claim_id
          WHERE t.id = held.id
         RETURNING ${COLUMNS}),
       review AS (
         INSERT INTO tasks (organization_id, claim_id, kind, status, priority, language, verdict_id)
         SELECT $1, claim.id, 'review', 'open', held.priority, held.language, draft.id FROM held JOIN claim ON claim.id = held.claim_id, draft
         RETURNING id),
       moved AS (
         UPDATE claims c SET status = ${DRAFTED_STATUS}, updated_at = now()
           FROM claim WHERE c.id = claim.id AND ${DRAFTED_STATUS} <> claim.status),
       history AS (
         ${HISTORY_INSERT_SQL}
         SELECT $1, claim.id, 'verdict_drafted', claim.status, ${DRAFTED_STATUS}, $3,
                jsonb_build_object('taskId', held.id, 'verdictId', draft.id, 'rating', draft.rating, 'reviewTaskId', review.id)
           FROM held JOIN claim ON claim.id = held.claim_id, draft, review)
       SELECT done.*, draft.id AS "draftId", review.id AS "reviewTaskId" FROM done, draft, review`,
      [
        scope.organizationId,
        id,
        scope.keyId,
        token,
        content.rating,
        content.title,
        content.summary,
        content.evidenceIds,
        content.sources,
      ],
    );
    if (!rows.length) return null;
    const { draftId, reviewTaskId, ...task } = rows[0];
    return { task: task as Task, verdictId: draftId, nextTaskId: reviewTaskId };
  }

  /** Extends the lease when the caller still holds it (same key, same token, not expired). */
  async heartbeat(scope: Principal, id: string, token: string, leaseSeconds: number): Promise<Task | null> {
    const rows = returnedRows<Task>(
      await this.ds.query(
        `UPDATE tasks t SET lease_expires_at = now() + make_interval(secs => $5)
        WHERE t.organization_id = $1 AND t.id = $2 AND t.status = 'claimed' AND t.assignee_key_id = $3 AND t.lease_token = $4 AND t.lease_expires_at > now()
       RETURNING ${COLUMNS}`,
        [scope.organizationId, id, scope.keyId, token, leaseSeconds],
      ),
    );
    return rows[0] ?? null;
  }

  /** True when `task` (read under lock) is held by the caller with this token and the lease is live. */
  static holds(task: Task, scope: Principal, token: string, now = new Date()): boolean {
    return (
      task.status === 'claimed' &&
      task.assigneeKeyId === scope.keyId &&
      task.leaseToken === token &&
      !!task.leaseExpiresAt &&
      task.leaseExpiresAt > now
    );
  }

  /** Returns the task to the pool; returns it as written (RETURNING, no second read). */
  async reopen(scope: TenantScope, manager: EntityManager, id: string, note: string | null): Promise<Task> {
    const rows = returnedRows<Task>(
      await manager.query(
        `UPDATE tasks t SET status = 'open', assignee_key_id = NULL, lease_token = NULL, lease_expires_at = NULL, note = COALESCE($3, t.note) WHERE t.organization_id = $1 AND t.id = $2 RETURNING ${COLUMNS}`,
        [scope.organizationId, id, note],
      ),
    );
    return rows[0];
  }

  /** Ends the task; returns it as written. */
  async finish(scope: TenantScope, manager: EntityManager, id: string, status: 'done' | 'cancelled'): Promise<Task> {
    const rows = returnedRows<Task>(
      await manager.query(
        `UPDATE tasks t SET status = $3, lease_token = NULL, lease_expires_at = NULL, completed_at = now() WHERE t.organization_id = $1 AND t.id = $2 RETURNING ${COLUMNS}`,
        [scope.organizationId, id, status],
      ),
    );
    return rows[0];
  }

  /** Across organizations (the worker's lease sweep): returns tasks whose lease expired to the pool; returns them. */
  async expireAcrossTenants(manager: EntityManager, limit = 500): Promise<Task[]> {
    return returnedRows<Task>(
      await manager.query(
        `WITH gone AS (SELECT id FROM tasks WHERE status = 'claimed' AND lease_expires_at <= now() ORDER BY lease_expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE tasks t SET status = 'open', assignee_key_id = NULL, lease_token = NULL, lease_expires_at = NULL
         FROM gone WHERE t.id = gone.id
       RETURNING ${COLUMNS}`,
        [limit],
      ),
    );
  }

  /** Open tasks by kind across organizations (metrics). */
  openByKindAcrossTenants(): Promise<{ kind: string; count: string }[]> {
    return this.ds.query(`SELECT kind, count(*)::text AS count FROM tasks WHERE status = 'open' GROUP BY kind`);
  }
}
