import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../../platform/tenancy/principal';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config';
import { ClaimsRepository } from '../claims.repository';
import { MatchingRepository } from './matching.repository';
import { matchKeys, matchText, scorerFor } from './similarity';

export interface SimilarClaim {
  id: string;
  score: number;
  status: string;
  /** The claim's text, when the caller may read that claim (a newsroom key sees its own claims only). */
  text: string | null;
  duplicateOf: string | null;
}

export interface MatchedVerdict {
  claimId: string;
  score: number;
  claimReview: string;
}

export interface MatchResult {
  /** What to store in claims.match_text for the new claim. */
  matchText: string;
  /** The new claim's keys in intake matching's index (`claim_match_keys`, written with the claim). */
  matchKeys: string[];
  /** The canonical claim this one duplicates, when the best match reaches the duplicate threshold. */
  duplicateOf: string | null;
  score: number | null;
  /** `duplicateOf` when the caller may read that claim, else null: what the intake response says. */
  shownDuplicateOf: string | null;
  /** Only claims the caller may read (ClaimsRepository.readableBy). */
  similar: SimilarClaim[];
  matchedVerdict: MatchedVerdict | null;
}

/**
 * Trigram similarity below which a claim found is not a candidate (pg_trgm's own default). A
 * duplicate needs at least 0.5 at the default thresholds; "similar" claims below 0.3 are not shown.
 */
export const MIN_TRIGRAM = 0.3;
const MAX_SIMILAR = 10;

/**
 * Intake matching: compares a new claim with the organization's claims that share its rarer content
 * tokens (MatchingRepository: a bounded search). Trigram similarity of the accent-folded text
 * (PostgreSQL's pg_trgm) and Dice of stemmed content tokens, averaged; numbers
 * that disagree keep a pair below the duplicate threshold. Thresholds: MATCH_DUPLICATE_THRESHOLD,
 * MATCH_SIMILAR_THRESHOLD.
 *
 * Matching spans every newsroom of the organization (the desk links duplicates across them), but
 * what it reports to a newsroom key names only claims that newsroom may read: its own, and those
 * with a public verdict. Another newsroom's unpublished claim never shows its id or its score
 * (repeated scores would let a caller rebuild its text).
 */
@Injectable()
export class ClaimMatcher {
  constructor(
    private readonly repo: MatchingRepository,
    private readonly claims: ClaimsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async match(m: EntityManager, p: Principal, normalized: string, language: string): Promise<MatchResult> {
    const { duplicateThreshold, similarThreshold } = this.config.matching;
    const key = matchText(normalized);
    const keys = matchKeys(p.organizationId, key, language);
    const candidates = await this.repo.lockAndFindCandidates(p, m, {
      matchText: key,
      keys,
      minTrigram: Math.min(MIN_TRIGRAM, similarThreshold),
    });
    const score = scorerFor(normalized, language, duplicateThreshold);
    const scored = candidates
      .map((c) => ({
        ...c,
        score: score(c),
        canonicalId: c.status === 'duplicate' && c.duplicateOfId ? c.duplicateOfId : c.id,
      }))
      .filter((c) => c.score >= similarThreshold)
      .sort((a, b) => b.score - a.score);

    const statuses = await this.repo.statuses(p, m, [
      ...new Set(scored.map((c) => c.canonicalId).filter((id) => !scored.some((c) => c.id === id))),
    ]);
    const canonicalStatus = (id: string) => scored.find((c) => c.id === id)?.status ?? statuses.get(id);

    const best = scored[0];
    const duplicateOf =
      best && best.score >= duplicateThreshold && canonicalStatus(best.canonicalId) !== 'dismissed'
        ? best.canonicalId
        : null;
    const readable = await this.claims.readableBy(
      p,
      scored.flatMap((c) => [c.id, c.canonicalId, c.duplicateOfId]),
      m,
    );
    const verdictMatch = scored.find(
      (c) => canonicalStatus(c.canonicalId) === 'published' && readable.has(c.id) && readable.has(c.canonicalId),
    );
    return {
      matchText: key,
      matchKeys: keys,
      duplicateOf,
      score: duplicateOf ? best.score : null,
      shownDuplicateOf: duplicateOf && readable.has(duplicateOf) ? duplicateOf : null,
      similar: scored
        .filter((c) => c.id !== duplicateOf && readable.has(c.id))
        .slice(0, MAX_SIMILAR)
        .map((c) => ({
          id: c.id,
          score: c.score,
          status: c.status,
          text: !p.newsroomId || c.newsroomId === p.newsroomId ? c.text : null,
          duplicateOf: c.duplicateOfId && readable.has(c.duplicateOfId) ? c.duplicateOfId : null,
        })),
      matchedVerdict: verdictMatch
        ? {
            claimId: verdictMatch.canonicalId,
            score: verdictMatch.score,
            claimReview: `/v1/claims/${verdictMatch.canonicalId}/claim-review`,
          }
        : null,
    };
  }
}
