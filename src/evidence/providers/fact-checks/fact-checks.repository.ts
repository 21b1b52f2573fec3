import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { claimTsQuery, tsConfigSql } from '../../text-search';

export interface FactCheckInput {
  url: string;
  claimReviewed: string;
  rating: string;
  ratingValue: number | null;
  bestRating: number | null;
  worstRating: number | null;
  title: string | null;
  publisher: string | null;
  datePublished: string | null;
  language: string;
  origin?: 'import' | 'own';
}

export interface FactCheckRow {
  url: string;
  claimReviewed: string;
  rating: string;
  title: string | null;
  publisher: string | null;
  datePublished: Date | null;
  language: string;
}

/** Published fact-checks of the organization (imported ClaimReview; own verdicts once published). */
@Injectable()
export class FactChecksRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Removes one of the desk's own fact-checks (a retracted verdict). */
  async removeOwn(organizationId: string, url: string): Promise<void> {
    await this.ds.query(`DELETE FROM fact_checks WHERE organization_id = $1 AND url = $2 AND origin = 'own'`, [
      organizationId,
      url,
    ]);
  }

  /**
   * Inserts or updates by URL (each URL at most once per call). An import never overwrites one of the
   * desk's own verdicts: those URLs are left as they are and returned in `skippedUrls`. An own verdict
   * does take over an imported row with its URL.
   */
  async upsert(
    organizationId: string,
    items: FactCheckInput[],
  ): Promise<{ created: number; updated: number; skippedUrls: string[] }> {
    if (!items.length) return { created: 0, updated: 0, skippedUrls: [] };
    const rows: { url: string; inserted: boolean }[] = await this.ds.query(
      `INSERT INTO fact_checks (organization_id, url, claim_reviewed, rating, rating_value, best_rating, worst_rating, title, publisher, date_published, language, origin, search)
       SELECT $1, d.url, d.claim_reviewed, d.rating, d.rating_value, d.best_rating, d.worst_rating, d.title, d.publisher, d.date_published, d.language, d.origin,
              to_tsvector(${tsConfigSql('d.language')}, unaccent(d.claim_reviewed || ' ' || coalesce(d.title, '')))
         FROM jsonb_to_recordset($2::jsonb) AS d(url text, claim_reviewed text, rating text, rating_value real, best_rating real, worst_rating real, title text, publisher text, date_published timestamptz, language text, origin text)
       ON CONFLICT (organization_id, url) DO UPDATE SET claim_reviewed = EXCLUDED.claim_reviewed, rating = EXCLUDED.rating, rating_value = EXCLUDED.rating_value,
         best_rating = EXCLUDED.best_rating, worst_rating = EXCLUDED.worst_rating, title = EXCLUDED.title, publisher = EXCLUDED.publisher,
         date_published = EXCLUDED.date_published, language = EXCLUDED.language, origin = EXCLUDED.origin, search = EXCLUDED.search, updated_at = now()
       WHERE fact_checks.origin <> 'own' OR EXCLUDED.origin = 'own'
       RETURNING url, (xmax = 0) AS inserted`,
      [
        organizationId,
        JSON.stringify(
          items.map((i) => ({
            url: i.url,
            claim_reviewed: i.claimReviewed,
            rating: i.rating,
            rating_value: i.ratingValue,
            best_rating: i.bestRating,
            worst_rating: i.worstRating,
            title: i.title,
            publisher: i.publisher,
            date_published: i.datePublished,
            language: i.language,
            origin: i.origin ?? 'import',
          })),
        ),
      ],
    );
    const created = rows.filter((r) => r.inserted).length;
    const written = new Set(rows.map((r) => r.url));
    return {
      created,
      updated: rows.length - created,
      skippedUrls: items.map((i) => i.url).filter((u) => !written.has(u)),
    };
  }

  matchClaim(organizationId: string, text: string, language: string, limit = 10): Promise<FactCheckRow[]> {
    const q = claimTsQuery(text, language);
    if (!q) return Promise.resolve([]);
    return this.ds.query(
      `SELECT url, claim_reviewed AS "claimReviewed", rating, title, publisher, date_published AS "datePublished", language
         FROM fact_checks, to_tsquery(${tsConfigSql('$3')}, $2) q
        WHERE organization_id = $1 AND search @@ q
        ORDER BY ts_rank(search, q) DESC, id LIMIT $4`,
      [organizationId, q, language, limit],
    );
  }
}
