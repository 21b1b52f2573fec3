import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import { TimeCursor } from '../platform/api/pagination';
import { prepared } from '../platform/database/prepared';
import { NewOutboxEvent, outboxInsert } from '../platform/outbox/outbox.repository';
import { returnedRows } from '../platform/database/returned-rows';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import { PUBLIC_VERDICT_STATUSES } from '../verdicts/verdict.entity';
import { ClaimHistory } from './claim-history.entity';
import { Claim } from './claim.entity';
import type { ClaimStatus, Priority } from './claim-status';

/** The columns of a claim row, named as the entity's properties. */
const CLAIM_COLUMNS = `id, organization_id AS "organizationId", newsroom_id AS "newsroomId", submitted_by_key_id AS "submittedByKeyId", text,
  normalized_text AS "normalizedText", match_text AS "matchText", language, language_detected AS "languageDetected", source_url AS "sourceUrl",
  appearances, speaker_name AS "speakerName", speaker_role AS "speakerRole", claim_date::text AS "claimDate", context, priority, tags,
  external_id AS "externalId", status, duplicate_of_id AS "duplicateOfId", assessment, created_at AS "createdAt", updated_at AS "updatedAt"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NewClaim = Pick<Claim, 'text' | 'normalizedText' | 'language'> &
  Partial<Omit<Claim, 'organizationId'>> & {
    /** The claim's keys in intake matching's index (`claim_match_keys`), written with it. */
    matchKeys?: string[];
  };

/** Columns a transition writes with the status: the assessment (research), the duplicate link (unlinking: null). */
export interface ClaimPatch {
  assessment?: Record<string, unknown> | null;
  duplicateOfId?: null;
}

export interface ClaimFilters {
  status?: ClaimStatus;
  language?: string;
  priority?: Priority;
  q?: string;
  newsroomId?: string;
  since?: Date;
}

/**
 * The only place that reads and writes claims. Every query starts from `visible(scope)`: the
 * caller's organization, and for a newsroom key its own newsroom, so no query can forget the tenant.
 */
@Injectable()
export class ClaimsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private visible(scope: Principal, manager: EntityManager = this.ds.manager): SelectQueryBuilder<Claim> {
    const qb = manager
      .getRepository(Claim)
      .createQueryBuilder('c')
      .where('c.organization_id = :org', { org: scope.organizationId });
    if (scope.newsroomId) qb.andWhere('c.newsroom_id = :own', { own: scope.newsroomId });
    return qb;
  }

  find(scope: Principal, id: string, manager?: EntityManager): Promise<Claim | null> {
    return this.visible(scope, manager).andWhere('c.id = :id', { id }).getOne();
  }

  /**
   * Of these claims of the organization, the ids the scope may be shown: every one for a desk key
   * (no newsroom); for a newsroom, its own claims and those with a public verdict, the rule of the
   * verdict routes. Matching and events use it so that a newsroom never learns the id, score or
   * fields of a claim it could not read.
   */
  async readableBy(
    scope: Pick<Principal, 'organizationId' | 'newsroomId'>,
    ids: Iterable<string | null | undefined>,
    manager: EntityManager = this.ds.manager,
  ): Promise<Set<string>> {
    const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string'))];
    if (!scope.newsroomId) return new Set(wanted);
    const uuids = wanted.filter((id) => UUID.test(id)); // anything else names no claim a newsroom may read
    if (!uuids.length) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT c.id FROM claims c
        WHERE c.organization_id = $1 AND c.id = ANY($2::uuid[])
          AND (c.newsroom_id = $3 OR EXISTS (SELECT 1 FROM verdicts v WHERE v.organization_id = c.organization_id AND v.claim_id = c.id AND v.status = ANY($4::text[])))`,
      [scope.organizationId, uuids, scope.newsroomId, [...PUBLIC_VERDICT_STATUSES]],
    );
    return new Set(rows.map((r) => r.id));
  }

  list(scope: Principal, f: ClaimFilters, cursor: TimeCursor | null, limit: number): Promise<Claim[]> {
    const qb = this.visible(scope);
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.language) qb.andWhere('c.language = :language', { language: f.language });
    if (f.priority) qb.andWhere('c.priority = :priority', { priority: f.priority });
    if (f.newsroomId) qb.andWhere('c.newsroom_id = :nid', { nid: f.newsroomId });
    if (f.since) qb.andWhere('c.created_at >= :since', { since: f.since });
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w.where('c.text ILIKE :like', { like }).orWhere('c.normalized_text LIKE lower(unaccent(:like))', { like }),
        ),
      );
    }
    if (cursor) qb.andWhere('(c.created_at, c.id) < (:c, :i)', { c: cursor.createdAt, i: cursor.id });
    return qb
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  /**
   * Stores a new claim, and its keys in intake matching's index (`claim_match_keys`, read by
   * MatchingRepository), in one statement, and returns it. The claim is stored in the scope's
   * organization. A prepared statement, like `addHistory` (a history row and its event): the statements
   * run for every claim (docs/benchmarks.md: round trips and planning are what intake spends most on).
   */
  async insert(scope: TenantScope, manager: EntityManager, c: NewClaim): Promise<Claim> {
    const [row] = await prepared<Claim>(
      manager,
      'claims.insert',
      `WITH claim AS (
         INSERT INTO claims (organization_id, newsroom_id, submitted_by_key_id, text, normalized_text, match_text, language, language_detected, source_url,
                             appearances, speaker_name, speaker_role, claim_date, context, priority, tags, external_id, status, duplicate_of_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11, $12, $13::date, $14, $15, $16::text[], $17, $18, $19)
         RETURNING ${CLAIM_COLUMNS}
       ), keys AS (
         INSERT INTO claim_match_keys (key, created_at, claim_id, organization_id)
         SELECT DISTINCT k, claim."createdAt", claim.id, claim."organizationId" FROM claim, unnest($20::bigint[]) AS k
       )
       SELECT * FROM claim`,
      [
        scope.organizationId,
        c.newsroomId ?? null,
        c.submittedByKeyId ?? null,
        c.text,
        c.normalizedText,
        c.matchText ?? '',
        c.language,
        c.languageDetected ?? false,
        c.sourceUrl ?? null,
        c.appearances ?? [],
        c.speakerName ?? null,
        c.speakerRole ?? null,
        c.claimDate ?? null,
        c.context ?? null,
        c.priority ?? 'normal',
        c.tags ?? [],
        c.externalId ?? null,
        c.status ?? 'received',
        c.duplicateOfId ?? null,
        c.matchKeys ?? [],
      ],
    );
    return row;
  }

  /** The claim of the organization, locked FOR UPDATE for the rest of the transaction (ClaimLifecycle.lock). */
  lock(scope: TenantScope, manager: EntityManager, id: string): Promise<Claim | null> {
    return manager
      .getRepository(Claim)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.organization_id = :org AND c.id = :id', { org: scope.organizationId, id })
      .getOne();
  }

  /** Writes a status (and the columns of `patch`); returns the claim as written. Only ClaimLifecycle calls it. */
  async writeStatus(
    scope: TenantScope,
    manager: EntityManager,
    id: string,
    status: ClaimStatus,
    patch: ClaimPatch = {},
  ): Promise<Claim> {
    const [row] = returnedRows<Claim>(
      await manager.query(
        `UPDATE claims SET status = $3, updated_at = now(),
              assessment = CASE WHEN $4 THEN $5::jsonb ELSE assessment END,
              duplicate_of_id = CASE WHEN $6 THEN NULL ELSE duplicate_of_id END
        WHERE organization_id = $1 AND id = $2
       RETURNING ${CLAIM_COLUMNS}`,
        [
          scope.organizationId,
          id,
          status,
          patch.assessment !== undefined,
          patch.assessment == null ? null : JSON.stringify(patch.assessment),
          patch.duplicateOfId === null,
        ],
      ),
    );
    return row;
  }

  /**
   * Appends a row to a claim's history (who, when, from, to, why) and, when the change has one, its
   * outbox event, in one statement (one round trip; the event's SQL is the outbox's
   * `outboxInsert`). Only ClaimLifecycle calls it.
   */
  async addHistory(
    scope: TenantScope,
    manager: EntityManager,
    h: Pick<ClaimHistory, 'claimId' | 'action'> & Partial<ClaimHistory>,
    event?: NewOutboxEvent,
  ): Promise<void> {
    const history = `INSERT INTO claim_history (organization_id, claim_id, action, from_status, to_status, actor_key_id, reason, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`;
    const values = [
      scope.organizationId,
      h.claimId,
      h.action,
      h.fromStatus ?? null,
      h.toStatus ?? null,
      h.actorKeyId ?? null,
      h.reason ?? null,
      h.details == null ? null : JSON.stringify(h.details),
    ];
    if (!event) return void (await prepared(manager, 'claims.add-history', history, values));
    const insert = outboxInsert(event, values.length + 1);
    await prepared(manager, 'claims.add-history-and-event', `WITH history AS (${history}) ${insert.sql}`, [
      ...values,
      ...insert.values,
    ]);
  }

  history(scope: Principal, claimId: string, afterId: string | null, limit: number): Promise<ClaimHistory[]> {
    const qb = this.ds
      .getRepository(ClaimHistory)
      .createQueryBuilder('h')
      .where('h.organization_id = :org AND h.claim_id = :claimId', { org: scope.organizationId, claimId });
    if (afterId) qb.andWhere('h.id > :after', { after: afterId });
    return qb
      .orderBy('h.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }
}
