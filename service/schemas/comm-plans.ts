import { z } from 'zod';
import {
  CHANNEL_TYPES,
  DingtalkChannelSchema,
  EmailChannelSchema,
  EmailRecipientSchema,
  FeishuChannelSchema,
  SlackChannelSchema,
  TeamsChannelSchema,
  WecomChannelSchema,
} from '../channels/channel';
import { WEEKDAYS, canonicalTimeZone, isIanaTimeZone } from '../domain/cadence';
import { CHANNEL_DELIVERY_STATUSES, DELIVERY_PURPOSES } from '../domain/comm-plan';
import { LOCALES } from '../domain/model';
import type { RedactedChannel } from '../domain/redact';
import type { ChannelDeliveryRow, CommPlanRow } from '../store/schema';
import { CalendarDate, Instant, PageQuery, component, isoInstant } from './common';
import { EXAMPLE_ID } from './example-ids';

const Hour = z.number().int().min(0).max(23).meta({ description: 'Full hour of the day, 0–23, local time.' });

const TimeZone = z
  .string()
  .max(64)
  .refine(isIanaTimeZone, { error: 'must be an IANA time zone such as Europe/Paris' })
  .transform(canonicalTimeZone)
  .meta({ description: 'IANA time zone the weekday, day and hour are read in, e.g. `Asia/Shanghai`.' });

const cadenceShapes = <T extends z.ZodType<string>>(timezone: T) =>
  z.discriminatedUnion('frequency', [
    z.object({
      frequency: z.enum(['weekly', 'biweekly']),
      weekday: z.enum(WEEKDAYS),
      hour: Hour,
      timezone,
    }),
    z.object({
      frequency: z.literal('monthly'),
      dayOfMonth: z.number().int().min(1).max(28).meta({ description: '1–28, so every month has it.' }),
      hour: Hour,
      timezone,
    }),
  ]);

export const CadenceInput = cadenceShapes(TimeZone).meta({
  id: 'CommPlanCadence',
  description:
    '`weekly`/`biweekly` on a `weekday`, or `monthly` on a `dayOfMonth`, at `hour` in `timezone`. Biweekly runs every second week from the week of its first run.',
});
export const CadenceSchema = cadenceShapes(z.string()).meta({ id: 'Cadence' });

const ChannelMeta = {
  id: z.uuid({ error: 'must be the id of a channel of this plan' }).optional().meta({
    description:
      'Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.',
  }),
  name: z.string().trim().min(1).max(120).optional().meta({ description: 'For you, e.g. `#atlas-client`.' }),
};

const keptUrl = {
  webhookUrl: SlackChannelSchema.shape.webhookUrl.optional().meta({
    description:
      'The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.',
  }),
};

const webhookChannels = [
  SlackChannelSchema.extend({ ...ChannelMeta, ...keptUrl }),
  WecomChannelSchema.extend({ ...ChannelMeta, ...keptUrl }),
  DingtalkChannelSchema.extend({ ...ChannelMeta, ...keptUrl }),
  FeishuChannelSchema.extend({ ...ChannelMeta, ...keptUrl }),
  TeamsChannelSchema.extend({ ...ChannelMeta, ...keptUrl }),
] as const;

export const ClientChannelInput = z
  .discriminatedUnion('type', [EmailChannelSchema.extend(ChannelMeta), ...webhookChannels])
  .meta({ id: 'ClientChannelSetting' });

const PmRecipient = EmailRecipientSchema.extend({
  locale: z
    .enum(LOCALES)
    .optional()
    .meta({ description: "The language of the notices; defaults to the workspace's." }),
});

export const PmChannelInput = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('email'),
      ...ChannelMeta,
      recipients: z
        .array(PmRecipient)
        .min(1)
        .max(20)
        .refine((list) => new Set(list.map((r) => r.address.toLowerCase())).size === list.length, {
          error: 'each address once',
        }),
    }),
    ...webhookChannels,
  ])
  .meta({ id: 'PmNotifySetting' });

