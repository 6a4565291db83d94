import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app';
import { buildMetricsApp } from './metrics-app';
import { PANEL_DIST } from './routes/plugin.routes';
import { publicUrl, type Config } from './config';
import { createContainer, type Container } from './container';
import { closeQueues, requestRender } from './jobs/queues';
import { createRenderWorker } from './jobs/render.job';
import { createSyncWorker } from './jobs/sync.job';
import { createWebhookWorker } from './jobs/webhook.job';
import { createOutboxDispatcher, type OutboxDispatcher } from './jobs/webhook-outbox';
import { createNotifyDispatcher, type NotifyDispatcher } from './jobs/notify-outbox';
import { createNotifyWorker } from './jobs/notify.job';
import { createCadenceWorker } from './jobs/cadence.job';
import { createReconcileWorker } from './jobs/reconcile.job';
import { StartupError } from './errors';
import { createRedis } from './redis';
import type { Database } from './store/db';
import { getRunById } from './store/sync-runs.store';

export interface Runtime {
  container: Container;
  app: FastifyInstance | undefined;
  workers: Worker[];
  /** Queues outbound webhook deliveries from the outbox (worker roles only). */
  outbox: OutboxDispatcher | undefined;
  /** Queues channel sends of comm plans and writes their schedules (worker roles only). */
  notifyOutbox: NotifyDispatcher | undefined;
  /** Where the API listens, when this process serves it. */
  url: string | undefined;
  /** RUN_MODE=worker with ADMIN_TOKEN: the listener on HOST:PORT serving only `/metrics`. */
  metricsApp: FastifyInstance | undefined;
  /** Stops HTTP, then workers, then clients; every step is bounded so shutdown ends even without Redis. */
  close(): Promise<void>;
}

