import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClaimMatchPairKeys1796600000000 } from '../../migrations/1796600000000-ClaimMatchPairKeys';
import { ClaimsRepository } from '../../src/claims/claims.repository';
import { contentTokens, matchKeys, matchText } from '../../src/claims/matching/similarity';
import { normalizeForMatching } from '../../src/claims/text';
import { createDataSource } from '../../src/schema/data-source';

/**
 * The migration that gives existing claims their pair keys, on a database of its own (its down and
 * up rewrite every claim's keys): down leaves one key per content token, as claims were stored
 * before it; up gives them exactly the keys intake now writes, and a second up adds nothing.
 */
describe('ClaimMatchPairKeys migration (integration)', () => {
  let admin: DataSource;
  let ds: DataSource;
  const name = `migration_${randomBytes(4).toString('hex')}`;
  const TEXT = 'Les États-Unis ont retiré leurs troupes de 15 bases militaires en Irak';

  beforeAll(async () => {
    admin = createDataSource(process.env.DATABASE_URL!, 1);
    await admin.initialize();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    ds = createDataSource(url.toString(), 2);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await ds?.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.destroy();
  });

  it('adds the pair keys to claims stored with token keys only, once', async () => {
    const [org] = await ds.query(`INSERT INTO organizations (name) VALUES ('migration') RETURNING id`);
    const normalizedText = normalizeForMatching(TEXT);
    const key = matchText(normalizedText);
    const claim = await new ClaimsRepository(ds).insert({ organizationId: org.id }, ds.manager, {
      text: TEXT,
      normalizedText,
      matchText: key,
      matchKeys: matchKeys(org.id, key, 'fr'),
      language: 'fr',
    });
    const keysOf = async () =>
      (
        (await ds.query(`SELECT key::text AS key FROM claim_match_keys WHERE claim_id = $1`, [claim.id])) as {
          key: string;
        }[]
      )
        .map((r) => r.key)
        .sort();
    const tokens = contentTokens(key, 'fr').size;
    expect(tokens).toBeGreaterThan(3);
    expect(await keysOf()).toEqual([...matchKeys(org.id, key, 'fr')].sort());

    const migration = new ClaimMatchPairKeys1796600000000();
    const runner = ds.createQueryRunner();
    try {
      await migration.down(runner);
      const before = await keysOf();
      expect(before).toHaveLength(tokens);
      expect(matchKeys(org.id, key, 'fr')).toEqual(expect.arrayContaining(before));

      await migration.up(runner);
      expect(await keysOf()).toEqual([...matchKeys(org.id, key, 'fr')].sort());
      expect(await keysOf()).toHaveLength(tokens + tokens - 1);
      await migration.up(runner);
      expect(await keysOf()).toHaveLength(tokens + tokens - 1);
    } finally {
      await runner.release();
    }
  });
});
