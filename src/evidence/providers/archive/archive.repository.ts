import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { claimWords, pairsTsQuery, TS_LANGUAGES, tsConfigSql } from '../../text-search';
import { crossLanguageQueries } from './cross-language-query';

export interface DocumentInput {
  url: string;
  title: string;
  body: string;
  language: string;
  publisher?: string | null;
  publishedAt?: string | null;
}

export interface DocumentRow {
  id: string;
  url: string;
  title: string;
  body: string;
  language: string;
  publisher: string | null;
  publishedAt: Date | null;
  rank: number;
}

const VECTOR = (lang: string, title: string, body: string) =>
  `setweight(to_tsvector(${tsConfigSql(lang)}, unaccent(${title})), 'A') || setweight(to_tsvector(${tsConfigSql(lang)}, unaccent(${body})), 'B')`;

/**
 * At most this many documents per candidate tier are ranked for a claim (25 times the 20 the
 * archive provider keeps): `ts_rank` reads each candidate's whole tsvector, so ranking every match
 * made a search at a million documents cost 0.4–0.6 s (docs/research.md, Archive).
 */
export const MAX_CANDIDATES = 500;
/** How many of a claim's rarest words anchor its candidate tiers (their pairs: 6 for 4 words). */
export const SALIENT_WORDS = 4;