/** Starts the roles RUN_MODE asks for. The caller has checked Redis is reachable. */
export async function startRuntime(
  config: Config,
  logger: Logger,
  options: { database?: Database } = {},
): Promise<Runtime> {
  const container = await createContainer(config, logger, options);
  const workerRedis = createRedis(config.REDIS_URL, 'worker');
  const workers: Worker[] = [];
  let app: FastifyInstance | undefined;
  let metricsApp: FastifyInstance | undefined;
  let url: string | undefined;
  let outbox: OutboxDispatcher | undefined;
  let notifyOutbox: NotifyDispatcher | undefined;

  const budget = config.SHUTDOWN_TIMEOUT_MS;
  const close = async () => {
    if (app) await bounded(app.close(), budget / 2, () => logger.warn('HTTP server did not close in time'));
    if (metricsApp) await bounded(metricsApp.close(), 1_000, () => undefined);
    if (outbox) await bounded(outbox.stop(), 1_000, () => undefined);
    if (notifyOutbox) await bounded(notifyOutbox.stop(), 1_000, () => undefined);
    await Promise.all(
      workers.map((worker) =>
        bounded(worker.close(), budget / 2, () => {
          logger.warn('worker did not finish its jobs in time; they will resume elsewhere');
          void worker.close(true).catch(() => undefined);
        }),
      ),
    );
    await bounded(closeQueues(container.queues), 1_000, () => undefined);
    for (const client of [container.redis, container.pagesRedis, workerRedis]) client.disconnect();
    await bounded(container.database.close(), 2_000, () => logger.warn('database did not close in time'));
    logger.info('ClientLens stopped');
  };

  try {
    await container.queues.sync.waitUntilReady(); // connects the shared fail-fast client
    await container.queues.render.waitUntilReady();
    await container.pagesRedis.connect();
    if (config.RUN_MODE !== 'api') {
      const worker = createSyncWorker({
        connection: workerRedis,
        prefix: config.QUEUE_PREFIX,
        concurrency: config.SYNC_CONCURRENCY,
        lockMs: config.WORKER_LOCK_MS,
        runner: container.runner,
        db: container.database.db,
        logger,
        onEnded: async (runId) => {
          const run = await getRunById(container.database.db, runId);
          if (run) await requestRender(container.queues, run.projectId);
        },
      });
      const renderWorker = createRenderWorker({
        connection: workerRedis,
        prefix: config.QUEUE_PREFIX,
        summaries: container.services.summaries,
        logger,
      });
      const webhookWorker = createWebhookWorker({
        connection: workerRedis,
        prefix: config.QUEUE_PREFIX,
        concurrency: 8,
        delivery: container.webhookDelivery,
        logger,
        metrics: container.metrics,
      });
      const notifyWorker = createNotifyWorker({
        connection: workerRedis,
        prefix: config.QUEUE_PREFIX,
        concurrency: 8,
        delivery: container.channelDelivery,
        logger,
        metrics: container.metrics,
      });
      const cadenceWorker = createCadenceWorker({
        connection: workerRedis,
        prefix: config.QUEUE_PREFIX,
        cycle: container.commPlanCycle,
        queues: container.queues,
        logger,
      });
      const reconcileWorker = createReconcileWorker({
        connection: workerRedis,
        prefix: config.QUEUE_PREFIX,
        db: container.database.db,
        syncs: container.services.syncs,
        queues: container.queues,
        logger,
      });
      workers.push(
        reconcileWorker as unknown as Worker,
        worker as unknown as Worker,
        renderWorker as unknown as Worker,
        webhookWorker as unknown as Worker,
        notifyWorker as unknown as Worker,
        cadenceWorker as unknown as Worker,
      );
      for (const w of workers) void w.run().catch((err: unknown) => logger.error({ err }, 'worker stopped'));
      // Every failed attempt (BullMQ emits none for a job moved to delayed: a rate-limited sync).
      for (const w of workers) w.on('failed', () => container.metrics.jobFailed(w.name));
      outbox = createOutboxDispatcher({
        db: container.database.db,
        queues: container.queues,
        logger,
        intervalMs: config.WEBHOOK_POLL_MS,
      });
      outbox.start();
      // Every plan's schedule written again (a Redis that lost its data gets them back), orphans removed.
      const reconciled = await container.commPlanSchedules.reconcile();
      if (reconciled.plans || reconciled.removed) logger.info(reconciled, 'comm plan schedules reconciled');
      const schedules = await container.reconcileSchedules.reconcile();
      if (schedules.connections || schedules.removed)
        logger.info(schedules, 'reconciliation schedules written');
      notifyOutbox = createNotifyDispatcher({
        db: container.database.db,
        queues: container.queues,
        schedules: container.commPlanSchedules,
        logger,
        intervalMs: config.NOTIFY_POLL_MS,
      });
      notifyOutbox.start();
      if (config.RUN_MODE === 'worker' && config.ADMIN_TOKEN) {
        metricsApp = await buildMetricsApp({
          logger,
          metrics: container.metrics,
          adminToken: config.ADMIN_TOKEN,
        });
        await listen(metricsApp, config);
      }
    }
    if (config.RUN_MODE !== 'worker') {
      app = await buildApp({
        logger,
        db: container.database.db,
        services: container.services,
        health: {
          db: () => container.database.ping(),
          redis: async () => void (await container.redis.ping()),
        },
        panel: { distDir: PANEL_DIST, hostOrigins: config.PANEL_HOST_ORIGINS },
        admin: { metrics: container.metrics, queues: container.queues, token: config.ADMIN_TOKEN },
        share: {
          redis: container.redis,
          secretKey: config.SECRET_KEY,
          secureCookies: publicUrl(config).startsWith('https:'),
          keyPrefix: config.QUEUE_PREFIX,
        },
      });
      await listen(app, config);
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      url = publicUrl({ ...config, PORT: port });
      if (!config.PUBLIC_URL) container.site.url = url;
    }
  } catch (error) {
    await close(); // nothing half-started stays open: database lock, clients, worker
    throw error;
  }
  logger.info({ mode: config.RUN_MODE, url, store: container.database.kind }, 'ClientLens started');
  return { container, app, workers, outbox, notifyOutbox, url, metricsApp, close };
}

/** Listens, turning a taken port into a sentence that says what to do. */
async function listen(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new StartupError(
        `Port ${config.PORT} on ${config.HOST} is already in use. Stop what uses it or set PORT.`,
      );
    throw error;
  }
}

async function bounded(work: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const result = await Promise.race([
    work.then(
      () => 'done' as const,
      () => 'done' as const,
    ),
    timeout,
  ]);
  clearTimeout(timer);
  if (result === 'timeout') onTimeout();
}
