import { startTestApp, TestApp } from '../helpers/app';
import { newOrg, OrgCtx } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { FactChecksRepository } from '../../src/evidence/providers/fact-checks/fact-checks.repository';

/**
 * The ClaimReview importer (POST /v1/sources/fact-checks): every bad item gets a 400 problem+json
 * naming the field, and nothing is written; the desk's own published verdicts are never overwritten.
 */
describe('ClaimReview import (e2e)', () => {
  let app: TestApp;
  let org: OrgCtx;
  let editor: Client;

  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api', BODY_LIMIT_BYTES: String(4 * 1024 * 1024) });
    org = await newOrg(app);
    editor = (await org.newKey('editor')).api;
  });
  afterAll(() => app.close());

  const review = (over: Record<string, unknown> = {}) => ({
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `https://checks.example/${Math.random().toString(36).slice(2)}`,
    claimReviewed: 'Les vaccins contiennent une puce 5G',
    datePublished: '2021-03-02',
    inLanguage: 'fr',
    author: { '@type': 'Organization', name: 'Demo Fact' },
    reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'Faux' },
    ...over,
  });
  const rows = async () =>
    (
      await app.ds.query(`SELECT count(*)::int AS n FROM fact_checks WHERE organization_id = $1`, [org.organizationId])
    )[0].n as number;

  const same = 'https://checks.example/twice';
  const CASES: { name: string; body: unknown; mentions?: string }[] = [
    {
      name: 'the same url twice in one import',
      body: [review({ url: same }), review({ url: same })],
      mentions: '[1].url',
    },
    {
      name: 'the same url twice, once with spaces around it',
      body: [review({ url: same }), review({ url: ` ${same} ` })],
      mentions: '[1].url',
    },
    { name: 'NUL in claimReviewed', body: review({ claimReviewed: 'abc\u0000def' }), mentions: 'claimReviewed' },
    { name: 'NUL in the title', body: review({ name: 'a\u0000b' }), mentions: 'name' },
    {
      name: 'NUL in the rating',
      body: review({ reviewRating: { alternateName: 'Fa\u0000ux' } }),
      mentions: 'alternateName',
    },
    { name: 'NUL in the publisher', body: review({ author: { name: 'Demo\u0000' } }), mentions: 'author' },
    { name: 'NUL in the url', body: review({ url: 'https://checks.example/a\u0000b' }), mentions: 'url' },
    { name: 'NUL in the language', body: review({ inLanguage: 'fr\u0000' }) },
    {
      name: 'NUL in a field that is not stored',
      body: review({ itemReviewed: { author: { name: 'x\u0000y' } } }),
      mentions: 'itemReviewed',
    },
    { name: 'NUL in a key', body: review({ 'x\u0000': 1 }) },
    { name: 'NUL in datePublished', body: review({ datePublished: '2021-03-02\u0000' }), mentions: 'datePublished' },
    {
      name: 'a lone surrogate in the title',
      body: '[' + JSON.stringify(review()).replace(/}$/, ',"name":"a \\ud800 b"}') + ']',
      mentions: 'name',
    },
    { name: 'control characters in the title', body: review({ name: 'red \u001b[31m' }), mentions: 'name' },
    {
      name: 'datePublished +099999-01-01',
      body: review({ datePublished: '+099999-01-01' }),
      mentions: 'datePublished',
    },
    {
      name: 'datePublished -000001-01-01',
      body: review({ datePublished: '-000001-01-01' }),
      mentions: 'datePublished',
    },
    {
      name: 'datePublished in the year 1066',
      body: review({ datePublished: '1066-10-14' }),
      mentions: 'datePublished',
    },
    { name: 'datePublished years ahead', body: review({ datePublished: '2999-01-01' }), mentions: 'datePublished' },
    { name: 'datePublished not ISO 8601', body: review({ datePublished: 'March 2, 2021' }), mentions: 'datePublished' },
    { name: 'datePublished impossible', body: review({ datePublished: '2021-02-30' }), mentions: 'datePublished' },
    { name: 'datePublished a number', body: review({ datePublished: 20210302 }), mentions: 'datePublished' },
    { name: 'a 900 KB title', body: review({ name: 'a'.repeat(900_000) }), mentions: 'name' },
    { name: 'a 2,000-character headline', body: review({ headline: 'a'.repeat(2000) }), mentions: 'headline' },
    {
      name: 'a 6,000-character claimReviewed',
      body: review({ claimReviewed: 'a'.repeat(6000) }),
      mentions: 'claimReviewed',
    },
    {
      name: 'a 300-character rating',
      body: review({ reviewRating: { alternateName: 'a'.repeat(300) } }),
      mentions: 'alternateName',
    },
    {
      name: 'a 1,000-character publisher',
      body: review({ publisher: { name: 'a'.repeat(1000) }, author: undefined }),
      mentions: 'publisher',
    },
    {
      name: 'a 3,000-character url',
      body: review({ url: 'https://checks.example/' + 'a'.repeat(3000) }),
      mentions: 'url',
    },
    { name: 'a javascript: url', body: review({ url: 'javascript:alert(1)' }), mentions: 'url' },
    { name: 'a url without a host', body: review({ url: 'https://' }), mentions: 'url' },
    { name: 'a url with a space', body: review({ url: 'https://checks.example/a b' }), mentions: 'url' },
    {
      name: 'a ratingValue that is not a number',
      body: review({ reviewRating: { alternateName: 'Faux', ratingValue: 'one' } }),
      mentions: 'ratingValue',
    },
    {
      name: 'a ratingValue too large for the column',
      body: review({ reviewRating: { alternateName: 'Faux', ratingValue: 1e39 } }),
      mentions: 'ratingValue',
    },
    {
      name: 'a bestRating as an object',
      body: review({ reviewRating: { alternateName: 'Faux', bestRating: { v: 5 } } }),
      mentions: 'bestRating',
    },
    { name: 'a title that is an object', body: review({ name: { text: 'x' } }), mentions: 'name' },
    {
      name: 'a 10,000-entry @type',
      body: review({ '@type': ['ClaimReview', ...Array.from({ length: 10_000 }, () => 'Thing')] }),
      mentions: '@type',
    },
    { name: 'a 100-character inLanguage', body: review({ inLanguage: 'fr' + 'x'.repeat(98) }), mentions: 'inLanguage' },
    { name: '1,001 items', body: Array.from({ length: 1001 }, () => review()) },
    { name: 'no items', body: [] },
  ];

  it.each(CASES)('$name → 400 problem+json, nothing written', async (c) => {
    const before = await rows();
    const res = await editor.post(
      '/v1/sources/fact-checks',
      typeof c.body === 'string' ? c.body : JSON.stringify(c.body),
    );
    expect({ status: res.status, text: res.text.slice(0, 300) }).toEqual({ status: 400, text: expect.any(String) });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, detail: expect.any(String) });
    if (c.mentions) expect(res.text).toContain(c.mentions);
    expect(await rows()).toBe(before);
  });

  it('names each bad item by its index, and writes none of a batch with one bad item', async () => {
    const before = await rows();
    const res = await editor.post('/v1/sources/fact-checks', {
      claimReviews: [
        review(),
        review({ datePublished: '+099999-01-01' }),
        review({ url: same }),
        review({ url: same }),
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['[1].datePublished', '[3].url']);
    expect(await rows()).toBe(before);
  });

  it('accepts the limits themselves', async () => {
    const res = await editor.post('/v1/sources/fact-checks', [
      review({
        name: 'a'.repeat(1000),
        claimReviewed: 'b'.repeat(5000),
        reviewRating: { alternateName: 'c'.repeat(200), ratingValue: '2', bestRating: 5 },
        author: { name: 'd'.repeat(300) },
      }),
      review({
        datePublished: '1900-01-01',
        inLanguage: { alternateName: 'en' },
        '@type': ['ClaimReview', 'CreativeWork'],
      }),
      review({ datePublished: new Date().toISOString(), name: 'Tab\tand\nnewline' }),
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: 3, updated: 0, skipped: [] });
  });

  describe("the desk's own published verdicts", () => {
    const ownUrl = 'https://desk.example/fact-checks/own-1';
    const own = async () =>
      (
        await app.ds.query(
          `SELECT origin, rating, claim_reviewed, title FROM fact_checks WHERE organization_id = $1 AND url = $2`,
          [org.organizationId, ownUrl],
        )
      )[0];

    beforeAll(async () => {
      // What OwnVerdictsHandler writes on verdict.published.
      await new FactChecksRepository(app.ds).upsert(org.organizationId, [
        {
          url: ownUrl,
          claimReviewed: 'Le CENTCOM a confirmé le retrait de 15 bases',
          rating: 'False',
          ratingValue: 1,
          bestRating: 5,
          worstRating: 1,
          title: 'Notre vérification',
          publisher: 'Desk',
          datePublished: '2024-01-01T00:00:00Z',
          language: 'fr',
          origin: 'own',
        },
      ]);
    });

    it('are not overwritten by an import with their URL: that item is skipped and reported, the others are imported', async () => {
      const before = await rows();
      const other = review();
      const res = await editor.post('/v1/sources/fact-checks', [
        review({ url: ownUrl, reviewRating: { alternateName: 'Vrai' }, name: 'Forged' }),
        other,
      ]);
      expect(await own()).toEqual({
        origin: 'own',
        rating: 'False',
        claim_reviewed: 'Le CENTCOM a confirmé le retrait de 15 bases',
        title: 'Notre vérification',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        created: 1,
        updated: 0,
        skipped: [{ index: 0, url: ownUrl, reason: expect.stringContaining('own published verdict') }],
      });
      expect(await rows()).toBe(before + 1);
    });

    it('an imported row with a URL the desk then publishes becomes the own verdict', async () => {
      const url = 'https://desk.example/fact-checks/own-2';
      expect((await editor.post('/v1/sources/fact-checks', review({ url }))).body).toMatchObject({ created: 1 });
      await new FactChecksRepository(app.ds).upsert(org.organizationId, [
        {
          url,
          claimReviewed: 'Texte vérifié',
          rating: 'False',
          ratingValue: 1,
          bestRating: 5,
          worstRating: 1,
          title: null,
          publisher: 'Desk',
          datePublished: null,
          language: 'fr',
          origin: 'own',
        },
      ]);
      const [row] = await app.ds.query(
        `SELECT origin, rating FROM fact_checks WHERE organization_id = $1 AND url = $2`,
        [org.organizationId, url],
      );
      expect(row).toEqual({ origin: 'own', rating: 'False' });
      // And a second import of it is skipped too.
      const again = await editor.post('/v1/sources/fact-checks', review({ url }));
      expect(again.body).toEqual({ created: 0, updated: 0, skipped: [{ index: 0, url, reason: expect.any(String) }] });
    });
  });
});
