import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * One version per project, kept in Redis so every API process sees it: a random value replaced whenever
 * something a client page of that project shows changes (a new summary, a publish, a revoked link). A
 * process may keep a page or a link in memory only while the version it read before loading them is the
 * current one, so a change made through any process is seen by all of them on their very next request.
 *
 * Order matters: read the version *before* reading the data, and replace it *after* the change is
 * committed. A cached copy then always carries a version at least as old as its data.
 */
export interface PageVersions {
  current(projectId: string): Promise<string>;
  /** Call after the change is committed; throws when Redis does not answer (the caller must not succeed). */
  bump(projectId: string): Promise<void>;
}

export function createPageVersions(redis: Redis, prefix: string): PageVersions {
  const key = (projectId: string) => `${prefix}:page-version:${projectId}`;
  return {
    async current(projectId) {
      const value = await redis.get(key(projectId));
      if (value) return value;
      // First use, or Redis lost it: start a new version (never one a process could have cached under).
      const fresh = randomUUID();
      const existing = (await redis.call('SET', key(projectId), fresh, 'NX', 'GET')) as string | null;
      return existing ?? fresh;
    },
    async bump(projectId) {
      await redis.set(key(projectId), randomUUID());
    },
  };
}
