import {
  ChannelError,
  channelMessageFromSummary,
  deliver,
  type ChannelConfig,
  type ChannelMessage,
  type DeliverDeps,
} from '../channels/channel';
import {
  CANCELLED,
  FINAL_CHANNEL_DELIVERY_STATUSES,
  clientChannelConfig,
  pmChannelConfig,
} from '../domain/comm-plan';
import { decideRetry, type AttemptOutcome, type RetrySchedule } from '../domain/retry';
import type { Db } from '../store/db';
import { getDelivery, recordDelivery } from '../store/channel-deliveries.store';
import { getPlanOfProject, getShareLinkById, getUpdateById } from '../store/comm-plans.store';
import type { ChannelDeliveryRow, CommPlanRow } from '../store/schema';
import { openChannels, openPmNotify, openShareToken } from './comm-plan-seal';
import { linkState } from './share-links.service';
import type { SummariesService } from './summaries.service';

/** No wait between two attempts is longer, whatever the schedule or a vendor's Retry-After says. */
const MAX_RETRY_WAIT_MS = 3_600_000;

export interface ChannelDeliveryDeps {
  db: Db;
  secretKey: Buffer;
  summaries: SummariesService;
  /** Where clients reach this deployment: the share link's origin. */
  publicUrl: () => string;
  /** `deliver()`'s dependencies: SSRF rule, deadline, SMTP transport. */
  channels: Omit<DeliverDeps, 'signal'>;
  /** Attempts before a send is marked failed (NOTIFY_ATTEMPTS). */
  maxAttempts: number;
  /** First retry wait (NOTIFY_BACKOFF_MS); doubles each attempt, up to an hour, less up to half (jitter). */
  backoffMs: number;
  now?: () => Date;
}

export type ChannelDelivery = ReturnType<typeof createChannelDeliveryService>;

/** A send that cannot be made, for good: the reason is written to the row as its last error. */
class NotSendable extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One attempt of one channel send: loads the row, its plan's channel (credentials decrypted in memory only)
 * and the message — a published update from its frozen summary, or a PM notice about a draft from the
 * current one — and calls `deliver()`. The message's idempotency key is the delivery id, the same on every
 * attempt. Retryable failures come back with the wait (the vendor's Retry-After, else exponential backoff
 * with jitter); an email that reached some recipients is retried for the others only.
 */
