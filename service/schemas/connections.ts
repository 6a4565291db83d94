import { z } from 'zod';
import { PROVIDERS } from '../domain/model';
import type { ConnectionRow } from '../store/schema';
import { Instant, isoInstant } from './common';

const SyncErrorSchema = z.object({ code: z.string(), message: z.string() });

export const ConnectionSchema = z
  .object({
    id: z.uuid(),
    provider: z.enum(PROVIDERS),
    name: z.string(),
    baseUrl: z.string(),
    settings: z.record(z.string(), z.unknown()),
    timezone: z.string(),
    status: z.enum(['active', 'auth_failed', 'error']),
    lastError: SyncErrorSchema.nullable(),
    lastSyncedAt: Instant.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Connection', description: 'A link to one PM-tool account. Credentials are write-only.' });

export const timezoneField = z
  .string()
  .refine(isTimeZone, { error: 'must be an IANA time zone such as Asia/Shanghai' });

export const CreateConnectionBody = z
  .object({
    provider: z.enum(PROVIDERS),
    name: z.string().trim().min(1).max(120),
    baseUrl: z.url({ error: 'must be an absolute URL' }).optional().meta({
      description: "The tool's API root; defaults to its public cloud (PingCode: https://open.pingcode.com).",
    }),
    credentials: z
      .record(z.string(), z.unknown())
      .meta({ description: 'PingCode: `{ clientId, clientSecret }` of an enterprise app. Never returned.' }),
    settings: z.record(z.string(), z.unknown()).optional(),
    timezone: timezoneField
      .optional()
      .meta({ description: "Turns the tool's instants into calendar dates; defaults to the workspace's." }),
  })
  .meta({ id: 'CreateConnection' });

export const UpdateConnectionBody = CreateConnectionBody.omit({ provider: true })
  .partial()
  .meta({ id: 'UpdateConnection' });

export function toConnectionDto(row: ConnectionRow): z.output<typeof ConnectionSchema> {
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