/** The organization's document archive: upsert by URL and full-text search per language. */
@Injectable()
export class ArchiveRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Inserts or updates by (organization, url) in one statement; returns how many rows were new. */
  async upsert(organizationId: string, docs: DocumentInput[]): Promise<{ created: number; updated: number }> {
    if (!docs.length) return { created: 0, updated: 0 };
    const rows: { inserted: boolean }[] = await this.ds.query(
      `INSERT INTO archive_documents (organization_id, url, title, body, language, publisher, published_at, search)
       SELECT $1, d.url, d.title, d.body, d.language, d.publisher, d.published_at, ${VECTOR('d.language', 'd.title', 'd.body')}
         FROM jsonb_to_recordset($2::jsonb) AS d(url text, title text, body text, language text, publisher text, published_at timestamptz)
       ON CONFLICT (organization_id, url) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, language = EXCLUDED.language,
         publisher = EXCLUDED.publisher, published_at = EXCLUDED.published_at, search = EXCLUDED.search, updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [
        organizationId,
        JSON.stringify(
          docs.map((d) => ({
            url: d.url,
            title: d.title,
            body: d.body,
            language: d.language,
            publisher: d.publisher ?? null,
            published_at: d.publishedAt ?? null,
          })),
        ),
      ],
    );
    const created = rows.filter((r) => r.inserted).length;
    return { created, updated: rows.length - created };
  }

  /**
   * Documents sharing at least two of the claim's words, best ranked first (claim language's
   * stemming), and, for each other language the bilingual lexicon covers, that language's documents
   * matching the claim carried across (`crossLanguageQueries`) in their own configuration. Each
   * language gets up to `limit` documents, so documents in the other language are not crowded out.
   *
   * Only a bounded set of candidates is ranked, chosen best first (docs/research.md, Archive). The
   * claim's words are ordered rarest first (`bySalience`); the candidates come from nested tiers,
   * each at most `candidates` documents, the next one searched only while the previous found fewer:
   * the documents holding the three rarest words; sharing two of the `SALIENT_WORDS` rarest; sharing
   * one of those and any other word; sharing any two words (today's whole query). A GIN scan costs
   * the posting lists of the words a match cannot do without, so the first tiers read only the rare
   * words' lists; the claim's commonest words are read only when the rare ones found too little.
   * With fewer than `candidates` matches in all, the result is that of ranking every match.
   * The other languages' queries: one tier, capped the same way.
   */
  async matchClaim(
    organizationId: string,
    text: string,
    language: string,
    limit = 10,
    candidates = MAX_CANDIDATES,
  ): Promise<DocumentRow[]> {
    const ws = claimWords(text, language);
    const rows: DocumentRow[] = [];
    if (ws.length) {
      const full = pairsTsQuery(ws);
      const tiers = [full];
      const ordered = ws.length >= 3 ? await this.bySalience(ws, language) : [];
      if (ordered.length >= 3) {
        const salient = ordered.slice(0, SALIENT_WORDS);
        tiers.splice(0, 1, salient.slice(0, 3).join(' & '), pairsTsQuery(salient));
        if (ordered.length > SALIENT_WORDS + 1) tiers.push(pairsTsQuery(ordered, SALIENT_WORDS));
        if (ordered.length > SALIENT_WORDS || ordered.length < ws.length) tiers.push(full);
      }
      rows.push(...(await this.ranked(organizationId, language, false, tiers, full, limit, candidates)));
    }
    for (const o of crossLanguageQueries(text, language))
      rows.push(...(await this.ranked(organizationId, o.language, true, [o.tsquery], o.tsquery, limit, candidates)));
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
  }

  /**
   * The words of `ws` that the language's configuration indexes, those the fewest documents contain
   * first, by the planner's own statistics: ANALYZE keeps the most common lexemes of `search` with
   * the share of rows holding each (`pg_stats.most_common_elems`, table-wide); a word absent from
   * that list is rarer than any in it. Ties (no statistics yet, or both absent) go to the longer word.
   */
  private async bySalience(ws: string[], language: string): Promise<string[]> {
    const rows: { word: string; freq: number | null }[] = await this.ds.query(
      `WITH common AS (
         SELECT e.lexeme, e.freq
           FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(lexeme, freq)
          WHERE s.schemaname = current_schema() AND s.tablename = 'archive_documents' AND s.attname = 'search'
       )
       SELECT w.word, CASE WHEN count(l.lexeme) = 0 THEN NULL ELSE coalesce(max(c.freq), 0) END AS freq
         FROM unnest($1::text[]) AS w(word)
         LEFT JOIN LATERAL unnest(tsvector_to_array(to_tsvector(${tsConfigSql('$2')}, w.word))) AS l(lexeme) ON true
         LEFT JOIN common c ON c.lexeme = l.lexeme
        GROUP BY w.word`,
      [ws, language],
    );
    const freq = new Map(rows.filter((r) => r.freq !== null).map((r) => [r.word, Number(r.freq)]));
    return ws.filter((w) => freq.has(w)).sort((a, b) => freq.get(a)! - freq.get(b)! || b.length - a.length);
  }

  /**
   * The `limit` best-ranked documents among the candidates. `tiers` are tsqueries (in `language`'s
   * configuration; only that language's documents when `ownLanguageOnly`), each matching a superset
   * of the previous one's documents: each tier takes at most `candidates` documents, and the next,
   * wider tier is searched only while every previous one found fewer. Ranked by `rankBy`.
   */
  private ranked(
    organizationId: string,
    language: string,
    ownLanguageOnly: boolean,
    tiers: string[],
    rankBy: string,
    limit: number,
    candidates: number,
  ): Promise<DocumentRow[]> {
    const cfg = tsConfigSql('$2');
    const n = tiers.length;
    const tier = (i: number) =>
      `t${i} AS MATERIALIZED (SELECT id, search FROM archive_documents
         WHERE ${Array.from({ length: i }, (_, j) => `(SELECT count(*) FROM t${j}) < $3 AND `).join('')}organization_id = $1
           ${ownLanguageOnly ? 'AND language = $2' : ''} AND search @@ to_tsquery(${cfg}, $${5 + i})
         LIMIT $3)`;
    return this.ds.query(
      `WITH ${tiers.map((_, i) => tier(i)).join(',\n')}
       SELECT d.id, d.url, d.title, d.body, d.language, d.publisher, d.published_at AS "publishedAt", c.rank
         FROM (SELECT id, ts_rank(search, to_tsquery(${cfg}, $${5 + n})) AS rank
                 FROM (SELECT DISTINCT ON (id) id, search
                         FROM (${tiers.map((_, i) => `SELECT * FROM t${i}`).join(' UNION ALL ')}) u ORDER BY id) t
                ORDER BY rank DESC, id LIMIT $4) c
         JOIN archive_documents d ON d.id = c.id
        ORDER BY c.rank DESC, d.id`,
      [organizationId, language, candidates, limit, ...tiers, rankBy],
    );
  }

  /** The most recently updated documents (GET /v1/sources/documents without q). */
  recent(organizationId: string, language: string | undefined, limit: number): Promise<DocumentRow[]> {
    return this.ds.query(
      `SELECT id, url, title, body, language, publisher, published_at AS "publishedAt", 0 AS rank
         FROM archive_documents WHERE organization_id = $1 AND ($2::text IS NULL OR language = $2)
        ORDER BY updated_at DESC, id LIMIT $3`,
      [organizationId, language ?? null, limit],
    );
  }

  /**
   * Search for people: web-search syntax ("quoted phrases", -excluded, or), accent-insensitive. With a
   * language: that language's documents, the query stemmed in its configuration. Without one: every
   * document, each matched by the query stemmed in its own language's configuration (a French
   * document by the French stemming, an English one by the English), so that "bases" finds "base" in
   * either; documents of a language without a configuration by `simple`. One tsquery per configured
   * language, OR-ed, each restricted to its documents (the GIN index serves every branch).
   */
  search(organizationId: string, query: string, language: string | undefined, limit: number): Promise<DocumentRow[]> {
    if (!language) {
      const branches = TS_LANGUAGES.map(
        (l) => `(language = '${l}' AND search @@ websearch_to_tsquery(${tsConfigSql(`'${l}'`)}, unaccent($2)))`,
      );
      const other = `(language NOT IN (${TS_LANGUAGES.map((l) => `'${l}'`).join(', ')}) AND search @@ websearch_to_tsquery('simple', unaccent($2)))`;
      return this.ds.query(
        `SELECT id, url, title, body, language, publisher, published_at AS "publishedAt",
                ts_rank(search, websearch_to_tsquery(${tsConfigSql('language')}, unaccent($2))) AS rank
           FROM archive_documents
          WHERE organization_id = $1 AND (${[...branches, other].join(' OR ')})
          ORDER BY rank DESC, id LIMIT $3`,
        [organizationId, query, limit],
      );
    }
    return this.ds.query(
      `SELECT id, url, title, body, language, publisher, published_at AS "publishedAt", ts_rank(search, q) AS rank
         FROM archive_documents, websearch_to_tsquery(${tsConfigSql('$3')}, unaccent($2)) q
        WHERE organization_id = $1 AND search @@ q AND ($4::text IS NULL OR language = $4)
        ORDER BY rank DESC, id LIMIT $5`,
      [organizationId, query, language ?? 'simple', language ?? null, limit],
    );
  }
}
