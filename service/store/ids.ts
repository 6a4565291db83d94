import { v7 } from 'uuid';

/** Time-ordered ids: lists page by id and come out in creation order. */
export const newId = (): string => v7();

/** One row per external id (the last wins): a single upsert statement may not touch a row twice. */
export function lastByExternalId<T extends { externalId: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.externalId, item])).values()];
}
