import { hash, randomBytes } from 'node:crypto';

const PREFIX = 'cbk_';

/** A new key: `cbk_` + 43 base64url characters (256 bits). Only its SHA-256 is stored. */
export function newApiKeySecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 suffices for high-entropy random keys (no dictionary to attack); constant lookups by hash. */
export const hashApiKey = (secret: string) => hash('sha256', secret, 'hex');

const GENERATED = /^cbk_[A-Za-z0-9_-]{43}$/;
/** Characters of an operator-chosen key (BOOTSTRAP_ADMIN_KEY, at least 24) kept visible: at most 1/6 of it. */
export const CHOSEN_KEY_VISIBLE_CHARS = 4;

/**
 * The visible part kept for identification. A generated key shows `cbk_` and the next 8 of its 43
 * random characters (48 of 256 bits). Any other key (chosen by an operator, possibly short and
 * guessable) shows only its first 4 characters.
 */
export const visiblePrefix = (secret: string) =>
  GENERATED.test(secret) ? secret.slice(0, PREFIX.length + 8) : secret.slice(0, CHOSEN_KEY_VISIBLE_CHARS);

/** The key of an `Authorization: Bearer <key>` header, or null. */
export function bearerSecret(header: unknown): string | null {
  const match = typeof header === 'string' ? /^Bearer\s+(\S{1,512})\s*$/i.exec(header) : null;
  return match ? match[1] : null;
}