export const PutCommPlanBody = z
  .object({
    cadence: CadenceInput,
    language: z.enum(LOCALES).optional().meta({
      description:
        "Language of chat messages and of the plan's share link; emails use each recipient's. Defaults to the workspace's.",
    }),
    channels: z
      .array(ClientChannelInput)
      .max(20)
      .default([])
      .meta({ description: 'Where each published update is sent.' }),
    graceHours: z.number().int().min(1).max(168).default(24).meta({
      description:
        'Hours after a cycle’s draft is ready before the PM is reminded once, if it is still a draft.',
    }),
    pmNotify: z
      .array(PmChannelInput)
      .max(10)
      .default([])
      .meta({ description: 'Where the PM hears that a draft is ready, and the reminder.' }),
  })
  .meta({
    id: 'PutCommPlan',
    example: {
      cadence: { frequency: 'weekly', weekday: 'friday', hour: 16, timezone: 'Europe/Paris' },
      language: 'fr',
      channels: [
        {
          type: 'email',
          name: 'Client team',
          recipients: [{ address: 'anna@client.example', name: 'Anna', locale: 'fr' }],
        },
        {
          type: 'slack',
          name: '#atlas-client',
          webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX',
        },
      ],
      graceHours: 24,
      pmNotify: [{ type: 'email', recipients: [{ address: 'pm@agency.example' }] }],
    },
  });
export type PutCommPlanInput = z.output<typeof PutCommPlanBody>;

export const RedactedChannelSchema = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    type: z.enum(CHANNEL_TYPES),
    webhookUrl: z
      .string()
      .optional()
      .meta({ description: 'Scheme and host only, e.g. `https://hooks.slack.com/…`.' }),
    hasSecret: z
      .boolean()
      .optional()
      .meta({ description: 'DingTalk and Feishu: a signing secret is stored.' }),
    recipients: z
      .array(
        z.object({ address: z.string(), name: z.string().optional(), locale: z.enum(LOCALES).optional() }),
      )
      .optional(),
  })
  .meta({ id: 'CommPlanChannel', description: 'Webhook URLs and secrets are write-only.' });

const channelDeliveryExample = {
  id: EXAMPLE_ID.channelDelivery,
  updateId: EXAMPLE_ID.publishedUpdate,
  purpose: 'update',
  channelId: EXAMPLE_ID.slackChannel,
  channelType: 'slack',
  channelName: '#atlas-client',
  status: 'sending',
  attempts: 2,
  nextAttemptAt: '2026-03-13T08:06:00.000Z',
  lastError: {
    code: 'rate_limited',
    message: 'Slack asked us to slow down; the message is sent again shortly.',
  },
  createdAt: '2026-03-13T08:00:00.000Z',
  updatedAt: '2026-03-13T08:01:00.000Z',
  sentAt: null,
} as const;

export const ChannelDeliverySchema = component(
  z.object({
    id: z
      .uuid()
      .meta({ description: "Also the message's idempotency key (DingTalk `msgUuid`, email Message-ID)." }),
    updateId: z.uuid().meta({ description: 'The published update, or the draft a PM notice is about.' }),
    purpose: z.enum(DELIVERY_PURPOSES),
    channelId: z.uuid(),
    channelType: z.enum(CHANNEL_TYPES),
    channelName: z.string().nullable(),
    status: z.enum(CHANNEL_DELIVERY_STATUSES).meta({
      description:
        '`pending` (waiting to be queued), `sending` (queued, or retrying after `lastError` at `nextAttemptAt`), `sent`, `failed` (for good).',
    }),
    attempts: z.number().int(),
    nextAttemptAt: Instant.nullable(),
    lastError: z
      .object({
        code: z
          .string()
          .meta({ description: 'Stable, e.g. `webhook_not_found`, `rate_limited`, `rejected`.' }),
        message: z.string().meta({ description: 'What went wrong, in plain words.' }),
      })
      .nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    sentAt: Instant.nullable(),
  }),
  { id: 'ChannelDelivery' },
  channelDeliveryExample,
);

