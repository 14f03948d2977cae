import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CommonError } from '../errors/common.errors';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export class PageQueryDto {
  /** Page size, 1 to 1000. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(value: string): string {
  return Buffer.from(JSON.stringify({ k: value })).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === 'string') return parsed.k;
  } catch {
    // falls through to the error below
  }
  throw new CommonError('INVALID_CURSOR', 'cursor is not one this service issued; start again without it');
}

/** The position an offset cursor holds (lists ranked in memory or by OFFSET); a cursor this list did not give is a 400. */
export function decodeOffsetCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const offset = Number(decodeCursor(cursor));
  if (!Number.isSafeInteger(offset) || offset < 0) throw new CommonError('INVALID_CURSOR', 'cursor is not one this service issued; start again without it');
  return offset;
}

/** One page of a list held in memory, from the query's offset cursor. */
export function pageOf<T>(items: T[], query: { limit?: number; cursor?: string }): Page<T> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const offset = decodeOffsetCursor(query.cursor);
  return { items: items.slice(offset, offset + limit), nextCursor: items.length > offset + limit ? encodeCursor(String(offset + limit)) : null };
}

export interface Keyset<E> {
  /** A unique, sortable column, e.g. `user.id` (UUIDv7, so newest first when DESC). */
  column: string;
  direction: 'ASC' | 'DESC';
  valueOf: (row: E) => string;
}

/** Keyset pagination: stable under inserts, cheap at any depth. */
export async function paginate<E extends ObjectLiteral>(
  query: SelectQueryBuilder<E>,
  page: PageQueryDto,
  keyset: Keyset<E>,
): Promise<{ rows: E[]; nextCursor: string | null }> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  if (page.cursor) {
    query.andWhere(`${keyset.column} ${keyset.direction === 'DESC' ? '<' : '>'} :pageCursor`, { pageCursor: decodeCursor(page.cursor) });
  }
  const rows = await query
    .orderBy(keyset.column, keyset.direction)
    .take(limit + 1)
    .getMany();
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return { rows: pageRows, nextCursor: hasMore ? encodeCursor(keyset.valueOf(pageRows[pageRows.length - 1])) : null };
}
