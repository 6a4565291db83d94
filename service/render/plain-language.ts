import type { IsoDate, MilestoneKind, StatusCategory } from '../domain/model';
import type {
  DetectedRisk,
  Health,
  MilestoneSummary,
  Progress,
  Slip,
  Summary,
} from '../domain/summary/types';
import type { MessageValues, Translator } from './i18n/i18n';

/**
 * Summary data → client words, over the `coreMessages` catalog. Pure: dates and instants go through the
 * translator, so the locale and time zone decide how they read. `NONE` is the value messages `select` on
 * when there is no milestone name, no date or no sync yet.
 */
export const NONE = 'none';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** Connector and sync failure codes with a message of their own; anything else reads `sync_error.other`. */
export const SYNC_ERROR_CODES = [
  'auth_failed',
  'rate_limited',
  'upstream_unavailable',
  'timeout',
  'network_error',
  'bad_payload',
  'not_found',
  'bad_request',
  'redirect_refused',
  'address_refused',
  'internal_error',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export function isSyncErrorCode(code: string): code is SyncErrorCode {
  return (SYNC_ERROR_CODES as readonly string[]).includes(code);
}

export const statusWord = (t: Translator, status: StatusCategory): string => t.t(`status.${status}`);
export const healthWord = (t: Translator, health: Health): string => t.t(`health.${health}`);
export const kindWord = (t: Translator, kind: MilestoneKind): string => t.t(`kind.${kind}`);

export const forecastMethodText = (t: Translator, method: MilestoneSummary['forecastMethod']): string =>
  t.t(`forecast.${method}`);

export const progressText = (t: Translator, progress: Progress): string =>
  progress.total === 0
    ? t.t('progress.empty')
    : t.t('progress.count', { done: progress.done, total: progress.total });

export function syncErrorText(t: Translator, code: string, source: string): string {
  return t.t(isSyncErrorCode(code) ? `sync_error.${code}` : 'sync_error.other', { source });
}

export interface RiskContext {
  /** The client-facing name of a milestone of this summary; undefined when unknown. */
  milestoneName(id: string): string | undefined;
  timeZone: string;
  /** Display name of the tool the data comes from, e.g. "PingCode". */
  source: string;
}

/** A detected risk as one plain sentence plus what it means for the client. */
export function riskSentence(
  t: Translator,
  risk: DetectedRisk,
  ctx: RiskContext,
): { text: string; impact: string } {
  const values = riskValues(t, risk, ctx);
  return { text: t.t(`risk.${risk.kind}`, values).trim(), impact: t.t(`risk.${risk.kind}.impact`, values) };
}

function riskValues(t: Translator, risk: DetectedRisk, ctx: RiskContext): MessageValues {
  const milestone = (id: string | null): string => (id === null ? undefined : ctx.milestoneName(id)) || NONE;
  switch (risk.kind) {
    case 'overdue_work':
    case 'blocked_work':
      return { count: risk.count, milestone: milestone(risk.milestoneId) };
    case 'forecast_past_due':
      return {
        milestone: milestone(risk.milestoneId),
        dueDate: t.date(risk.dueDate),
        forecastDate: t.date(risk.forecastDate),
        days: risk.days,
      };
    case 'stale_sync':
      return {
        source: ctx.source,
        syncedAt: risk.syncedAt === null ? NONE : t.dateTime(risk.syncedAt, ctx.timeZone),
      };
    case 'failed_sync':
      // An unknown code has no more to say than the sentence itself.
      return {
        source: ctx.source,
        at: t.dateTime(risk.at, ctx.timeZone),
        reason: isSyncErrorCode(risk.code) ? syncErrorText(t, risk.code, ctx.source) : '',
      };
  }
}

/** A due-date change: later, earlier, newly set or removed. */
export function slipSentence(t: Translator, slip: Slip): string {
  const milestone = slip.milestoneName;
  if (slip.to === null)
    return t.t('slip.removed', { milestone, from: slip.from === null ? NONE : t.date(slip.from) });
  if (slip.from === null) return t.t('slip.set', { milestone, to: t.date(slip.to) });
  const days = slip.days ?? daysBetween(slip.from, slip.to);
  return t.t(days < 0 ? 'slip.earlier' : 'slip.later', {
    milestone,
    from: t.date(slip.from),
    to: t.date(slip.to),
    days: Math.abs(days),
  });
}

/** Whole days between two ISO dates (both read as UTC midnight, so no daylight-saving drift); 0 if unreadable. */
function daysBetween(from: IsoDate, to: IsoDate): number {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / MS_PER_DAY);
  return Number.isFinite(days) ? days : 0;
}

/**
 * "Updated …, data from …" and, when the data is stale, a warning saying why. `now` measures how old the
 * data is: pass the summary's `generatedAt` to render a frozen snapshot as it was.
 */
export function freshnessLine(
  t: Translator,
  freshness: Summary['freshness'],
  timeZone: string,
  now: Date = new Date(),
): { line: string; warning: string | null } {
  const { source, syncedAt } = freshness;
  const time = syncedAt === null ? NONE : t.dateTime(syncedAt, timeZone);
  const line =
    syncedAt === null ? t.t('freshness.never', { source }) : t.t('freshness.updated', { time, source });
  if (!freshness.stale) return { line, warning: null };

  const reason = freshness.reason ?? (syncedAt === null ? 'never_synced' : 'old');
  const hours =
    syncedAt === null ? 0 : Math.max(0, Math.floor((now.getTime() - Date.parse(syncedAt)) / MS_PER_HOUR));
  const days = Math.floor(hours / 24);
  return { line, warning: t.t(`freshness.stale.${reason}`, { source, time, hours, days }) };
}
