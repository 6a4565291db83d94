/**
 * Retrying a delivery (outbound webhooks, channel sends): exponential backoff with jitter, a cap, and the
 * receiver's own wait when it names one. Pure, so every schedule is table-tested.
 */
export interface RetrySchedule {
  /** Wait before the 2nd attempt; doubles for each next one. */
  baseMs: number;
  /** No single wait is longer. */
  capMs: number;
  /** 0.5: each wait is between half and all of its nominal value. */
  jitter: number;
}

/** The wait after failed attempt `attempt` (1-based): min(cap, base × 2^(attempt−1)), less up to `jitter` of it. */
export function retryDelayMs(attempt: number, schedule: RetrySchedule, random: () => number = Math.random) {
  const nominal = Math.min(schedule.capMs, schedule.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal * (1 - schedule.jitter * random()));
}

/** What one attempt of a delivery came to; the queue worker turns it into BullMQ's terms. */
export type AttemptOutcome =
  | { kind: 'delivered' }
  /** Unknown, or delivered or failed already: nothing sent. */
  | { kind: 'skipped' }
  /** `code`: stable and short (a vendor's error code, `http_503`), for metrics; `message` is for people. */
  | { kind: 'retry'; delayMs: number; message: string; code: string }
  | { kind: 'failed'; message: string; code: string };

export type RetryDecision = { kind: 'retry'; delayMs: number } | { kind: 'give_up'; exhausted: boolean };

/**
 * After failed attempt `attempt` of `maxAttempts`: retry (after the receiver's wait when it gave one, else
 * the schedule's; never longer than the cap), or give up — at once when retrying cannot help.
 */
export function decideRetry(
  failure: { retryable: boolean; retryAfterMs?: number | undefined },
  attempt: number,
  maxAttempts: number,
  schedule: RetrySchedule,
  random: () => number = Math.random,
): RetryDecision {
  if (!failure.retryable) return { kind: 'give_up', exhausted: false };
  if (attempt >= maxAttempts) return { kind: 'give_up', exhausted: true };
  const wait = failure.retryAfterMs ?? retryDelayMs(attempt, schedule, random);
  return { kind: 'retry', delayMs: Math.min(Math.max(0, wait), schedule.capMs) };
}
