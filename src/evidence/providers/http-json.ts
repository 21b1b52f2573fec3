import { SafeHttpClient } from '../../platform/http/safe-http';
import { ProviderResponseError } from './evidence-provider';

const MAX_BYTES = 2 * 1024 * 1024;

/** GET through the SSRF-safe client; any non-2xx (redirects included: never followed) or non-JSON body is an error. */
export async function getJson(
  http: SafeHttpClient,
  url: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const res = await http.request(url, {
    timeoutMs,
    maxBytes: MAX_BYTES,
    headers: { accept: 'application/json', ...headers },
  });
  if (res.status >= 300 && res.status < 400)
    throw new ProviderResponseError(`HTTP ${res.status} redirect not followed`);
  if (res.status < 200 || res.status >= 300) throw new ProviderResponseError(`HTTP ${res.status}`);
  if (res.truncated) throw new ProviderResponseError(`Response larger than ${MAX_BYTES} bytes`);
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new ProviderResponseError('Response is not JSON');
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
