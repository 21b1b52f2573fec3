import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'cbk_';

/** A new key: `cbk_` + 43 base64url characters (256 bits). Only its SHA-256 is stored. */
export function newApiKeySecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 suffices for high-entropy random keys (no dictionary to attack); constant lookups by hash. */
export const hashApiKey = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** The visible part kept for identification: `cbk_` and the next 8 characters. */
export const visiblePrefix = (secret: string) => secret.slice(0, PREFIX.length + 8);

/** The key of an `Authorization: Bearer <key>` header, or null. */
export function bearerSecret(header: unknown): string | null {
  const match = typeof header === 'string' ? /^Bearer\s+(\S{1,512})\s*$/i.exec(header) : null;
  return match ? match[1] : null;
}
