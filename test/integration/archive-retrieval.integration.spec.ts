import { ArchiveRepository, DocumentInput } from '../../src/evidence/providers/archive/archive.repository';
import { claimTsQuery, tsConfigSql } from '../../src/evidence/text-search';
import { dbContext, DbContext } from '../helpers/db-context';

/**
 * Archive retrieval quality with bounded candidates (issue 18): matchClaim ranks at most
 * `candidates` documents per tier. Over a few hundred documents where every "haystack" document
 * shares two common words with each claim, and only a few "relevant" documents share the claim's
 * rarer words, the relevant ones must still come out on top when the cap is far below the number
 * of matching documents; and when the cap does not bind, the result must be the exhaustive ranking.
 * The relevant documents are inserted last, so a cap that took the first matches found (the
 * physical order) would miss them.
 */
describe('ArchiveRepository.matchClaim retrieval (integration)', () => {
  let ctx: DbContext;
  let repo: ArchiveRepository;

  const COMMON_FR = 'gouvernement ministre annonce budget postes supprime reforme ville projet conseil hausse'.split(
    ' ',
  );
  const COMMON_EN = 'government minister announced budget jobs cut reform city project council rise'.split(' ');

  // Each claim with its relevant documents: every one shares at least two of the claim's rarer words.
  const CASES: { claim: string; language: string; relevant: DocumentInput[] }[] = [
    {
      claim: "Le gouvernement a supprimé 300 postes d'enseignants à Marseille en 2023",
      language: 'fr',
      relevant: [
        {
          url: 'https://r.example/fr/marseille-1',
          title: 'Marseille : 300 postes d’enseignants supprimés',
          body: 'En 2023, le rectorat confirme la suppression de 300 postes d’enseignants à Marseille.',
          language: 'fr',
        },
        {
          url: 'https://r.example/fr/marseille-2',
          title: 'Les enseignants de Marseille manifestent',
          body: 'Les syndicats d’enseignants dénoncent les postes supprimés à Marseille depuis la rentrée.',
          language: 'fr',
        },
      ],
    },
    {
      claim: 'La ville de Lyon a planté 12000 arbres en 2022 selon le conseil municipal',
      language: 'fr',
      relevant: [
        {
          url: 'https://r.example/fr/lyon-1',
          title: 'Arbres plantés à Lyon : le bilan 2022',
          body: 'La métropole de Lyon a planté 4000 arbres en 2022, et non 12000.',
          language: 'fr',
        },
      ],
    },
    {
      claim: 'The government cut 4500 nursing jobs in Manchester hospitals last year',
      language: 'en',
      relevant: [
        {
          url: 'https://r.example/en/manchester-1',
          title: 'Manchester hospitals lose nursing staff',
          body: 'Hospitals in Manchester cut 4500 nursing posts, the health trust said.',
          language: 'en',
        },
        {
          url: 'https://r.example/en/manchester-2',
          title: 'Nursing unions in Manchester',
          body: 'Unions say nursing shortages in Manchester hospitals will grow.',
          language: 'en',
        },
      ],
    },
    {
      claim: 'The city council approved a budget reform for Denver libraries and museums',
      language: 'en',
      relevant: [
        {
          url: 'https://r.example/en/denver-1',
          title: 'Denver libraries funding',
          body: 'Denver approved new money for its libraries and museums.',
          language: 'en',
        },
      ],
    },
  ];

  function rand(seed: number) {
    let s = seed;
    return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  }

  beforeAll(async () => {
    ctx = await dbContext();
    repo = new ArchiveRepository(ctx.ds);
    const r = rand(7);
    const pick = (ws: string[], n: number) => Array.from({ length: n }, () => ws[Math.floor(r() * ws.length)]);
    const haystack: DocumentInput[] = [];
    for (let i = 0; i < 400; i++) {
      const fr = i % 2 === 0;
      const common = fr ? COMMON_FR : COMMON_EN;
      // Each haystack document holds most of the common words (and so two of every claim's), plus filler.
      const filler = Array.from({ length: 12 }, (_, k) => `mot${i}x${k}`);
      haystack.push({
        url: `https://h.example/${i}`,
        title: pick(common, 3).join(' '),
        body: [...common.filter(() => r() < 0.9), ...filler].join(' '),
        language: fr ? 'fr' : 'en',
      });
    }
    await repo.upsert(ctx.organizationId, haystack);
    await repo.upsert(
      ctx.organizationId,
      CASES.flatMap((c) => c.relevant),
    );
    await ctx.ds.query('ANALYZE archive_documents');
  });
  afterAll(() => ctx.close());

  it.each(CASES)('finds the relevant documents of "$claim" among 20 candidates per tier', async (c) => {
    const matching = await ctx.ds.query(
      `SELECT count(*)::int AS n FROM archive_documents
        WHERE organization_id = $1 AND search @@ to_tsquery(${tsConfigSql('$3')}, $2)`,
      [ctx.organizationId, claimTsQuery(c.claim, c.language), c.language],
    );
    // The cap binds: far more documents match the claim's pairs than are ranked.
    expect(matching[0].n).toBeGreaterThan(5 * 20);
    const rows = await repo.matchClaim(ctx.organizationId, c.claim, c.language, 10, 20);
    const top = rows.slice(0, 10).map((d) => d.url);
    expect(top).toHaveLength(10);
    for (const d of c.relevant) expect(top).toContain(d.url);
  });

  it.each(CASES)('ranks exactly as the exhaustive query when the cap does not bind ("$claim")', async (c) => {
    const exhaustive: { url: string }[] = await ctx.ds.query(
      `SELECT url FROM archive_documents, to_tsquery(${tsConfigSql('$3')}, $2) q
        WHERE organization_id = $1 AND search @@ q ORDER BY ts_rank(search, q) DESC, id LIMIT 10`,
      [ctx.organizationId, claimTsQuery(c.claim, c.language), c.language],
    );
    expect(exhaustive).toHaveLength(10);
    // The claim-language results come first (the other language's follow, deduplicated).
    const rows = await repo.matchClaim(ctx.organizationId, c.claim, c.language, 10, 1000);
    expect(rows.slice(0, 10).map((d) => d.url)).toEqual(exhaustive.map((d) => d.url));
  });
});
