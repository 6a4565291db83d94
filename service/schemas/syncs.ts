import { z } from 'zod';
import { SYNC_KINDS, SYNC_STATUSES } from '../domain/model';
import type { SyncRunRow } from '../store/schema';
import { Instant, component, isoInstant } from './common';
import { EXAMPLE_ID } from './example-ids';

export const SyncRunSchema = component(
  z.object({
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
  }),
  { id: 'SyncRun' },
  {
    id: EXAMPLE_ID.syncRun,
    connectionId: EXAMPLE_ID.connection,
    projectId: EXAMPLE_ID.project,
    kind: 'incremental',
    trigger: 'api',
    status: 'running',
    progress: { phase: 'tasks', done: 120, total: 310, waitingUntil: null },
    counts: { fetched: 120, upserted: 118, deleted: 0 },
    updatedSince: '2026-03-10T01:45:00.000Z',
    attempts: 1,
    error: null,
    createdAt: '2026-03-10T02:00:00.000Z',
    startedAt: '2026-03-10T02:00:01.000Z',
    finishedAt: null,
  },
);

export const CreateSyncBody = component(
  z.object({
    projectId: z.uuid({ error: 'must be the id of a project of this connection (GET /api/v1/projects)' }),
    kind: z
      .enum(SYNC_KINDS)
      .optional()
      .meta({ description: 'Default: incremental when the project synced before, else full.' }),
  }),
  { id: 'CreateSync' },
  { projectId: EXAMPLE_ID.project, kind: 'incremental' },
);

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
