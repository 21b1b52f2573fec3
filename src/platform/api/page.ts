import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

const pages = new Map<Type<unknown>, Type<unknown>>();

/**
 * The OpenAPI schema of a cursor page of `item` (`{ data: item[], nextCursor }`), named `<Item>Page`.
 * The JSON shape is `Page<T>` of common/pagination.ts.
 */
export function PageOf<T>(
  item: Type<T>,
  description = 'Opaque cursor of the next page; null on the last page',
): Type<{ data: T[]; nextCursor: string | null }> {
  const known = pages.get(item);
  if (known) return known as Type<{ data: T[]; nextCursor: string | null }>;
  class Page {
    @ApiProperty({ type: () => [item] })
    data!: T[];

    @ApiProperty({ type: String, nullable: true, description })
    nextCursor!: string | null;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name}Page` });
  pages.set(item, Page);
  return Page;
}

/** `{ data: item[] }` without paging (short, bounded lists). */
export function ListOf<T>(item: Type<T>, name: string): Type<{ data: T[] }> {
  class List {
    @ApiProperty({ type: () => [item] })
    data!: T[];
  }
  Object.defineProperty(List, 'name', { value: name });
  return List;
}
