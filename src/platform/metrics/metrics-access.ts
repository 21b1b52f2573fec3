import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/config';

/**
 * Who may scrape: with METRICS_TOKEN, only `Authorization: Bearer <token>`; without it, everyone when
 * METRICS_PUBLIC=true, nobody otherwise (metrics off, so an unconfigured deployment exposes nothing).
 */
export function metricsAccess(
  config: Pick<AppConfig, 'metricsToken' | 'metricsPublic'>,
  authorization: string | undefined,
): 'ok' | 'unauthorized' | 'disabled' {
  const token = config.metricsToken;
  if (!token) return config.metricsPublic ? 'ok' : 'disabled';
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'unauthorized';
}
