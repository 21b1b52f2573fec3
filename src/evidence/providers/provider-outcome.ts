/** What one evidence provider did in one research run: kept with the run, shown in its view. */
export interface ProviderOutcome {
  provider: string;
  status: 'ok' | 'failed' | 'timeout' | 'skipped';
  attempts: number;
  latencyMs: number;
  candidates: number;
  error?: string;
}
