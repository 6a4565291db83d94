import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config';
import { publicUrl } from './config';
import { createQueues, requestRender, type Queues } from './jobs/queues';
import { createRedis } from './redis';
import { createConnectionsService, type ConnectionsService } from './services/connections.service';
import { createProjectsService, type ProjectsService } from './services/projects.service';
import { createSyncRunner, type SyncRunner } from './services/sync-runner';
import { createSyncsService, type SyncsService } from './services/syncs.service';
import { createWorkspacesService, type WorkspacesService } from './services/workspaces.service';
import { createShareLinksService, type ShareLinksService } from './services/share-links.service';
import { createSummariesService, type SummariesService } from './services/summaries.service';
import { createUpdatesService, type UpdatesService } from './services/updates.service';
import { openDatabase, type Database } from './store/db';

export interface Services {
  connections: ConnectionsService;
  syncs: SyncsService;
  projects: ProjectsService;
  workspaces: WorkspacesService;
  summaries: SummariesService;
  updates: UpdatesService;
  shareLinks: ShareLinksService;
}

export interface Container {
  config: Config;
  logger: Logger;
  database: Database;
  /** Fail-fast client for HTTP handlers, readiness and rate-limit counters. */
  redis: Redis;
  queues: Queues;
  services: Services;
  runner: SyncRunner;
  /** Where clients reach this deployment (links); set again once the port is known. */
  site: { url: string };
}

/** The composition root: every store, client and service is built here and passed in explicitly. */
export async function createContainer(
  config: Config,
  logger: Logger,
  options: { database?: Database } = {},
): Promise<Container> {
  const database =
    options.database ??
    (await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR }));
  const { db } = database;
  const redis = createRedis(config.REDIS_URL, 'producer');
  const queues = createQueues(redis, {
    prefix: config.QUEUE_PREFIX,
    syncAttempts: config.SYNC_ATTEMPTS,
    syncBackoffMs: config.SYNC_BACKOFF_MS,
  });
  const connections = createConnectionsService({
    db,
    redis,
    secretKey: config.SECRET_KEY,
    allowPrivateUpstreams: config.ALLOW_PRIVATE_UPSTREAMS,
    upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
    keyPrefix: config.QUEUE_PREFIX,
  });
  const site = { url: publicUrl(config) };
  const summaries = createSummariesService({ db });
  const services: Services = {
    connections,
    syncs: createSyncsService({ db, queues, logger }),
    projects: createProjectsService({ db }),
    workspaces: createWorkspacesService({ db }),
    summaries,
    updates: createUpdatesService({
      db,
      summaries,
      onPublished: (projectId) => requestRender(queues, projectId),
    }),
    shareLinks: createShareLinksService({ db, publicUrl: () => site.url }),
  };
  const runner = createSyncRunner({ db, connections, logger });
  return { config, logger, database, redis, queues, services, runner, site };
}
