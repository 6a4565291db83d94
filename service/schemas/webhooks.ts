import { z } from 'zod';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS, type WebhookEventType } from '../domain/webhooks';
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from '../store/schema';
import { Instant, PageQuery, component, isoInstant } from './common';
import { EXAMPLE_ID } from './example-ids';

const EventList = z
  .array(z.enum(WEBHOOK_EVENTS, { error: `must be one of ${WEBHOOK_EVENTS.join(', ')}` }))
  .min(1, 'must name at least one event')
  .max(WEBHOOK_EVENTS.length * 2)
  .transform((events) => [...new Set(events)])
  .meta({ description: `Events to receive: ${WEBHOOK_EVENTS.map((e) => `\`${e}\``).join(', ')}.` });

const ReceiverUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute https:// URL' })
  .max(2000)
  .meta({
    description:
      'Where events are POSTed: https, not a private or loopback address (unless the operator allows private upstreams). Redirects are not followed.',
  });

export const CreateWebhookSubscriptionBody = component(
  z.object({
    url: ReceiverUrl,
    events: EventList,
    secret: z
      .string()
      .min(24, 'must be at least 24 characters')
      .max(200)
      .regex(/^[\x21-\x7e]+$/, 'may hold printable ASCII characters only, no spaces')
      .optional()
      .meta({ description: 'Your own signing secret; leave out and one is generated (`whsec_…`).' }),
    active: z.boolean().default(true),
  }),
  { id: 'CreateWebhookSubscription' },
  {
    url: 'https://hooks.agency.example/clientlens',
    events: ['update.published', 'feedback.created'],
    active: true,
  },
);

export const UpdateWebhookSubscriptionBody = component(
  z.object({ url: ReceiverUrl, events: EventList, active: z.boolean() }).partial(),
  { id: 'UpdateWebhookSubscription' },
  { events: ['update.published', 'feedback.created', 'feedback.answered'] },
);

const exampleEvents: WebhookEventType[] = ['update.published', 'feedback.created'];
const subscriptionExample = {
  id: EXAMPLE_ID.webhookSubscription,
  url: 'https://hooks.agency.example/clientlens',
  events: exampleEvents,
  active: true,
  createdAt: '2026-02-21T09:00:00.000Z',
  updatedAt: '2026-02-21T09:00:00.000Z',
};

export const WebhookSubscriptionSchema = component(
  z.object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    active: z.boolean(),
    createdAt: Instant,
    updatedAt: Instant,
  }),
  { id: 'WebhookSubscription', description: 'The signing secret is write-only: shown once at creation.' },
  subscriptionExample,
);

export const CreatedWebhookSubscriptionSchema = component(
  WebhookSubscriptionSchema.extend({
    secret: z.string().meta({
      description:
        'The HMAC-SHA256 key of `ClientLens-Signature`. Returned only now: it cannot be read again.',
    }),
  }),
  { id: 'CreatedWebhookSubscription' },
  { ...subscriptionExample, secret: 'whsec_Zk4pQ8vR2mT6yW1nB5cX9hL3sD7fG0jA' },
);

export const WebhookDeliverySchema = component(
  z.object({
    id: z.uuid().meta({ description: 'The `ClientLens-Delivery` header: the same on every attempt.' }),
    subscriptionId: z.uuid(),
    eventId: z.uuid().meta({ description: 'The `id` in the body; shared by the deliveries of one event.' }),
    event: z.enum(WEBHOOK_EVENTS),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).meta({
      description:
        '`pending` (in the outbox), `queued`, `retrying` (an attempt failed; another follows at `nextAttemptAt`), `delivered`, `failed` (given up).',
    }),
    attempts: z.number().int(),
    lastResponseStatus: z
      .number()
      .int()
      .nullable()
      .meta({ description: "HTTP status of the receiver's last answer; null when it did not answer." }),
    lastError: z.string().nullable().meta({ description: 'What went wrong last, in plain words.' }),
    nextAttemptAt: Instant.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    deliveredAt: Instant.nullable(),
  }),
  { id: 'WebhookDelivery' },
  {
    id: EXAMPLE_ID.webhookDelivery,
    subscriptionId: EXAMPLE_ID.webhookSubscription,
    eventId: EXAMPLE_ID.webhookEvent,
    event: 'update.published',
    status: 'retrying',
    attempts: 2,
    lastResponseStatus: 502,
    lastError: 'The receiver answered HTTP 502.',
    nextAttemptAt: '2026-03-13T08:04:00.000Z',
    createdAt: '2026-03-13T08:00:00.000Z',
    updatedAt: '2026-03-13T08:02:00.000Z',
    deliveredAt: null,
  },
);

export const DeliveryListQuery = PageQuery.extend({
  status: z
    .enum(WEBHOOK_DELIVERY_STATUSES)
    .optional()
    .meta({ description: 'Only deliveries in this state.' }),
});

export const toWebhookSubscriptionDto = (
  row: WebhookSubscriptionRow,
): z.output<typeof WebhookSubscriptionSchema> => ({
  id: row.id,
  url: row.url,
  events: row.events,
  active: row.active,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const toWebhookDeliveryDto = (row: WebhookDeliveryRow): z.output<typeof WebhookDeliverySchema> => ({
  id: row.id,
  subscriptionId: row.subscriptionId,
  eventId: row.eventId,
  event: row.eventType,
  status: row.status,
  attempts: row.attempts,
  lastResponseStatus: row.lastStatus,
  lastError: row.lastError,
  nextAttemptAt: isoInstant(row.nextAttemptAt),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  deliveredAt: isoInstant(row.deliveredAt),
});
