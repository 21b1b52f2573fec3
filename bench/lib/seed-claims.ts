import type { DataSource } from 'typeorm';
import { matchKeys } from '../../src/claims/matching/similarity';

/**
 * Stores many claims of an organization at once, as intake stores them for matching: the claims
 * with their match text, and their keys in `claim_match_keys` (what ClaimsRepository.insert writes
 * one claim at a time). `externalIds`, when given, go to `external_id`.
 */
export async function seedClaims(
  ds: DataSource,
  organizationId: string,
  texts: string[],
  normalized: string[],
  matchTexts: string[],
  language: string,
  externalIds?: string[],
): Promise<void> {
  await ds.query(
    `WITH claim AS (
       INSERT INTO claims (organization_id, text, normalized_text, match_text, language, external_id)
       SELECT $1, t, n, k, $5, x FROM unnest($2::text[], $3::text[], $4::text[], $6::text[]) AS u(t, n, k, x)
       RETURNING id, created_at, match_text
     ), keys AS (
       SELECT claim.id, claim.created_at, u2.key FROM claim
         JOIN unnest($4::text[], $7::text[]) AS u(k, keys) ON u.k = claim.match_text
         CROSS JOIN LATERAL unnest(u.keys::bigint[]) AS u2(key)
     )
     INSERT INTO claim_match_keys (key, created_at, claim_id, organization_id)
     SELECT DISTINCT key, created_at, id, $1::uuid FROM keys`,
    [
      organizationId,
      texts,
      normalized,
      matchTexts,
      language,
      externalIds ?? texts.map(() => null),
      matchTexts.map((k) => `{${matchKeys(organizationId, k, language).join(',')}}`),
    ],
  );
}
