import { Inject, Injectable, Logger } from '@nestjs/common';
import { SafeHttpClient } from '../../platform/http/safe-http';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config';
import { analyzeStance } from './builtin-stance.analyzer';
import { modelStance } from './model-stance.client';
import type { StanceInput, StanceResult } from './stance.types';

/**
 * Scores a source against a claim. Relevance always comes from the built-in analyzer; the stance
 * comes from the model backend when one is configured and answers, otherwise from the built-in one.
 */
@Injectable()
export class StanceService {
  private readonly logger = new Logger(StanceService.name);
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: SafeHttpClient,
  ) {}

  /**
   * Loads the built-in analyzer's models (number and unit recognizers for French and English,
   * WordNet): seconds of synchronous work. A worker does it once at boot, before it takes jobs, so
   * that the first claim's research does not block the event loop mid-flight (webhook attempts and
   * job-lock renewals of the same process time out meanwhile).
   */
  warmUp(): number {
    const started = performance.now();
    for (const [language, claim, text] of [
      [
        'fr',
        'Le chômage a baissé de 2 % en 2025, plus de dix mille emplois',
        'Le taux de chômage a reculé de deux points, soit 10 000 postes et 3 millions d’euros',
      ],
      [
        'en',
        'Unemployment fell by 2 percent in 2025, more than ten thousand jobs',
        'The jobless rate dropped two points, about 10,000 positions and $3m',
      ],
    ] as const) {
      analyzeStance({ claim, language, title: '', text, sourceLanguage: language === 'fr' ? 'en' : 'fr' });
    }
    return Math.round(performance.now() - started);
  }

  /**
   * `builtinStance` is set when the model scored the source and the built-in analyzer reads it
   * otherwise: the evidence then says that the two disagree (the rationale is the model's).
   */
  async score(
    input: StanceInput,
  ): Promise<StanceResult & { analyzer: 'builtin' | 'model'; builtinStance: StanceResult['stance'] | null }> {
    const builtin = analyzeStance(input);
    const model = this.config.research.stanceModel;
    if (!model || builtin.relevance < 0.25) return { ...builtin, analyzer: 'builtin', builtinStance: null };
    try {
      const m = await modelStance(this.http, model, input, this.config.research.provider.timeoutMs);
      const disagree = m.stance !== builtin.stance;
      const rationale = disagree
        ? `${m.rationale} (The built-in analyzer reads it as ${builtin.stance}: ${builtin.rationale})`
        : m.rationale;
      return {
        ...builtin,
        stance: m.stance,
        stanceScore: m.score,
        rationale: rationale.slice(0, 1500),
        analyzer: 'model',
        builtinStance: disagree ? builtin.stance : null,
      };
    } catch (err) {
      this.logger.warn(`Stance model unavailable, built-in analyzer used: ${(err as Error).message}`);
      return { ...builtin, analyzer: 'builtin', builtinStance: null };
    }
  }
}
