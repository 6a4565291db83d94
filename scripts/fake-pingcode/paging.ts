import type { Page } from './types';

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;

export interface Paging {
  pageSize: number;
  pageIndex: number;
}

function toInt(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return Math.trunc(raw);
  if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return Number.parseInt(raw, 10);
  return undefined;
}

/** `page_size` defaults to 30 and is clamped to 1..100; `page_index` is 0-based (reference/upstream-apis.md §1.3). */
export function parsePaging(pageSize: unknown, pageIndex: unknown): Paging {
  const size = toInt(pageSize) ?? DEFAULT_PAGE_SIZE;
  return {
    pageSize: Math.min(MAX_PAGE_SIZE, Math.max(1, size)),
    pageIndex: Math.max(0, toInt(pageIndex) ?? 0),
  };
}

export function page<T>(values: readonly T[], { pageSize, pageIndex }: Paging): Page<T> {
  const from = pageIndex * pageSize;
  return {
    page_size: pageSize,
    page_index: pageIndex,
    total: values.length,
    values: values.slice(from, from + pageSize),
  };
}