export function createChannelDeliveryService(deps: ChannelDeliveryDeps) {
  const { db, secretKey } = deps;
  const now = deps.now ?? (() => new Date());
  const schedule: RetrySchedule = { baseMs: deps.backoffMs, capMs: MAX_RETRY_WAIT_MS, jitter: 0.5 };

  async function shareUrl(plan: CommPlanRow): Promise<string> {
    const token = openShareToken(secretKey, plan);
    const link = plan.shareLinkId ? await getShareLinkById(db, plan.shareLinkId) : undefined;
    if (!token || !link || linkState(link, now()) !== 'active')
      throw new NotSendable(
        'share_link_inactive',
        'Not sent: the share link of the communication plan was revoked or has expired. Save the plan again (PUT) to give it a new one.',
      );
    return `${deps.publicUrl()}/s/${token}`;
  }

  async function prepare(
    row: ChannelDeliveryRow,
  ): Promise<{ config: ChannelConfig; message: ChannelMessage } | undefined> {
    const plan = await getPlanOfProject(db, row.projectId);
    if (!plan) throw new NotSendable('plan_removed', 'Not sent: the communication plan was removed.');
    const update = await getUpdateById(db, row.updateId);
    if (!update) throw new NotSendable('update_removed', 'Not sent: the update no longer exists.');
    const url = await shareUrl(plan);
    if (row.purpose === 'update') {
      const channel = openChannels(secretKey, plan).find((c) => c.id === row.channelId);
      if (!channel)
        throw new NotSendable('channel_removed', 'Not sent: the channel was removed from the plan.');
      const summary = update.summary ?? (await deps.summaries.forProject(plan.projectId))?.summary;
      if (!summary) throw new NotSendable('update_removed', 'Not sent: the project no longer exists.');
      const message = channelMessageFromSummary(summary, {
        headline: update.content.headline,
        shareUrl: url,
        locale: plan.locale,
        idempotencyKey: row.id,
      });
      return { config: clientChannelConfig(channel), message: { ...message, linkLanguage: true } };
    }
    // A notice about a draft: pointless once it is published.
    if (update.status === 'published') return undefined;
    const channel = openPmNotify(secretKey, plan).find((c) => c.id === row.channelId);
    if (!channel)
      throw new NotSendable('channel_removed', 'Not sent: the channel was removed from the plan.');
    const view = await deps.summaries.forProject(plan.projectId);
    if (!view) throw new NotSendable('update_removed', 'Not sent: the project no longer exists.');
    const message = channelMessageFromSummary(view.summary, {
      headline: update.content.headline,
      shareUrl: url,
      locale: view.locale,
      idempotencyKey: row.id,
    });
    return { config: pmChannelConfig(channel, view.locale), message: { ...message, notice: row.purpose } };
  }

  /** An email retried after a partial failure goes only to the recipients still pending. */
  function narrowed(config: ChannelConfig, pending: string[] | null): ChannelConfig {
    if (config.type !== 'email' || !pending) return config;
    const wanted = new Set(pending.map((a) => a.toLowerCase()));
    return { ...config, recipients: config.recipients.filter((r) => wanted.has(r.address.toLowerCase())) };
  }

  async function fail(row: ChannelDeliveryRow, attempts: number, code: string, message: string) {
    await recordDelivery(db, row.id, {
      status: 'failed',
      attempts,
      lastErrorCode: code,
      lastError: message,
      nextAttemptAt: null,
    });
  }

  async function attempt(deliveryId: string): Promise<AttemptOutcome> {
    const row = await getDelivery(db, deliveryId);
    if (!row || FINAL_CHANNEL_DELIVERY_STATUSES.includes(row.status)) return { kind: 'skipped' };
    const attemptNo = row.attempts + 1;
    let prepared: Awaited<ReturnType<typeof prepare>>;
    try {
      prepared = await prepare(row);
    } catch (error) {
      if (!(error instanceof NotSendable)) throw error;
      await fail(row, row.attempts, error.code, error.message);
      return { kind: 'failed', message: error.message, code: error.code };
    }
    if (!prepared) {
      const message = 'Not sent: the update was published before this notice went out.';
      await fail(row, row.attempts, CANCELLED, message);
      return { kind: 'skipped' };
    }
    const config = narrowed(prepared.config, row.pendingRecipients);
    try {
      await deliver(config, prepared.message, deps.channels);
    } catch (error) {
      if (!(error instanceof ChannelError)) throw error;
      const decision = decideRetry(error, attemptNo, deps.maxAttempts, schedule);
      if (decision.kind === 'give_up') {
        const message = decision.exhausted
          ? `${error.message} Gave up after ${attemptNo} attempts.`
          : `${error.message} Not retried: another attempt would not change the answer.`;
        await fail(row, attemptNo, error.code, message);
        return { kind: 'failed', message, code: error.code };
      }
      const message = `${error.message} Retrying automatically (attempt ${attemptNo} of ${deps.maxAttempts}).`;
      await recordDelivery(db, row.id, {
        status: 'sending',
        attempts: attemptNo,
        lastErrorCode: error.code,
        lastError: message,
        nextAttemptAt: new Date(now().getTime() + decision.delayMs),
        ...(config.type === 'email' && error.pendingRecipients
          ? { pendingRecipients: error.pendingRecipients }
          : {}),
      });
      return { kind: 'retry', delayMs: decision.delayMs, message, code: error.code };
    }
    await recordDelivery(db, row.id, {
      status: 'sent',
      attempts: attemptNo,
      lastErrorCode: null,
      lastError: null,
      nextAttemptAt: null,
      pendingRecipients: null,
      sentAt: now(),
    });
    return { kind: 'delivered' };
  }

  /** Ends a send whose job gave up outside `attempt` (e.g. the database failed on every try). */
  async function giveUp(deliveryId: string, reason: string): Promise<void> {
    await recordDelivery(db, deliveryId, {
      status: 'failed',
      lastErrorCode: 'internal_error',
      lastError: `Gave up: ${reason}`,
      nextAttemptAt: null,
    });
  }

  return { attempt, giveUp, schedule };
}
