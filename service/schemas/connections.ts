import { z } from 'zod';
import { PROVIDERS } from '../domain/model';
import type { ConnectionRow } from '../store/schema';
import { Instant, component, isoInstant } from './common';
import { EXAMPLE_ID } from './example-ids';

const SyncErrorSchema = z.object({ code: z.string(), message: z.string() });

export const ConnectionSchema = component(
  z.object({
    id: z.uuid(),
    provider: z.enum(PROVIDERS),
    name: z.string(),
    baseUrl: z.string(),
    settings: z.record(z.string(), z.unknown()),
    timezone: z.string(),
    status: z.enum(['active', 'auth_failed', 'error']),
    lastError: SyncErrorSchema.nullable().meta({
      description:
        'The last sync failure in plain words: bad credentials, no access to the project, the tool down, rate limited until …',
    }),
    lastSyncedAt: Instant.nullable(),
    reconcileEveryMinutes: z.number().int().meta({
      description: 'Minutes between reconciliation syncs of every synced project (0 = never).',
    }),
    nextSyncAt: Instant.nullable().meta({
      description:
        'The next reconciliation sync, from its job scheduler; null when off or the queue is away.',
    }),
    webhook: z
      .object({
        path: z
          .string()
          .meta({ description: 'POST the tool’s webhooks to this path of your ClientLens address.' }),
        hasSecret: z
          .boolean()
          .meta({ description: 'A signing secret is set (required to accept deliveries).' }),
      })
      .meta({
        description: 'Inbound webhooks: changes arrive within seconds instead of at the next reconciliation.',
      }),
    createdAt: Instant,
    updatedAt: Instant,
  }),
  { id: 'Connection', description: 'A link to one PM-tool account. Credentials are write-only.' },
  {
    id: EXAMPLE_ID.connection,
    provider: 'pingcode',
    name: 'Acme PingCode',
    baseUrl: 'https://open.pingcode.com',
    settings: {},
    timezone: 'Asia/Shanghai',
    status: 'active',
    lastError: null,
    lastSyncedAt: '2026-03-10T01:45:00.000Z',
    reconcileEveryMinutes: 15,
    nextSyncAt: '2026-03-10T02:00:00.000Z',
    webhook: { path: `/webhooks/pingcode/${EXAMPLE_ID.connection}`, hasSecret: true },
    createdAt: '2026-02-02T03:12:45.000Z',
    updatedAt: '2026-03-10T01:45:00.000Z',
  },
);

export const timezoneField = z
  .string()
  .refine(isTimeZone, { error: 'must be an IANA time zone such as Asia/Shanghai' });

export const CreateConnectionBody = component(
  z.object({
    provider: z.enum(PROVIDERS),
    name: z.string().trim().min(1).max(120),
    baseUrl: z.url({ error: 'must be an absolute URL' }).optional().meta({
      description: "The tool's API root; defaults to its public cloud (PingCode: https://open.pingcode.com).",
    }),
    credentials: z.record(z.string(), z.unknown()).meta({
      description:
        'PingCode: `{ clientId, clientSecret }`; Worktile: `{ clientId, clientSecret }`; Jira: `{ type: "basic", email, apiToken }` or `{ type: "oauth", accessToken }`; GitHub: `{ token }`. Never returned.',
    }),
    settings: z.record(z.string(), z.unknown()).optional(),
    timezone: timezoneField
      .optional()
      .meta({ description: "Turns the tool's instants into calendar dates; defaults to the workspace's." }),
    webhookSecret: z.string().min(16, 'must be at least 16 characters').max(200).nullable().optional().meta({
      description:
        'The secret the tool signs its webhooks with (GitHub, Jira: the webhook’s secret; Worktile, PingCode: a shared secret). Write-only; `null` removes it.',
    }),
    reconcileEveryMinutes: z
      .number()
      .int()
      .min(0)
      .max(1440)
      .refine((n) => n === 0 || n >= 5, { error: 'must be 0 (never) or at least 5' })
      .optional()
      .meta({ description: 'Minutes between reconciliation syncs; default 15, 0 = never.' }),
  }),
  { id: 'CreateConnection' },
  {
    provider: 'pingcode',
    name: 'Acme PingCode',
    baseUrl: 'https://open.pingcode.com',
    credentials: { clientId: 'k2Vd8yQbLcM1', clientSecret: 'pc_secret_9fQe3hT7wZ2nR6uA' },
    timezone: 'Asia/Shanghai',
    webhookSecret: 'whk_3s9Lq2Vx7Rb4Tn8Pz6Yc',
    reconcileEveryMinutes: 15,
  },
);

export const UpdateConnectionBody = component(
  CreateConnectionBody.omit({ provider: true }).partial(),
  { id: 'UpdateConnection' },
  { name: 'Acme PingCode (production)', reconcileEveryMinutes: 30 },
);

export function toConnectionDto(
  row: ConnectionRow,
  nextSyncAt: Date | undefined = undefined,
): z.output<typeof ConnectionSchema> {
  return {
    id: row.id,
    provider: row.provider as z.output<typeof ConnectionSchema>['provider'],
    name: row.name,
    baseUrl: row.baseUrl,
    settings: row.settings,
    timezone: row.timezone,
    status: row.status,
    lastError: row.lastError ?? null,
    lastSyncedAt: isoInstant(row.lastSyncedAt),
    reconcileEveryMinutes: row.reconcileMinutes,
    nextSyncAt: nextSyncAt?.toISOString() ?? null,
    webhook: { path: `/webhooks/${row.provider}/${row.id}`, hasSecret: row.webhookSecret !== null },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
