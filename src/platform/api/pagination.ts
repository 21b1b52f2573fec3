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

/** Cursor over (createdAt, id) descending: stable under inserts. */
export interface TimeCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(c: TimeCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.id])).toString('base64url');
}

export function decodeCursor(s: string | undefined): TimeCursor | null {
  if (!s) return null;
  try {
    const [t, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    const createdAt = new Date(t);
    if (typeof id !== 'string' || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{1,36}$/i.test(id))
      throw new Error();
    return { createdAt, id };
  } catch {
    throw Problem.badRequest('cursor is not a valid cursor', [
      { path: 'cursor', message: 'cursor is not a valid cursor' },
    ]);
  }
}

/** Builds a page from limit+1 rows fetched in (createdAt, id) descending order. */
export function toPage<R extends { createdAt: Date; id: string }, T>(
  rows: R[],
  limit: number,
  map: (r: R) => T,
): Page<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  return { data: slice.map(map), nextCursor: more ? encodeCursor(slice[slice.length - 1]) : null };
}
