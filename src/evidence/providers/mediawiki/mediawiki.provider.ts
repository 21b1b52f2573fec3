import { Inject, Injectable } from '@nestjs/common';
import { SafeHttpClient } from '../../../platform/http/safe-http';
import { APP_CONFIG, type AppConfig } from '../../../platform/config/config';
import {
  Candidate,
  ClaimQuery,
  EvidenceProvider,
  parseDate,
  plainText,
  ProviderResponseError,
} from '../evidence-provider';
import { searchLanguages } from '../cross-language';
import { getJson, isObject, str } from '../http-json';

/**
 * MediaWiki `action=query&list=search` on the claim's language edition. MEDIAWIKI_BASE_URL is the
 * API endpoint; `{lang}` in it is replaced by the claim's language (https://{lang}.wikipedia.org/w/api.php).
 * With `{lang}` in the URL, the other language's edition is searched too, in parallel, with the claim's
 * terms carried across by the bilingual lexicon (a single-wiki URL without `{lang}` is searched once).
 */
@Injectable()
export class MediaWikiProvider implements EvidenceProvider {
  readonly name = 'mediawiki';
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: SafeHttpClient,
  ) {}

  enabled() {
    return !!this.config.research.mediawikiBaseUrl;
  }

  describe() {
    return { baseUrl: this.config.research.mediawikiBaseUrl ?? null };
  }

  async search(q: ClaimQuery, opts: { timeoutMs: number }): Promise<Candidate[]> {
    const lists = await Promise.all(this.languages(q).map((l) => this.searchIn(l.query, l.language, opts.timeoutMs)));
    return lists.flat();
  }

  requests(q: ClaimQuery) {
    return this.languages(q).length;
  }

  /** Both languages when the base URL names the wiki of each (`{lang}`), else the claim's only. */
  private languages(q: ClaimQuery) {
    const all = searchLanguages(q.text, q.language);
    return this.config.research.mediawikiBaseUrl!.includes('{lang}') ? all : all.slice(0, 1);
  }

  private async searchIn(query: string, language: string, timeoutMs: number): Promise<Candidate[]> {
    const api = new URL(this.config.research.mediawikiBaseUrl!.replace('{lang}', encodeURIComponent(language)));
    for (const [k, v] of Object.entries({
      action: 'query',
      list: 'search',
      srsearch: query.slice(0, 300),
      srlimit: '10',
      format: 'json',
      formatversion: '2',
      utf8: '1',
    }))
      api.searchParams.set(k, v);
    const body = await getJson(this.http, api.toString(), timeoutMs);
    if (!isObject(body)) throw new ProviderResponseError('Unexpected response shape');
    if (isObject(body.error))
      throw new ProviderResponseError(`MediaWiki error: ${str(body.error.info) ?? str(body.error.code) ?? 'unknown'}`);
    if (!isObject(body.query) || !Array.isArray(body.query.search))
      throw new ProviderResponseError('Unexpected response shape: no query.search');
    const out: Candidate[] = [];
    for (const r of body.query.search) {
      if (!isObject(r) || !str(r.title)) continue;
      const page = new URL(api.pathname.replace(/api\.php$/, 'index.php'), api.origin);
      if (typeof r.pageid === 'number') page.searchParams.set('curid', String(r.pageid));
      else page.searchParams.set('title', str(r.title)!);
      out.push({
        url: page.toString(),
        title: str(r.title)!,
        text: plainText(str(r.snippet) ?? ''),
        publisher: api.hostname,
        publishedAt: parseDate(r.timestamp),
        language,
      });
    }
    return out;
  }
}
