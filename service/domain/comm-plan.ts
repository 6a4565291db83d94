import type { ChannelConfig, ChannelType, EmailRecipient } from '../channels/channel';
import type { Locale } from './model';

/** What a channel send is for: the PM's "draft ready" and reminder notices, or a published update. */
export const DELIVERY_PURPOSES = ['draft_ready', 'reminder', 'update'] as const;
export type DeliveryPurpose = (typeof DELIVERY_PURPOSES)[number];

/** pending = in the outbox; sending = queued or retrying (see attempts, nextAttemptAt, lastError). */
export const CHANNEL_DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type ChannelDeliveryStatus = (typeof CHANNEL_DELIVERY_STATUSES)[number];
export const FINAL_CHANNEL_DELIVERY_STATUSES: readonly ChannelDeliveryStatus[] = ['sent', 'failed'];

/** The error code of a PM notice that was not needed any more (the update was published first). */
export const CANCELLED = 'cancelled';

interface Named {
  /** Fixed when the channel is first saved; keeps its delivery history and stored credentials. */
  id: string;
  name: string | null;
}

/** A client channel of a plan: a channel config (service/channels) with its id and an optional name. */
export type PlanChannel = ChannelConfig & Named;

/** A PM recipient may leave out the language: the workspace's is used. */
export type PmRecipient = Omit<EmailRecipient, 'locale'> & { locale?: Locale | undefined };
export type PmChannel = (
  Exclude<ChannelConfig, { type: 'email' }> | { type: 'email'; recipients: PmRecipient[] }
) &
  Named;

/** A PM channel as `deliver()` takes it: every recipient with a language. */
export function pmChannelConfig(channel: PmChannel, workspaceLocale: Locale): ChannelConfig {
  const { id: _id, name: _name, ...config } = channel;
  if (config.type !== 'email') return config;
  return {
    type: 'email',
    recipients: config.recipients.map((r) => ({ ...r, locale: r.locale ?? workspaceLocale })),
  };
}

export function clientChannelConfig(channel: PlanChannel): ChannelConfig {
  const { id: _id, name: _name, ...config } = channel;
  return config;
}

export interface ChannelRef {
  id: string;
  type: ChannelType;
  name: string | null;
}
