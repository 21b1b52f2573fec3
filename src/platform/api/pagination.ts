import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Problem } from './problem';

export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page (nextCursor)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not a valid cursor' })
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * Every list pages the same way: keyset pagination. A page is fetched with limit + 1 rows in the
 * list's order; the cursor is the sort key of its last row (for most lists [createdAt, id],
 * newest first), base64url-encoded JSON, opaque to clients. A list with another order passes its
 * own `keyOf` to toPage and `read` to decodeCursor.
 */
export type CursorKey = readonly (string | number)[];

/** The usual key: (createdAt, id) descending, stable under inserts. */
export interface TimeCursor {
  createdAt: Date;
  id: string;
}

const byTime = (r: { createdAt: Date; id: string }): CursorKey => [r.createdAt.toISOString(), r.id];

function readTime([t, id]: unknown[]): TimeCursor | null {
  const createdAt = new Date(t as string);
  if (typeof t !== 'string' || typeof id !== 'string' || Number.isNaN(createdAt.getTime())) return null;
  return /^[0-9a-f-]{1,36}$/i.test(id) ? { createdAt, id } : null;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor names, as `read` accepts it (null: not a cursor of this list, a 400). */
export function decodeCursor(s: string | undefined): TimeCursor | null;
export function decodeCursor<K>(s: string | undefined, read: (parts: unknown[]) => K | null): K | null;
export function decodeCursor<K>(s: string | undefined, read?: (parts: unknown[]) => K | null): K | TimeCursor | null {
  if (!s) return null;
  let key: K | TimeCursor | null = null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (Array.isArray(parts)) key = (read ?? readTime)(parts);
  } catch {
    key = null;
  }
  if (key === null)
    throw Problem.badRequest('cursor is not a valid cursor', [
      { path: 'cursor', message: 'cursor is not a valid cursor' },
    ]);
  return key;
}

/** A page from limit + 1 rows fetched in the list's order. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (r: R) => T,
  keyOf: (r: R) => CursorKey = byTime as (r: R) => CursorKey,
): Page<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  return { data: slice.map(map), nextCursor: more ? encodeCursor(keyOf(slice[slice.length - 1])) : null };
}
