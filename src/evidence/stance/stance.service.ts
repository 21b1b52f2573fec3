import { Inject, Injectable, Logger } from '@nestjs/common';
import { SafeHttpClient } from '../../common/http/safe-http';
import { APP_CONFIG, type AppConfig } from '../../config/config';
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

  async score(input: StanceInput): Promise<StanceResult & { analyzer: 'builtin' | 'model' }> {
    const builtin = analyzeStance(input);
    const model = this.config.research.stanceModel;
    if (!model || builtin.relevance < 0.25) return { ...builtin, analyzer: 'builtin' };
    try {
      const m = await modelStance(this.http, model, input, this.config.research.provider.timeoutMs);
      return { ...builtin, stance: m.stance, stanceScore: m.score, rationale: m.rationale, analyzer: 'model' };
    } catch (err) {
      this.logger.warn(`Stance model unavailable, built-in analyzer used: ${(err as Error).message}`);
      return { ...builtin, analyzer: 'builtin' };
    }
  }
}
