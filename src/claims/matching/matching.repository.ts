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
/**
 * How many claims one key of the new claim (a token, or a pair of neighbouring sorted tokens:
 * `matchKeys`) may bring: the latest ones with that key. Bounds the search: at most (keys × this)
 * index entries, however large the organization. A duplicate is missed only if, for every key the
 * two claims share, this many later claims hold it too. 10 since the pair keys (session 14; it was
 * 50 with token keys only): `npm run eval -- matching-crowded` keeps its recall with 10, and the
 * search reads at most two fifths of the entries it did ((2n − 1) × 10 for n tokens against n × 50;
 * docs/benchmarks.md).
 */
export const CANDIDATES_PER_KEY = 10;
/**
 * How many of the claims found are ranked by trigram similarity (about 10 µs each): those with the
 * highest sum over their shared keys of 1 / (claims that key brought), i.e. rare keys first. At
 * most this many candidates come back (CANDIDATE_LIMIT is the larger).
 */
export const RANKED_CANDIDATES = 10;

/** The two bounds of the search: claims per key, claims ranked. */
export interface CandidateBounds {
  perKey: number;
  ranked: number;
}
export const CANDIDATE_BOUNDS: CandidateBounds = { perKey: CANDIDATES_PER_KEY, ranked: RANKED_CANDIDATES };

/**
 * The candidate search ($1 organization, $2 match text, $3 keys, $4 claims per key, $5 claims
 * ranked, $6 minimum trigram similarity, $7 limit): exported for bench/matching.bench.ts's EXPLAIN.
 */
export const CANDIDATES_SQL = `WITH hits AS (
  SELECT hit.id, count(*) OVER (PARTITION BY probe.k) AS key_hits
    FROM unnest($3::bigint[]) AS probe(k)
    CROSS JOIN LATERAL (
      SELECT claim_id AS id FROM claim_match_keys WHERE key = probe.k ORDER BY created_at DESC LIMIT $4
    ) hit
), best AS (
  SELECT id FROM hits GROUP BY id ORDER BY sum(1.0::float8 / key_hits) DESC, id LIMIT $5
), ranked AS MATERIALIZED (
  SELECT c.id, c.status, c.duplicate_of_id, c.newsroom_id, c.text, c.match_text, c.language, c.created_at,
         similarity(c.match_text, $2) AS trigram
    FROM best JOIN claims c ON c.id = best.id
   WHERE c.organization_id = $1
)
SELECT id, status, duplicate_of_id, newsroom_id, text, match_text, language, trigram
  FROM ranked
 WHERE trigram >= $6
 ORDER BY trigram DESC, created_at ASC
 LIMIT $7`;

/** What the candidate search looks for: the new claim's match text and its keys. */
export interface CandidateProbe {
  matchText: string;
  /** `matchKeys` of the new claim (its content tokens and their sorted pairs: src/claims/matching/similarity.ts). */
  keys: string[];
  /** Trigram similarity below which a claim found is not a candidate. */
  minTrigram: number;
}

/**
 * SQL of claim matching. Candidates are the organization's claims that share a key with the new
 * claim, found in `claim_match_keys` (one row per key of a claim: a content token or a pair of
 * neighbouring sorted tokens, organization-salted hashes, `matchKeys`), each key bringing its latest
 * CANDIDATES_PER_KEY claims (a backward scan of the primary key); the RANKED_CANDIDATES sharing the
 * rarest keys are then ranked by pg_trgm's `similarity`
 * of the match texts. Scoped by organization twice: by the keys, and on the claims ranked.
 * docs/intake.md, "Claim matching at intake".
 */
@Injectable()
export class MatchingRepository {
  /**
   * Serialises, for the rest of the transaction, the intake of claims with the same match text in an
   * organization, so two copies of one rumour arriving together cannot both become canonical.
   * Different texts do not wait for each other (an organization-wide lock capped intake at about
   * 30 claims/s: docs/benchmarks.md). Then finds the candidates (`search`).
   *
   * The search is bounded (keys × CANDIDATES_PER_KEY index entries, RANKED_CANDIDATES
   * similarities) and needs no statement timeout: the trigram search it replaced did (docs/intake.md).
   */
  async lockAndFindCandidates(
    scope: TenantScope,
    m: EntityManager,
    probe: CandidateProbe,
    limit = CANDIDATE_LIMIT,
    /** Other bounds than intake's: only `npm run eval -- matching --bounds` compares them. */
    bounds = CANDIDATE_BOUNDS,
  ): Promise<MatchCandidate[]> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('claim-matching:' || $1 || ':' || $2, 0))`, [
      scope.organizationId,
      probe.matchText,
    ]);
    return this.search(m, scope.organizationId, probe, limit, bounds);
  }

  private async search(
    m: EntityManager,
    organizationId: string,
    probe: CandidateProbe,
    limit: number,
    bounds: CandidateBounds,
  ): Promise<MatchCandidate[]> {
    if (!probe.keys.length) return [];
    // A prepared statement: planning it took a quarter of its time.
    const rows = await prepared<Record<string, unknown>>(m, 'claims.match-candidates', CANDIDATES_SQL, [
      organizationId,
      probe.matchText,
      probe.keys,
      bounds.perKey,
      bounds.ranked,
      probe.minTrigram,
      limit,
    ]);
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