export const CommPlanSchema = component(
  z.object({
    id: z.uuid(),
    projectId: z.uuid(),
    cadence: CadenceSchema,
    anchorWeek: CalendarDate.nullable().meta({
      description: 'Biweekly: the Monday of a week the plan runs in; it runs every second week from it.',
    }),
    language: z.enum(LOCALES),
    graceHours: z.number().int(),
    channels: z.array(RedactedChannelSchema),
    pmNotify: z.array(RedactedChannelSchema),
    shareLinkId: z.uuid().nullable().meta({
      description:
        'The share link the messages carry (label "Sent with updates"); revoke it under share links.',
    }),
    nextRunAt: Instant.nullable().meta({
      description: 'When the next cycle runs, from the job scheduler; null while the queue is unreachable.',
    }),
    problems: z
      .array(ChannelDeliverySchema)
      .meta({ description: 'The newest sends that failed or are being retried, newest first (at most 5).' }),
    createdAt: Instant,
    updatedAt: Instant,
  }),
  { id: 'CommPlan' },
  {
    id: EXAMPLE_ID.commPlan,
    projectId: EXAMPLE_ID.project,
    cadence: { frequency: 'weekly', weekday: 'friday', hour: 16, timezone: 'Europe/Paris' },
    anchorWeek: null,
    language: 'fr',
    graceHours: 24,
    channels: [
      {
        id: EXAMPLE_ID.emailChannel,
        name: 'Client team',
        type: 'email',
        recipients: [{ address: 'anna@client.example', name: 'Anna', locale: 'fr' }],
      },
      {
        id: EXAMPLE_ID.slackChannel,
        name: '#atlas-client',
        type: 'slack',
        webhookUrl: 'https://hooks.slack.com/…',
      },
    ],
    pmNotify: [
      { id: EXAMPLE_ID.pmChannel, name: null, type: 'email', recipients: [{ address: 'pm@agency.example' }] },
    ],
    shareLinkId: EXAMPLE_ID.shareLink,
    nextRunAt: '2026-03-20T15:00:00.000Z',
    problems: [channelDeliveryExample],
    createdAt: '2026-02-27T10:00:00.000Z',
    updatedAt: '2026-03-02T09:30:00.000Z',
  },
);

export const DeliveryListQuery = PageQuery.extend({
  status: z.enum(CHANNEL_DELIVERY_STATUSES).optional().meta({ description: 'Only sends in this state.' }),
  updateId: z
    .uuid({ error: 'must be an update id' })
    .optional()
    .meta({ description: 'Only sends of this update.' }),
});

export const toChannelDeliveryDto = (row: ChannelDeliveryRow): z.output<typeof ChannelDeliverySchema> => ({
  id: row.id,
  updateId: row.updateId,
  purpose: row.purpose,
  channelId: row.channelId,
  channelType: row.channelType,
  channelName: row.channelName,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: isoInstant(row.nextAttemptAt),
  lastError: row.lastErrorCode ? { code: row.lastErrorCode, message: row.lastError ?? '' } : null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  sentAt: isoInstant(row.sentAt),
});

export const toRedactedChannelDto = (channel: RedactedChannel): z.output<typeof RedactedChannelSchema> => ({
  id: channel.id,
  name: channel.name,
  type: channel.type,
  ...(channel.webhookUrl !== undefined ? { webhookUrl: channel.webhookUrl } : {}),
  ...(channel.hasSecret !== undefined ? { hasSecret: channel.hasSecret } : {}),
  ...(channel.recipients
    ? {
        recipients: channel.recipients.map((r) => ({
          address: r.address,
          ...(r.name !== undefined ? { name: r.name } : {}),
          ...(r.locale !== undefined ? { locale: r.locale } : {}),
        })),
      }
    : {}),
});

/** What GET and PUT answer, before it is turned into JSON. */
export interface CommPlanView {
  row: CommPlanRow;
  channels: RedactedChannel[];
  pmNotify: RedactedChannel[];
  nextRunAt: Date | undefined;
  problems: ChannelDeliveryRow[];
}

export const toCommPlanDto = (view: CommPlanView): z.output<typeof CommPlanSchema> => ({
  id: view.row.id,
  projectId: view.row.projectId,
  cadence: view.row.cadence,
  anchorWeek: view.row.anchorWeek,
  language: view.row.locale,
  graceHours: view.row.graceHours,
  channels: view.channels.map(toRedactedChannelDto),
  pmNotify: view.pmNotify.map(toRedactedChannelDto),
  shareLinkId: view.row.shareLinkId,
  nextRunAt: view.nextRunAt?.toISOString() ?? null,
  problems: view.problems.map(toChannelDeliveryDto),
  createdAt: view.row.createdAt.toISOString(),
  updatedAt: view.row.updatedAt.toISOString(),
});
