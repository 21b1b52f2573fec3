/** What one attempt came to, as far as the retry policy cares. */
export interface AttemptOutcome {
  statusCode: number | null;
  timedOut: boolean;
  /** The Retry-After header of the response, if any. */
  retryAfter?: string | string[];
}

export interface RetryPolicyOptions {
  /** Delays in seconds before retry 1, 2, ... (the first attempt is immediate). */
  scheduleSeconds: number[];
  /** Floor for 429 and timeouts. */
  slowDownSeconds: number;
  random?: () => number;
  now?: () => number;
}

export const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

/** Seconds asked for by a Retry-After header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\s*\d+\s*$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, (at - now) / 1000);
}

/**
 * Delay in ms before the next attempt after failed attempt number `attemptsMade` (1-based), or null
 * when the schedule is exhausted. The scheduled delay gets ±20% jitter; a Retry-After is honoured
 * within [scheduled, 2 × scheduled]; 429 and timeouts wait at least slowDownSeconds.
 */
export function nextRetryDelayMs(attemptsMade: number, outcome: AttemptOutcome, o: RetryPolicyOptions): number | null {
  const scheduled = o.scheduleSeconds[attemptsMade - 1];
  if (scheduled === undefined) return null;
  const random = o.random ?? Math.random;
  let seconds = scheduled * (0.8 + 0.4 * random());
  const asked = parseRetryAfter(outcome.retryAfter, (o.now ?? Date.now)());
  if (asked !== null) seconds = Math.min(Math.max(asked, scheduled), 2 * scheduled);
  if (outcome.statusCode === 429 || outcome.timedOut) seconds = Math.max(seconds, o.slowDownSeconds);
  return Math.round(seconds * 1000);
}
