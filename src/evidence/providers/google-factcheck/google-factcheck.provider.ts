import { Inject, Injectable } from '@nestjs/common';
import { SafeHttpClient } from '../../../platform/http/safe-http';
import { APP_CONFIG, type AppConfig } from '../../../platform/config/config';
import { Candidate, ClaimQuery, EvidenceProvider, parseDate, ProviderResponseError } from '../evidence-provider';
import { searchLanguages } from '../cross-language';
import { getJson, isObject, str } from '../http-json';

/**
 * Google Fact Check Tools `claims:search`: published fact-checks; each review's textualRating gives the stance.
 * Searched in the claim's language and, with the claim's terms carried across by the bilingual lexicon,
 * in the other one (`languageCode`), both requests in parallel.
 */
@Injectable()
export class GoogleFactCheckProvider implements EvidenceProvider {
  readonly name = 'google-factcheck';
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: SafeHttpClient,
  ) {}

  enabled() {
    return !!this.config.research.googleFactCheck.apiKey;
  }

  describe() {
    return { baseUrl: this.config.research.googleFactCheck.baseUrl };
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
    const { apiKey, baseUrl } = this.config.research.googleFactCheck;
    const url = new URL('v1alpha1/claims:search', baseUrl.replace(/\/?$/, '/'));
    url.searchParams.set('query', query.slice(0, 500));
    url.searchParams.set('languageCode', language);
    url.searchParams.set('pageSize', '10');
    url.searchParams.set('key', apiKey ?? '');
    const body = await getJson(this.http, url.toString(), timeoutMs);
    if (!isObject(body)) throw new ProviderResponseError('Unexpected response shape');
    if (body.claims === undefined) return [];
    if (!Array.isArray(body.claims)) throw new ProviderResponseError('Unexpected response shape: claims is not a list');
    const out: Candidate[] = [];
    for (const c of body.claims) {
      if (!isObject(c) || !Array.isArray(c.claimReview)) continue;
      const claimText = str(c.text) ?? '';
      for (const r of c.claimReview) {
        if (!isObject(r) || !str(r.url)) continue;
        const publisher = isObject(r.publisher) ? (str(r.publisher.name) ?? str(r.publisher.site)) : undefined;
        out.push({
          url: str(r.url)!,
          title: str(r.title) ?? claimText.slice(0, 200),
          text: claimText || (str(r.title) ?? ''),
          publisher: publisher ?? null,
          publishedAt: parseDate(r.reviewDate),
          language: str(r.languageCode) ?? language,
          rating: str(r.textualRating) ?? null,
        });
      }
    }
    return out;
  }
}
