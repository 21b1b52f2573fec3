import { DEFAULT_WEBHOOK_RETRY_SCHEDULE } from '../platform/config/config';
import { nextRetryDelayMs, parseRetryAfter } from './retry-policy';

const base = { scheduleSeconds: [5, 300, 1800], slowDownSeconds: 60 };
const fail = { statusCode: 500, timedOut: false };

describe('webhook retry policy', () => {
  it('follows the schedule with ±20% jitter and stops when it is exhausted', () => {
    expect(nextRetryDelayMs(1, fail, { ...base, random: () => 0 })).toBe(4000);
    expect(nextRetryDelayMs(1, fail, { ...base, random: () => 1 })).toBe(6000);
    expect(nextRetryDelayMs(2, fail, { ...base, random: () => 0.5 })).toBe(300_000);
    expect(nextRetryDelayMs(4, fail, base)).toBeNull();
  });

  it('honours Retry-After within [scheduled, 2 × scheduled]', () => {
    expect(nextRetryDelayMs(2, { ...fail, retryAfter: '450' }, base)).toBe(450_000);
    expect(nextRetryDelayMs(2, { ...fail, retryAfter: '10' }, base)).toBe(300_000);
    expect(nextRetryDelayMs(2, { ...fail, retryAfter: '99999' }, base)).toBe(600_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(
      nextRetryDelayMs(2, { ...fail, retryAfter: 'Thu, 01 Jan 2026 00:07:00 GMT' }, { ...base, now: () => now }),
    ).toBe(420_000);
  });

  it('waits at least the slow-down floor after a 429 or a timeout', () => {
    expect(nextRetryDelayMs(1, { statusCode: 429, timedOut: false }, base)).toBe(60_000);
    expect(nextRetryDelayMs(1, { statusCode: null, timedOut: true }, base)).toBe(60_000);
    expect(nextRetryDelayMs(1, { statusCode: null, timedOut: false }, { ...base, random: () => 0.5 })).toBe(5000);
  });

  it('parses Retry-After forms', () => {
    expect(parseRetryAfter('120', 0)).toBe(120);
    expect(parseRetryAfter(undefined, 0)).toBeNull();
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });

  it('has a default schedule spanning at least 3 days (and about 5, the disable threshold)', () => {
    const total = DEFAULT_WEBHOOK_RETRY_SCHEDULE.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(3 * 86400);
    expect(DEFAULT_WEBHOOK_RETRY_SCHEDULE.slice(0, 7)).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
  });
});
