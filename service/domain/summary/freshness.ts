import type { Summary, SummaryInput } from './types';

const MS_PER_HOUR = 3_600_000;

export interface SyncHealth {
  freshness: Summary['freshness'];
  /** The most recent run failed after the last success (or there never was one). */
  failure: { at: string; code: string } | null;
  /** No success within `staleAfterHours`, or never: `hours` since the last success, null when never. */
  staleness: { syncedAt: string | null; hours: number | null } | null;
  /**
   * When this changes with no new sync: fresh data turns old, or old data's age in whole hours goes up;
   * null when never synced.
   */
  changesAt: Date | null;
}

/**
 * How fresh the data is. The reason names the most useful explanation first: never synced, then a failed
 * last run (which is why data gets old), then simply old data.
 */
export function syncHealth(
  source: string,
  sync: SummaryInput['sync'],
  now: Date,
  staleAfterHours: number,
): SyncHealth {
  const { lastSuccessAt, lastFailure } = sync;
  const syncedAt = lastSuccessAt?.toISOString() ?? null;
  const failed = lastFailure !== null && (lastSuccessAt === null || lastFailure.at > lastSuccessAt);
  const ageMs = lastSuccessAt === null ? null : now.getTime() - lastSuccessAt.getTime();
  const old = ageMs !== null && ageMs > staleAfterHours * MS_PER_HOUR;

  const reason = lastSuccessAt === null ? 'never_synced' : failed ? 'failed' : old ? 'old' : null;
  return {
    freshness: { source, syncedAt, stale: reason !== null, reason },
    failure: failed ? { at: lastFailure.at.toISOString(), code: lastFailure.code } : null,
    staleness:
      ageMs === null
        ? { syncedAt: null, hours: null }
        : old
          ? { syncedAt, hours: Math.floor(ageMs / MS_PER_HOUR) }
          : null,
    // Exactly `staleAfterHours` is still fresh: old from the next millisecond.
    changesAt:
      lastSuccessAt === null || ageMs === null
        ? null
        : new Date(
            lastSuccessAt.getTime() +
              (old ? (Math.floor(ageMs / MS_PER_HOUR) + 1) * MS_PER_HOUR : staleAfterHours * MS_PER_HOUR + 1),
          ),
  };
}
