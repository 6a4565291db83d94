import type { Redis } from 'ioredis';
import { createTransport } from 'nodemailer';
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
import { createPageVersions } from './services/page-versions';
import { createSharePagesService, type SharePagesService } from './services/share-pages.service';
import { createWebhookDeliveryService, type WebhookDelivery } from './services/webhook-delivery.service';
import { createWebhookSender } from './services/webhook-sender';
import { createWebhooksService, type WebhooksService } from './services/webhooks.service';
import { createFeedbackService, type FeedbackService } from './services/feedback.service';
import { createAgendaService, type AgendaService } from './services/agenda.service';
import { createCommHealthService, type CommHealthService } from './services/comm-health.service';
import { openDatabase, type Database } from './store/db';
import { createReconcileSchedules, type ReconcileSchedules } from './services/reconcile-schedules';
import {
  createInboundWebhooksService,
  type InboundWebhooksService,
} from './services/inbound-webhooks.service';
import type { MailDeps } from './channels/channel';
import { createChannelDeliveryService, type ChannelDelivery } from './services/channel-delivery.service';
import { createCommPlanService, type CommPlanService } from './services/comm-plan.service';
import { createCommPlanCycle, type CommPlanCycle } from './services/comm-plan-cycle.service';
import { createCommPlanSchedules, type CommPlanSchedules } from './services/comm-plan-schedules';
import { createNexusService, type NexusService } from './services/nexus.service';
import { createPanelTokensService, type PanelTokensService } from './services/panel-tokens.service';
import { createApiRateLimiter, type ApiRateLimiter } from './services/api-rate-limit.service';
import { createIdempotencyService, type IdempotencyService } from './services/idempotency.service';
import { createMetrics, type Metrics } from './metrics';

export interface Services {
  connections: ConnectionsService;
  syncs: SyncsService;
  projects: ProjectsService;
  workspaces: WorkspacesService;
  summaries: SummariesService;
  updates: UpdatesService;
  shareLinks: ShareLinksService;
  sharePages: SharePagesService;
  webhooks: WebhooksService;
  feedback: FeedbackService;
  agenda: AgendaService;
  commHealth: CommHealthService;
  commPlans: CommPlanService;
  /** PingCode Nexus invocation tokens and app lifecycle (installations). */
  nexus: NexusService;
  /** ClientLens-signed panel tokens for hosts without their own identity. */
  panelTokens: PanelTokensService;
  /** Inbound webhooks from the PM tools: verified, deduplicated, turned into incremental syncs. */
  inbound: InboundWebhooksService;
  /** `Idempotency-Key` records of /api/v1 creating POSTs (Redis). */
  idempotency: IdempotencyService;
  /** Each API key's request budget per minute (Redis, per process while Redis is down). */
  apiRateLimit: ApiRateLimiter;
}

