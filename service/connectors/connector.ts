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
}
