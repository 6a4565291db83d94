import { z } from 'zod';
import { SYNC_KINDS, SYNC_STATUSES } from '../domain/model';
import type { SyncRunRow } from '../store/schema';
import { Instant, isoInstant } from './common';

export const SyncRunSchema = z
  .object({
    id: z.uuid(),
    connectionId: z.uuid(),
    projectId: z.uuid(),
    kind: z.enum(SYNC_KINDS),
    trigger: z.enum(['api', 'schedule', 'webhook', 'demo', 'panel']),
    status: z.enum(SYNC_STATUSES),
    progress: z.object({
      phase: z.enum(['queued', 'milestones', 'tasks', 'finishing', 'done']),
      done: z.number().int().meta({ description: 'Work items fetched so far.' }),
      total: z.number().int().nullable().meta({ description: 'Work items upstream reports, when known.' }),
      waitingUntil: Instant.nullable()
        .optional()
        .meta({ description: 'Set while the tool asked us to slow down.' }),
    }),
    counts: z.object({ fetched: z.number().int(), upserted: z.number().int(), deleted: z.number().int() }),
    updatedSince: Instant.nullable().meta({ description: 'Incremental runs: changes since this instant.' }),
    attempts: z.number().int(),
    error: z
      .object({ code: z.string(), message: z.string() })
      .nullable()
      .meta({ description: 'The last problem, in plain words; set while retrying and when the run failed.' }),
    createdAt: Instant,
    startedAt: Instant.nullable(),
    finishedAt: Instant.nullable(),
  })
  .meta({ id: 'SyncRun' });

export const CreateSyncBody = z
  .object({
    projectId: z.uuid({ error: 'must be the id of a project of this connection (GET /api/v1/projects)' }),
    kind: z
      .enum(SYNC_KINDS)
      .optional()
      .meta({ description: 'Default: incremental when the project synced before, else full.' }),
  })
  .meta({ id: 'CreateSync' });

export const toSyncRunDto = (row: SyncRunRow): z.output<typeof SyncRunSchema> => ({
  id: row.id,
  connectionId: row.connectionId,
  projectId: row.projectId,
  kind: row.kind,
  trigger: row.trigger,
  status: row.status,
  progress: row.progress,
  counts: { fetched: row.fetched, upserted: row.upserted, deleted: row.deleted },
  updatedSince: isoInstant(row.updatedSince),
  attempts: row.attempts,
  error: row.error ?? null,
  createdAt: row.createdAt.toISOString(),
  startedAt: isoInstant(row.startedAt),
  finishedAt: isoInstant(row.finishedAt),
});