export interface Container {
  config: Config;
  logger: Logger;
  database: Database;
  /** Fail-fast client for HTTP handlers, readiness and rate-limit counters. */
  redis: Redis;
  /** Fail-fast, auto-pipelined client for page versions (read on every client page). */
  pagesRedis: Redis;
  queues: Queues;
  services: Services;
  runner: SyncRunner;
  /** One attempt of an outbound webhook delivery (the webhook worker's processor). */
  webhookDelivery: WebhookDelivery;
  /** Comm plans: cycles and reminders (cadence worker), schedulers, one attempt of a channel send (notify worker). */
  commPlanCycle: CommPlanCycle;
  commPlanSchedules: CommPlanSchedules;
  /** One reconciliation job scheduler per connection. */
  reconcileSchedules: ReconcileSchedules;
  channelDelivery: ChannelDelivery;
  /** The SMTP transport, when SMTP_URL is set. */
  mail: MailDeps | undefined;
  /** Where clients reach this deployment (links); set again once the port is known. */
  site: { url: string };
  /** This process's Prometheus registry and instruments (served at /metrics). */
  metrics: Metrics;
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
    webhookAttempts: config.WEBHOOK_ATTEMPTS,
    notifyAttempts: config.NOTIFY_ATTEMPTS,
  });
  const metrics = createMetrics({ queues });
  const reconcileSchedules = createReconcileSchedules({ db, queues, logger });
  const syncs = createSyncsService({ db, queues, logger });
  const connections = createConnectionsService({
    db,
    redis,
    schedules: reconcileSchedules,
    secretKey: config.SECRET_KEY,
    allowPrivateUpstreams: config.ALLOW_PRIVATE_UPSTREAMS,
    upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
    keyPrefix: config.QUEUE_PREFIX,
  });
  const site = { url: publicUrl(config) };
  const pagesRedis = createRedis(config.REDIS_URL, 'pages');
  const versions = createPageVersions(pagesRedis, config.QUEUE_PREFIX);
  const summaries = createSummariesService({ db, versions });
  const render = (projectId: string) => requestRender(queues, projectId);
  const mail: MailDeps | undefined = config.SMTP_URL
    ? { transport: createTransport(config.SMTP_URL), from: config.MAIL_FROM }
    : undefined;
  const commPlanCycle = createCommPlanCycle({ db, secretKey: config.SECRET_KEY, summaries });
  const commPlanSchedules = createCommPlanSchedules({ db, queues, logger });
  const shareLinks = createShareLinksService({ db, publicUrl: () => site.url, versions, logger });
  const feedback = createFeedbackService({
    db,
    redis,
    keyPrefix: config.QUEUE_PREFIX,
    secretKey: config.SECRET_KEY,
    versions,
    limits: { perLinkPerHour: config.FEEDBACK_LIMIT_PER_LINK, perIpPerHour: config.FEEDBACK_LIMIT_PER_IP },
  });
  const services: Services = {
    connections,
    syncs,
    projects: createProjectsService({ db, onClientViewChanged: render }),
    workspaces: createWorkspacesService({ db }),
    summaries,
    updates: createUpdatesService({
      db,
      summaries,
      // The comm plan's sends commit with the publish (the outbox of the notify queue).
      recordSends: (tx, update) => commPlanCycle.recordUpdateSends(tx, update),
      // The page shows the new update at once; the summary follows from the render job.
      onPublished: async (projectId) => {
        await versions.bump(projectId);
        await render(projectId);
      },
    }),
    shareLinks,
    sharePages: createSharePagesService({ db, versions, summaries, feedback, logger }),
    feedback,
    agenda: createAgendaService({ db, summaries, feedback }),
    commHealth: createCommHealthService({ db, views: shareLinks }),
    webhooks: createWebhooksService({
      db,
      secretKey: config.SECRET_KEY,
      allowPrivateUrls: config.ALLOW_PRIVATE_UPSTREAMS,
    }),
    nexus: createNexusService({ db, host: config.NEXUS_HOST, appId: config.NEXUS_APP_ID, logger }),
    panelTokens: createPanelTokensService({ db, secretKey: config.SECRET_KEY }),
    commPlans: createCommPlanService({
      db,
      secretKey: config.SECRET_KEY,
      shareLinks,
      schedules: commPlanSchedules,
      emailEnabled: mail !== undefined,
      allowPrivateUrls: config.ALLOW_PRIVATE_UPSTREAMS,
    }),
    inbound: createInboundWebhooksService({ db, connections, syncs, logger }),
    idempotency: createIdempotencyService({
      redis,
      keyPrefix: config.QUEUE_PREFIX,
      secretKey: config.SECRET_KEY,
      logger,
    }),
    apiRateLimit: createApiRateLimiter({
      redis,
      keyPrefix: config.QUEUE_PREFIX,
      perMinute: config.API_RATE_LIMIT_PER_MINUTE,
      logger,
    }),
  };
  const runner = createSyncRunner({ db, connections, logger, metrics });
  const webhookDelivery = createWebhookDeliveryService({
    db,
    secretKey: config.SECRET_KEY,
    sender: createWebhookSender({
      allowPrivate: config.ALLOW_PRIVATE_UPSTREAMS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    }),
    maxAttempts: config.WEBHOOK_ATTEMPTS,
    backoffMs: config.WEBHOOK_BACKOFF_MS,
  });
  const channelDelivery = createChannelDeliveryService({
    db,
    secretKey: config.SECRET_KEY,
    summaries,
    publicUrl: () => site.url,
    channels: { allowPrivate: config.ALLOW_PRIVATE_UPSTREAMS, timeoutMs: config.NOTIFY_TIMEOUT_MS, mail },
    maxAttempts: config.NOTIFY_ATTEMPTS,
    backoffMs: config.NOTIFY_BACKOFF_MS,
  });
  return {
    config,
    logger,
    database,
    redis,
    pagesRedis,
    queues,
    services,
    runner,
    webhookDelivery,
    commPlanCycle,
    commPlanSchedules,
    reconcileSchedules,
    channelDelivery,
    mail,
    site,
    metrics,
  };
}
