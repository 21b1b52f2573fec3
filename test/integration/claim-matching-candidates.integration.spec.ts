import { randomBytes } from 'node:crypto';
import { ClaimsRepository } from '../../src/claims/claims.repository';
import { ClaimMatcher } from '../../src/claims/matching/claim-matcher.service';
import { CANDIDATES_PER_KEY, MatchingRepository } from '../../src/claims/matching/matching.repository';
import { contentTokens, matchKeys, matchText } from '../../src/claims/matching/similarity';
import { normalizeForMatching } from '../../src/claims/text';
import type { AppConfig } from '../../src/platform/config/config';
import type { Principal } from '../../src/platform/tenancy/principal';
import { dbContext, DbContext, factories } from '../helpers/db-context';

/**
 * Intake matching with bounded candidates: each token of the new claim brings at most
 * CANDIDATES_PER_KEY claims, and the RANKED_CANDIDATES sharing the rarest tokens are ranked.
 * 1,500 claims of the organization each hold 3 of the 8 common words of the claim (so each common
 * word is in about 560 claims, far above the cap); the claim itself holds the 8 common words and 2
 * rare ones, and is stored first, so the latest claims found for a common word never include it. Its
 * rewording must still be linked as its duplicate: found through the rare words, ranked above the
 * dozens of claims sharing 3 common words (it shares only 2 found tokens: ranking by the number of
 * tokens shared would leave it out, which this test was seen to catch).
 */
describe('intake matching candidates (integration)', () => {
  let ctx: DbContext;
  let other: DbContext;
  let matcher: ClaimMatcher;
  let principal: Principal;
  let original: { id: string };
  const repo = new MatchingRepository();
  const COMMON = 'gouvernement ministre annonce budget réforme conseil région projet'.split(' ');
  const CLAIM = 'Gouvernement ministre annonce budget réforme conseil région projet Marseille enseignants';
  const REWORDED =
    'Enseignants de Marseille : le projet de la région, la réforme du conseil, le budget annoncé du ministre et du gouvernement';

  /** A claim stored as intake stores it (its match text and its match keys). */
  const store = (c: DbContext, text: string) => {
    const normalizedText = normalizeForMatching(text);
    const key = matchText(normalizedText);
    return new ClaimsRepository(c.ds).insert({ organizationId: c.organizationId }, c.ds.manager, {
      text,
      normalizedText,
      matchText: key,
      matchKeys: matchKeys(c.organizationId, key, 'fr'),
      language: 'fr',
    });
  };

  beforeAll(async () => {
    ctx = await dbContext();
    other = await dbContext();
    principal = await ctx.as('editor');
    const config = { matching: { duplicateThreshold: 0.75, similarThreshold: 0.35 } } as AppConfig;
    matcher = new ClaimMatcher(repo, new ClaimsRepository(ctx.ds), config);
    // The claim comes first: the latest claims with each of its common words are all fillers.
    original = await store(ctx, CLAIM);
    const word = () => `zq${randomBytes(4).toString('hex').replace(/\d/g, 'x')}`;
    await factories(ctx.ds, ctx.organizationId).newClaims(1500, (i) => {
      const text = [0, 1, 2]
        .map((j) => COMMON[(i + j * 3) % COMMON.length])
        .concat([word(), word(), word()])
        .join(' ');
      const n = normalizeForMatching(text);
      return { text, normalizedText: n, matchText: matchText(n), language: 'fr' };
    });
    // The same claim in another organization: never a candidate of this one.
    await store(other, CLAIM);
  });
  afterAll(async () => {
    await ctx.close();
    await other.close();
  });

  it('links a rewording to its claim although every common word it holds is in hundreds of claims', async () => {
    const tokens = contentTokens(normalizeForMatching(CLAIM), 'fr');
    expect(tokens.size).toBe(10);
    const [{ n }] = await ctx.ds.query(
      `SELECT count(*)::int AS n FROM claim_match_keys WHERE organization_id = $1 AND key = $2`,
      [ctx.organizationId, matchKeys(ctx.organizationId, 'gouvernement', 'fr')[0]],
    );
    expect(n).toBeGreaterThan(4 * CANDIDATES_PER_KEY);

    const match = await ctx.ds.transaction((m) => matcher.match(m, principal, normalizeForMatching(REWORDED), 'fr'));
    expect(match.duplicateOf).toBe(original.id);
    expect(match.score).toBeGreaterThanOrEqual(0.75);
  });

  it('never returns another organization’s claim, even when probed with its keys', async () => {
    const normalized = normalizeForMatching(CLAIM);
    const probe = (organizationId: string) =>
      ctx.ds.transaction((m) =>
        repo.lockAndFindCandidates({ organizationId }, m, {
          matchText: matchText(normalized),
          keys: matchKeys(other.organizationId, matchText(normalized), 'fr'),
          minTrigram: 0,
        }),
      );
    // The other organization's keys find its claim there, and nothing here.
    expect((await probe(other.organizationId)).map((c) => c.text)).toEqual([CLAIM]);
    expect(await probe(ctx.organizationId)).toEqual([]);
  });
});
