import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queues } from './jobs/queues';

/** The job states `queue_jobs` reports, as BullMQ's `getJobCounts` names them. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** A scrape never waits longer than this on Redis; a queue that does not answer is left out of that scrape. */
const QUEUE_COUNT_TIMEOUT_MS = 1_000;

export interface SyncEnded {
  connectionId: string;
  provider: string;
  /** The run's final status: succeeded, failed or auth_failed. */
  status: string;
  /** From the run's first start to its end, across attempts and rate-limit waits. */
  seconds: number;
  /** Tasks fetched from the tool over the whole run. */
  items: number;
}

/**
 * This process's Prometheus metrics, in a registry of its own (never prom-client's global one, so several
 * apps in one process, as in tests, keep separate counts). Labels hold route patterns, queue names, ids
 * and codes only: never a URL, a token or a key.
 */
export function createMetrics(deps: { queues: Queues }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern (never the raw URL) and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers,
  });
  const queues = Object.values(deps.queues);
  new Gauge({
    name: 'queue_jobs',
    help: 'Jobs per queue and state, read from Redis at scrape time (a queue Redis does not answer for is left out)',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      const counts = await Promise.allSettled(
        queues.map((queue) => withTimeout(queue.getJobCounts(...QUEUE_STATES), QUEUE_COUNT_TIMEOUT_MS)),
      );
      this.reset();
      counts.forEach((result, i) => {
        if (result.status !== 'fulfilled') return;
        for (const state of QUEUE_STATES)
          this.set({ queue: queues[i]!.name, state }, result.value[state] ?? 0);
      });
    },
  });
  const jobFailures = new Counter({
    name: 'queue_job_failures_total',
    help: 'Failed job attempts per queue (retried ones included)',
    labelNames: ['queue'] as const,
    registers,
  });
  const syncDuration = new Histogram({
    name: 'sync_duration_seconds',
    help: 'Duration of finished sync runs, from first start to end, by connection, provider and final status',
    labelNames: ['connection_id', 'provider', 'status'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200],
    registers,
  });
  const syncItems = new Counter({
    name: 'sync_items_total',
    help: 'Tasks fetched by finished sync runs, by connection and provider',
    labelNames: ['connection_id', 'provider'] as const,
    registers,
  });
  const deliveryFailures = new Counter({
    name: 'delivery_failures_total',
    help: 'Failed delivery attempts of outbound webhooks and channel sends, by kind and code',
    labelNames: ['kind', 'code'] as const,
    registers,
  });

  return {
    registry,
    httpRequest(labels: { method: string; route: string; statusCode: number }, seconds: number): void {
      httpRequestDuration.observe(
        { method: labels.method, route: labels.route, status_code: String(labels.statusCode) },
        seconds,
      );
    },
    jobFailed(queue: string): void {
      jobFailures.inc({ queue });
    },
    syncEnded(run: SyncEnded): void {
      const labels = { connection_id: run.connectionId, provider: run.provider };
      syncDuration.observe({ ...labels, status: run.status }, Math.max(0, run.seconds));
      syncItems.inc(labels, run.items);
    },
    deliveryFailed(kind: 'webhook' | 'channel', code: string): void {
      deliveryFailures.inc({ kind, code });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
