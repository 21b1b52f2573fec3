import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { prepared } from '../../platform/database/prepared';
import type { TenantScope } from '../../platform/tenancy/tenant-scope';
import type { ClaimStatus } from '../claim-status';

export interface MatchCandidate {
  id: string;
  status: ClaimStatus;
  duplicateOfId: string | null;
  newsroomId: string | null;
  text: string;
  matchText: string;
  language: string;
  trigram: number;
}

/** How many nearest claims (by trigram similarity) are scored further. */
export const CANDIDATE_LIMIT = 20;
/** Candidate search never holds intake longer than this: past it, the claim is stored unmatched. */
export const CANDIDATE_TIMEOUT_MS = 2000;

/**
 * SQL of claim matching. Candidates come from the `%` operator of pg_trgm on `match_text` (the
 * accent-folded text without stop words), served by the GIN trigram index `claims_match_text_trgm`;
 * always scoped by organization.
 */
@Injectable()
export class MatchingRepository {
  /**
   * Serialises, for the rest of the transaction, the intake of claims with the same match text in an
   * organization, so two copies of one rumour arriving together cannot both become canonical.
   * Different texts do not wait for each other (an organization-wide lock capped intake at about
   * 30 claims/s: docs/benchmarks.md). Then finds the nearest claims by trigram similarity (`search`).
   *
   * The search runs in a savepoint under a statement timeout: one that takes too long is abandoned
   * (null) rather than failing or stalling the intake. The lock and the search settings go in one
   * statement (round trips are what intake spends most on after the search itself).
   * enable_seqscan off: where one organization holds most of the table, a sequential scan filtering
   * with `%` looked cheaper to the planner than the trigram index and was ~20 times slower (150 ms
   * against 4,145 claims). The migration ClaimMatchIndexNoPendingList also gives `%` its cost.
   */
  async lockAndFindCandidates(
    scope: TenantScope,
    m: EntityManager,
    matchText: string,
    minTrigram: number,
    limit = CANDIDATE_LIMIT,
  ): Promise<MatchCandidate[] | null> {
    const [{ prev }] = await m.query(
      `SELECT current_setting('statement_timeout') AS prev, pg_advisory_xact_lock(hashtextextended('claim-matching:' || $1 || ':' || $2, 0)),
              set_config('pg_trgm.similarity_threshold', $3, true), set_config('enable_seqscan', 'off', true), set_config('statement_timeout', $4, true)`,
      [scope.organizationId, matchText, String(minTrigram), String(CANDIDATE_TIMEOUT_MS)],
    );
    let rows: MatchCandidate[] | null;
    try {
      rows = await m.transaction((sp) => this.search(sp, scope.organizationId, matchText, limit));
    } catch (err) {
      const e = err as { code?: string; driverError?: { code?: string } };
      if (e.code !== '57014' && e.driverError?.code !== '57014') throw err;
      rows = null;
    }
    await m.query(`SELECT set_config('statement_timeout', $1, true), set_config('enable_seqscan', 'on', true)`, [prev]);
    return rows;
  }

  private async search(
    m: EntityManager,
    organizationId: string,
    matchText: string,
    limit: number,
  ): Promise<MatchCandidate[]> {
    // A prepared statement: planning it took a quarter of its time.
    const rows = await prepared<Record<string, unknown>>(
      m,
      'claims.match-candidates',
      `SELECT id, status, duplicate_of_id, newsroom_id, text, match_text, language, similarity(match_text, $2) AS trigram
         FROM claims
        WHERE organization_id = $1 AND match_text % $2
        ORDER BY trigram DESC, created_at ASC
        LIMIT $3`,
      [organizationId, matchText, limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      status: r.status as ClaimStatus,
      duplicateOfId: (r.duplicate_of_id as string | null) ?? null,
      newsroomId: (r.newsroom_id as string | null) ?? null,
      text: r.text as string,
      matchText: r.match_text as string,
      language: r.language as string,
      trigram: Number(r.trigram),
    }));
  }

  /** pg_trgm's similarity of each pair of match texts, in order (what `%` compares; the matching eval). */
  async similarities(m: EntityManager, pairs: [string, string][]): Promise<number[]> {
    const rows: { s: number }[] = await m.query(
      `SELECT similarity(a, b) AS s FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(a, b, i) ORDER BY i`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    return rows.map((r) => Number(r.s));
  }

  /** The status of each of these claims of the organization (the status of a canonical claim). */
  async statuses(scope: TenantScope, m: EntityManager, ids: string[]): Promise<Map<string, ClaimStatus>> {
    if (!ids.length) return new Map();
    const rows: { id: string; status: ClaimStatus }[] = await m.query(
      `SELECT id, status FROM claims WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [scope.organizationId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }
}
