import type { ChannelType } from '../channels/channel';
import type { PlanChannel, PmChannel, PmRecipient } from './comm-plan';

/**
 * Chat webhook URLs and signing secrets are credentials (whoever has the URL can post to the room): the
 * API shows a URL as its scheme and host followed by "…", and a secret only as `hasSecret`. A redacted URL
 * sent back unchanged means "keep the stored one".
 */
export const ELLIPSIS = '…';

export function redactUrl(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}/${ELLIPSIS}`;
  } catch {
    return ELLIPSIS;
  }
}

/** True for a value that came out of `redactUrl`. */
export const isRedacted = (value: string): boolean => value.endsWith(ELLIPSIS);

export interface RedactedChannel {
  id: string;
  name: string | null;
  type: ChannelType;
  /** Scheme and host only, e.g. `https://hooks.slack.com/…`. */
  webhookUrl?: string;
  /** DingTalk and Feishu: whether a signing secret is stored. */
  hasSecret?: boolean;
  recipients?: PmRecipient[];
}

export function redactChannel(channel: PlanChannel | PmChannel): RedactedChannel {
  const base = { id: channel.id, name: channel.name, type: channel.type };
  if (channel.type === 'email') return { ...base, recipients: channel.recipients.map((r) => ({ ...r })) };
  return {
    ...base,
    webhookUrl: redactUrl(channel.webhookUrl),
    ...(channel.type === 'dingtalk' || channel.type === 'feishu' ? { hasSecret: !!channel.secret } : {}),
  };
}
