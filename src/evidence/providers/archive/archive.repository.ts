import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { claimTsQuery, TS_LANGUAGES, tsConfigSql } from '../../text-search';
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
   */
  async matchClaim(organizationId: string, text: string, language: string, limit = 10): Promise<DocumentRow[]> {
    const q = claimTsQuery(text, language);
    const others = crossLanguageQueries(text, language);
    const rows: DocumentRow[] = [];
    if (q) {
      rows.push(
        ...(await this.ds.query(
          `SELECT id, url, title, body, language, publisher, published_at AS "publishedAt", ts_rank(search, q) AS rank
             FROM archive_documents, to_tsquery(${tsConfigSql('$3')}, $2) q
            WHERE organization_id = $1 AND search @@ q
            ORDER BY rank DESC, id LIMIT $4`,
          [organizationId, q, language, limit],
        )),
      );
    }
    for (const o of others) {
      rows.push(
        ...(await this.ds.query(
          `SELECT id, url, title, body, language, publisher, published_at AS "publishedAt", ts_rank(search, q) AS rank
             FROM archive_documents, to_tsquery(${tsConfigSql('$3')}, $2) q
            WHERE organization_id = $1 AND language = $3 AND search @@ q
            ORDER BY rank DESC, id LIMIT $4`,
          [organizationId, o.tsquery, o.language, limit],
        )),
      );
    }
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
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
