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

  /**
   * `builtinStance` is set when the model scored the source and the built-in analyzer reads it
   * otherwise: the evidence then says that the two disagree (the rationale is the model's).
   */
  async score(input: StanceInput): Promise<StanceResult & { analyzer: 'builtin' | 'model'; builtinStance: StanceResult['stance'] | null }> {
    const builtin = analyzeStance(input);
    const model = this.config.research.stanceModel;
    if (!model || builtin.relevance < 0.25) return { ...builtin, analyzer: 'builtin', builtinStance: null };
    try {
      const m = await modelStance(this.http, model, input, this.config.research.provider.timeoutMs);
      const disagree = m.stance !== builtin.stance;
      const rationale = disagree ? `${m.rationale} (The built-in analyzer reads it as ${builtin.stance}: ${builtin.rationale})` : m.rationale;
      return { ...builtin, stance: m.stance, stanceScore: m.score, rationale: rationale.slice(0, 1500), analyzer: 'model', builtinStance: disagree ? builtin.stance : null };
    } catch (err) {
      this.logger.warn(`Stance model unavailable, built-in analyzer used: ${(err as Error).message}`);
      return { ...builtin, analyzer: 'builtin', builtinStance: null };
    }
  }
}
