import { getNextMillis } from 'bullmq';
import type { z } from 'zod';
import { ChannelError, type ChannelConfig } from '../channels/channel';
import { guardWebhookUrl } from '../channels/webhook.http';
import { cronPattern, type Cadence } from '../domain/cadence';
import type { PlanChannel, PmChannel } from '../domain/comm-plan';
import { isRedacted, redactUrl } from '../domain/redact';
import { createError, type AppError, type FieldError } from '../errors';
import type { ClientChannelInput, PmChannelInput } from '../schemas/comm-plans';
import { newId } from '../store/ids';

type ClientInput = z.output<typeof ClientChannelInput>;
type PmInput = z.output<typeof PmChannelInput>;
type AnyInput = ClientInput | PmInput;
type Field = 'channels' | 'pmNotify';

const VENDORS: Record<Exclude<ChannelConfig['type'], 'email'>, string> = {
  slack: 'Slack',
  wecom: 'WeCom',
  dingtalk: 'DingTalk',
  feishu: 'Feishu',
  teams: 'Teams',
};

const invalid = (errors: FieldError[]): AppError =>
  createError(
    'validation_failed',
    400,
    `Some fields are not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`,
    { errors },
  );

/**
 * Checks what the body schema cannot know: ids used once, webhook addresses allowed on this server (https,
 * no private address unless ALLOW_PRIVATE_UPSTREAMS), and email only when SMTP is set up (422).
 */
export function checkChannelInputs(
  lists: { field: Field; items: AnyInput[] }[],
  options: { allowPrivate: boolean; emailEnabled: boolean },
): void {
  const errors: FieldError[] = [];
  const emailFields: string[] = [];
  for (const { field, items } of lists) {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (item.id !== undefined) {
        if (seen.has(item.id))
          errors.push({ field: `${field}.${i}.id`, message: 'is used twice in this list' });
        seen.add(item.id);
      }
      if (item.type === 'email') {
        if (!options.emailEnabled) emailFields.push(`${field}.${i}.type`);
        return;
      }
      const url = item.webhookUrl;
      if (url === undefined || isRedacted(url)) return;
      try {
        guardWebhookUrl(url, options.allowPrivate, VENDORS[item.type]);
      } catch (error) {
        if (!(error instanceof ChannelError)) throw error;
        errors.push({
          field: `${field}.${i}.webhookUrl`,
          message: 'must be https:// and not a private or loopback address',
        });
      }
    });
  }
  if (errors.length) throw invalid(errors);
  if (emailFields.length)
    throw createError(
      'email_not_configured',
      422,
      `This server cannot send email: SMTP_URL is not set. Set SMTP_URL (and MAIL_FROM) on the ClientLens server, or remove the email channel (${emailFields.join(', ')}).`,
      { errors: emailFields.map((field) => ({ field, message: 'needs SMTP_URL to be set on the server' })) },
    );
}

/**
 * Turns the body's channels into stored ones: new ones get an id; a webhook channel sent without its URL
 * (or with its redacted URL, as GET shows it) keeps the stored URL and secret of the channel with that id.
 */
export function resolveChannels<T extends PlanChannel | PmChannel>(
  field: Field,
  items: AnyInput[],
  stored: readonly (PlanChannel | PmChannel)[],
): T[] {
  const errors: FieldError[] = [];
  const out = items.map((item, i) => {
    const { id, name, ...config } = item;
    const channel = { ...config, id: id ?? newId(), name: name ?? null };
    if (config.type === 'email') return channel;
    const previous = id === undefined ? undefined : stored.find((c) => c.id === id);
    const url = config.webhookUrl;
    if (url !== undefined && !isRedacted(url)) return channel;
    if (
      !previous ||
      previous.type !== config.type ||
      (url !== undefined && url !== redactUrl(previous.webhookUrl))
    ) {
      errors.push({
        field: `${field}.${i}.webhookUrl`,
        message:
          url === undefined
            ? 'is required for a new channel (it can be left out only with the id of a stored channel of this type)'
            : 'is a redacted URL; send the full webhook URL',
      });
      return channel;
    }
    const secret =
      'secret' in config && config.secret !== undefined
        ? config.secret
        : 'secret' in previous
          ? previous.secret
          : undefined;
    return {
      ...channel,
      webhookUrl: previous.webhookUrl,
      ...(secret !== undefined ? { secret } : {}),
    };
  });
  if (errors.length) throw invalid(errors);
  return out as T[];
}

/** The zone passed Intl; BullMQ's cron parser must know it too, or the plan would never run. */
export function checkCadence(cadence: Cadence): void {
  let next: number | undefined;
  try {
    next = getNextMillis(Date.now(), { pattern: cronPattern(cadence), tz: cadence.timezone });
  } catch {
    next = undefined;
  }
  if (next === undefined || !Number.isFinite(next))
    throw invalid([{ field: 'cadence.timezone', message: 'is not a time zone the scheduler knows' }]);
}
