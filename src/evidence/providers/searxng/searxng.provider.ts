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
 * A self-hosted SearXNG metasearch: `/search?q=…&format=json&language=…`, in the claim's language and,
 * in parallel, in the other one with the claim's terms carried across by the bilingual lexicon.
 */
@Injectable()
export class SearxngProvider implements EvidenceProvider {
  readonly name = 'searxng';
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: SafeHttpClient,
  ) {}

  enabled() {
    return !!this.config.research.searxngBaseUrl;
  }

  describe() {
    return { baseUrl: this.config.research.searxngBaseUrl ?? null };
  }

  async search(q: ClaimQuery, opts: { timeoutMs: number }): Promise<Candidate[]> {
    const lists = await Promise.all(
      searchLanguages(q.text, q.language).map((l) => this.searchIn(l.query, l.language, opts.timeoutMs)),
    );
    return lists.flat();
  }

  requests(q: ClaimQuery) {
    return searchLanguages(q.text, q.language).length;
  }

  private async searchIn(query: string, language: string, timeoutMs: number): Promise<Candidate[]> {
    const url = new URL('search', this.config.research.searxngBaseUrl!.replace(/\/?$/, '/'));
    url.searchParams.set('q', query.slice(0, 300));
    url.searchParams.set('format', 'json');
    url.searchParams.set('language', language);
    const body = await getJson(this.http, url.toString(), timeoutMs);
    if (!isObject(body) || !Array.isArray(body.results))
      throw new ProviderResponseError('Unexpected response shape: no results list');
    // 200 with no results and unresponsive engines: every engine failed, which is a failure, not "nothing found".
    if (!body.results.length && Array.isArray(body.unresponsive_engines) && body.unresponsive_engines.length)
      throw new ProviderResponseError('Every search engine failed');
    const out: Candidate[] = [];
    for (const r of body.results.slice(0, 15)) {
      if (!isObject(r) || !str(r.url)) continue;
      let host: string | null = null;
      try {
        host = new URL(str(r.url)!).hostname;
      } catch {
        continue;
      }
      out.push({
        url: str(r.url)!,
        title: plainText(str(r.title) ?? ''),
        text: plainText(str(r.content) ?? ''),
        publisher: host,
        publishedAt: parseDate(r.publishedDate),
        language,
      });
    }
    return out;
  }
}
