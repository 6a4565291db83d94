import { z } from 'zod';
import type { Transporter } from 'nodemailer';
import { LOCALES } from '../domain/model';
import type { Locale } from '../domain/model';
import type { Health, Summary } from '../domain/summary/types';
import { ChannelError } from './channel-error';
import { buildDigest, type Digest } from './digest';
import { dingtalkChannel } from './dingtalk.channel';
import { sendEmail } from './email.channel';
import { feishuChannel } from './feishu.channel';
import { slackChannel } from './slack.channel';
import { teamsChannel } from './teams.channel';
import { wecomChannel } from './wecom.channel';
import { guardWebhookUrl, postJson, type WebhookResponse } from './webhook.http';

export { ChannelError, isRetryableCode, type ChannelErrorCode } from './channel-error';

/**
 * The channels contract: where a published update goes (a channel config, stored with the comm plan),
 * what it says (a `ChannelMessage`), and `deliver`, which sends one message to one channel or throws a
 * `ChannelError` that tells a queue whether to retry. Vendor formats, signing and limits follow
 * shared/reference/channels.md; each vendor is one `<vendor>.channel.ts` beside this file.
 */

export const CHANNEL_TYPES = ['email', 'slack', 'wecom', 'dingtalk', 'feishu', 'teams'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

const HEALTHS = ['done', 'on_track', 'at_risk', 'late'] as const satisfies readonly Health[];
export const NOTICES = ['draft_ready', 'reminder'] as const;
export type Notice = (typeof NOTICES)[number];

/**
 * Any absolute http(s) URL here; "https only, no private address" is enforced when delivering, where the
 * operator's `allowPrivate` is known (the same rule as upstream tools' base URLs).
 */
const WebhookUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute https URL' }).max(2048);
const Secret = z.string().trim().min(1).max(256);

export const SlackChannelSchema = z.object({ type: z.literal('slack'), webhookUrl: WebhookUrl });

export const WecomChannelSchema = z.object({ type: z.literal('wecom'), webhookUrl: WebhookUrl });

export const DingtalkChannelSchema = z.object({
  type: z.literal('dingtalk'),
  webhookUrl: WebhookUrl,
  /** The robot's 加签 secret; DingTalk's start with "SEC" (help.dingtalk.io …/customize-robot-security-settings). */
  secret: Secret.startsWith('SEC', { error: 'a DingTalk signing secret starts with SEC' }).optional(),
});

export const FeishuChannelSchema = z.object({
  type: z.literal('feishu'),
  webhookUrl: WebhookUrl,
  /** The bot's signature-verification secret (签名校验), when it is turned on. */
  secret: Secret.optional(),
});

export const TeamsChannelSchema = z.object({ type: z.literal('teams'), webhookUrl: WebhookUrl });

export const EmailRecipientSchema = z.object({
  address: z.email().max(254),
  name: z.string().trim().min(1).max(200).optional(),
  /** The language this person reads the update in. */
  locale: z.enum(LOCALES),
});

export const EmailChannelSchema = z.object({
  type: z.literal('email'),
  recipients: z
    .array(EmailRecipientSchema)
    .min(1)
    .max(50)
    .refine((list) => new Set(list.map((r) => r.address.toLowerCase())).size === list.length, {
      error: 'each address once',
    }),
});

export const ChannelConfigSchema = z.discriminatedUnion('type', [
  EmailChannelSchema,
  SlackChannelSchema,
  WecomChannelSchema,
  DingtalkChannelSchema,
  FeishuChannelSchema,
  TeamsChannelSchema,
]);

export type ChannelConfig = z.infer<typeof ChannelConfigSchema>;
export type EmailChannelConfig = z.infer<typeof EmailChannelSchema>;
export type EmailRecipient = z.infer<typeof EmailRecipientSchema>;
export type SlackChannelConfig = z.infer<typeof SlackChannelSchema>;
export type WecomChannelConfig = z.infer<typeof WecomChannelSchema>;
export type DingtalkChannelConfig = z.infer<typeof DingtalkChannelSchema>;
export type FeishuChannelConfig = z.infer<typeof FeishuChannelSchema>;
export type TeamsChannelConfig = z.infer<typeof TeamsChannelSchema>;
export type WebhookChannelConfig = Exclude<ChannelConfig, { type: 'email' }>;
export type WebhookChannelType = WebhookChannelConfig['type'];

export const ChannelMessageSchema = z.object({
  /** The client-facing project name. */
  projectName: z.string().trim().min(1).max(1000),
  /** The update's headline, in the PM's words. */
  headline: z.string().trim().min(1).max(2000),
  /** Overall progress 0..1, as `Summary.overall.byCount.ratio`; shown as a percentage. */
  progress: z.number().min(0).max(1),
  milestones: z
    .array(z.object({ name: z.string().trim().min(1).max(1000), health: z.enum(HEALTHS) }))
    .max(1000),
  /** The client page; http is allowed for a local ClientLens. */
  shareUrl: z.url({ protocol: /^https?$/ }).max(1000),
  /** The language of the chat message (email uses each recipient's). */
  locale: z.enum(LOCALES),
  /**
   * Stable across retries of one delivery (e.g. `<updateId>.<channelId>`): DingTalk's `msgUuid` and the
   * email Message-ID, so a retry after a lost answer is dropped as a duplicate where the vendor supports it.
   */
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .optional(),
  /**
   * A notice to the PM about a draft (`headline` is the draft's) instead of a published update: its own
   * title, email intro and footer ("your update for … is ready to review", a reminder).
   */
  notice: z.enum(NOTICES).optional(),
  /** Email: adds `?lang=<recipient language>` to the link, so the client page opens in the email's language. */
  linkLanguage: z.boolean().optional(),
});

export type ChannelMessage = z.infer<typeof ChannelMessageSchema>;

export interface MailDeps {
  /** A nodemailer transport (SMTP), built once by the composition root. */
  transport: Pick<Transporter, 'sendMail'>;
  /** The From header, e.g. `"ClientLens" <updates@clientlens.example.com>`. */
  from: string;
}

export interface DeliverDeps {
  /** Allows http:// and private, loopback and link-local webhook addresses (intranet tools, tests). */
  allowPrivate: boolean;
  /** Deadline for one webhook request. Default 10 s. */
  timeoutMs?: number | undefined;
  /** The clock for signatures. */
  now?: (() => Date) | undefined;
  signal?: AbortSignal | undefined;
  /** Required for email channels. */
  mail?: MailDeps | undefined;
}

export interface DeliveryResult {
  type: ChannelType;
  /** Messages handed over: 1 for a chat, one per recipient for email. */
  sent: number;
  /** False when the vendor only queued the message (Teams answers 202 and posts later). */
  confirmed: boolean;
  /** Milestones left out to stay within the vendor's size limit; the message says how many. */
  milestonesOmitted: number;
}

/** What a webhook vendor provides: mostly data and pure functions, so each is table-tested alone. */
export interface WebhookChannel<C extends WebhookChannelConfig> {
  /** Names the vendor in error messages. */
  readonly vendor: string;
  /** The request to send: URL (signed where the vendor signs the URL) and the JSON body as sent. */
  request(config: C, digest: Digest, context: RequestContext): WebhookRequest;
  /** The failure an answer means, or undefined when the message was accepted. */
  check(response: WebhookResponse): ChannelError | undefined;
}

export interface RequestContext {
  now: Date;
  idempotencyKey: string | undefined;
}

export interface WebhookRequest {
  url: string;
  body: string;
  /** Milestones shown; the rest were left out to fit. */
  shown: number;
}

type WebhookChannels = {
  [K in WebhookChannelType]: WebhookChannel<Extract<WebhookChannelConfig, { type: K }>>;
};

const WEBHOOKS: WebhookChannels = {
  slack: slackChannel,
  wecom: wecomChannel,
  dingtalk: dingtalkChannel,
  feishu: feishuChannel,
  teams: teamsChannel,
};

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Sends one message to one channel. Resolves when the vendor accepted it; throws a `ChannelError` otherwise
 * (`retryable`, `retryAfterMs` tell a queue what to do). Validates both inputs first, so a bad stored config
 * fails for good instead of being retried.
 */
export async function deliver(
  channel: ChannelConfig,
  message: ChannelMessage,
  deps: DeliverDeps,
): Promise<DeliveryResult> {
  const config = parseOrThrow(ChannelConfigSchema, channel, 'channel');
  const msg = parseOrThrow(ChannelMessageSchema, message, 'message');
  if (config.type === 'email') return sendEmail(config, msg, deps);
  return deliverWebhook(config, msg, deps);
}

async function deliverWebhook<C extends WebhookChannelConfig>(
  config: C,
  message: ChannelMessage,
  deps: DeliverDeps,
): Promise<DeliveryResult> {
  const sender = WEBHOOKS[config.type] as WebhookChannel<C>;
  guardWebhookUrl(config.webhookUrl, deps.allowPrivate, sender.vendor);
  const digest = buildDigest(message, message.locale);
  const request = sender.request(config, digest, {
    now: deps.now?.() ?? new Date(),
    idempotencyKey: message.idempotencyKey,
  });
  const response = await postJson(request.url, request.body, {
    vendor: sender.vendor,
    allowPrivate: deps.allowPrivate,
    timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: deps.signal,
  });
  const failure = sender.check(response);
  if (failure) throw failure;
  return {
    type: config.type,
    sent: 1,
    confirmed: response.status !== 202,
    milestonesOmitted: message.milestones.length - request.shown,
  };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || what;
  throw new ChannelError('invalid_config', `The ${what} is not valid at ${where}: ${issue?.message ?? ''}`);
}

/** The message for a published update, from its frozen summary. */
export function channelMessageFromSummary(
  summary: Summary,
  update: { headline: string; shareUrl: string; locale: Locale; idempotencyKey?: string | undefined },
): ChannelMessage {
  return {
    projectName: summary.project.name,
    headline: update.headline,
    progress: summary.overall.byCount.ratio,
    milestones: summary.milestones.map((m) => ({ name: m.name, health: m.health })),
    shareUrl: update.shareUrl,
    locale: update.locale,
    ...(update.idempotencyKey === undefined ? {} : { idempotencyKey: update.idempotencyKey }),
  };
}
