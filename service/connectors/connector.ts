import type { z } from 'zod';
import type { MilestoneInput, ProjectInput, Provider, TaskInput } from '../domain/model';
import type { UpstreamHttp } from './http';

/** Opaque, JSON-serializable position in a task listing; stored on the sync run after every page. */
export type Cursor = Record<string, string | number | boolean | null>;

export interface TaskPage {
  tasks: TaskInput[];
  /** Where to resume after this page; undefined on the last page. */
  next: Cursor | undefined;
  /** Upstream items this page covered, filtered ones included: progress is `scanned` of `total`. */
  scanned: number;
  /** Items the upstream says the whole listing holds, when it says so (for progress). */
  total: number | null;
}

export interface PullTasksOptions {
  /** Resume point checkpointed by an earlier attempt of the same run. */
  cursor: Cursor | undefined;
  /** Incremental runs: only items changed at or after this instant (the connector adds its own overlap). */
  updatedSince: Date | undefined;
}

export interface ConnectorContext<Creds, Settings> {
  /** Stable id of the connection: the key for token caches and rate limits. */
  connectionId: string;
  baseUrl: string;
  creds: Creds;
  settings: Settings;
  /** IANA time zone used to turn upstream instants into calendar dates. */
  timezone: string;
  http: UpstreamHttp;
  signal?: AbortSignal;
}

/** One inbound webhook delivery, as the route received it (header names in lower case). */
export interface WebhookRequest {
  headers: Record<string, string | undefined>;
  /** The body exactly as received: signatures are computed over these bytes. */
  rawBody: Buffer;
  /** The connection's webhook secret; null when none was set. */
  secret: string | null;
  now: Date;
}

/** What a verified delivery is about. */
export interface WebhookEvent {
  /**
   * The dedupe key: the upstream's delivery id (GitHub `X-GitHub-Delivery`, Jira
   * `X-Atlassian-Webhook-Identifier`, …) or, for a tool that sends none, a SHA-256 of the raw body.
   */
  deliveryId: string;
  /** The upstream's event name, for logs and the delivery row (`issues`, `jira:issue_updated`, …). */
  event: string;
  /** External ids of the projects whose data changed; empty = the payload does not say (sync them all). */
  projectExternalIds: string[];
}

/** A delivery refused: 401, nothing written. `reason` is for logs; the answer never says which check failed. */
export class WebhookRejected extends Error {
  override name = 'WebhookRejected';
  constructor(
    readonly reason: 'no_secret' | 'signature' | 'stale' | 'payload',
    message: string,
  ) {
    super(message);
  }
}

export interface Connector<Creds = unknown, Settings = unknown> {
  readonly provider: Provider;
  readonly displayName: string;
  /** Static facts, as data. */
  readonly defaults: { baseUrl: string; requestsPerMinute: number; pageSize: number };
  /** What `POST /connections` accepts as `credentials` and `settings` for this tool. */
  readonly credentialsSchema: z.ZodType<Creds>;
  readonly settingsSchema: z.ZodType<Settings>;
  /** Reads the wait the upstream asks for on a 429, in ms. */
  retryAfterMs(headers: Record<string, string | undefined>): number | undefined;

  checkCredentials(ctx: ConnectorContext<Creds, Settings>): Promise<void>;
  listProjects(ctx: ConnectorContext<Creds, Settings>): AsyncIterable<ProjectInput[]>;
  getProject(ctx: ConnectorContext<Creds, Settings>, projectExternalId: string): Promise<ProjectInput>;
  pullMilestones(
    ctx: ConnectorContext<Creds, Settings>,
    projectExternalId: string,
  ): AsyncIterable<MilestoneInput[]>;
  pullTasks(
    ctx: ConnectorContext<Creds, Settings>,
    projectExternalId: string,
    options: PullTasksOptions,
  ): AsyncIterable<TaskPage>;
  /**
   * Verifies a webhook delivery's signature over the raw body in constant time (`crypto.timingSafeEqual`)
   * and says what changed; throws `WebhookRejected`. Pure: no I/O. Tools without webhooks leave it out.
   */
  verifyWebhook?(request: WebhookRequest): WebhookEvent;
}
