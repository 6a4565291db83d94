import type { Redis } from 'ioredis';
import type { Connector, ConnectorContext } from '../connectors/connector';
import { ConnectorError, UpstreamHttp, checkUrl, type RequestLimiter } from '../connectors/http';
import { redisRequestLimiter } from '../connectors/rate-limit';
import { getConnector } from '../connectors/registry';
import { decryptJson, encryptJson } from '../crypto';
import type { ProjectInput } from '../domain/model';
import { createError, notFound, type FieldError } from '../errors';
import type { z } from 'zod';
import type { CreateConnectionBody, UpdateConnectionBody } from '../schemas/connections';
import * as store from '../store/connections.store';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import type { Page, PageRequest } from '../store/paging';
import { upsertProjects } from '../store/projects.store';
import type { ConnectionRow, ProjectRow } from '../store/schema';
import { getWorkspace } from '../store/workspaces.store';
import type { ReconcileSchedules } from './reconcile-schedules';

/** The webhook secret is sealed like credentials, bound to the connection id and to its purpose. */
const webhookAad = (id: string) => `${id}:webhook-secret`;

export interface ConnectionsDeps {
  db: Db;
  redis: Redis;
  secretKey: Buffer;
  allowPrivateUpstreams: boolean;
  upstreamTimeoutMs: number;
  keyPrefix: string;
  /** The reconciliation job scheduler of each connection. */
  schedules: ReconcileSchedules;
}

export type ConnectionsService = ReturnType<typeof createConnectionsService>;
type CreateInput = z.output<typeof CreateConnectionBody>;
type UpdateInput = z.output<typeof UpdateConnectionBody>;

export function createConnectionsService(deps: ConnectionsDeps) {
  const httpClients = new Map<string, UpstreamHttp>();
  const limiters = new Map<number, RequestLimiter>();

  function limiterFor(requestsPerMinute: number): RequestLimiter {
    let limiter = limiters.get(requestsPerMinute);
    if (!limiter) {
      limiter = redisRequestLimiter(deps.redis, requestsPerMinute, deps.keyPrefix);
      limiters.set(requestsPerMinute, limiter);
    }
    return limiter;
  }

  function httpFor(
    connectionId: string,
    connector: Connector<unknown, unknown>,
    baseUrl: string,
  ): UpstreamHttp {
    const key = `${connectionId} ${baseUrl}`;
    let http = httpClients.get(key);
    if (!http) {
      http = new UpstreamHttp({
        toolName: connector.displayName,
        baseUrl,
        allowPrivate: deps.allowPrivateUpstreams,
        timeoutMs: deps.upstreamTimeoutMs,
        limiter: limiterFor(connector.defaults.requestsPerMinute),
        limiterKey: connectionId,
        retryAfterMs: (headers) => connector.retryAfterMs(headers),
      });
      httpClients.set(key, http);
    }
    return http;
  }

  function buildContext(
    row: Pick<ConnectionRow, 'id' | 'provider' | 'baseUrl' | 'settings' | 'timezone'>,
    creds: unknown,
    signal?: AbortSignal,
  ): { connector: Connector<unknown, unknown>; ctx: ConnectorContext<unknown, unknown> } {
    const connector = getConnector(row.provider);
    const ctx: ConnectorContext<unknown, unknown> = {
      connectionId: row.id,
      baseUrl: row.baseUrl,
      creds,
      settings: connector.settingsSchema.parse(row.settings),
      timezone: row.timezone,
      http: httpFor(row.id, connector, row.baseUrl),
      ...(signal ? { signal } : {}),
    };
    return { connector, ctx };
  }

  /** The context a sync uses: credentials decrypted only here, in memory, for the length of a job. */
  function contextFor(row: ConnectionRow, signal?: AbortSignal) {
    return buildContext(row, decryptJson(deps.secretKey, row.credentials, row.id), signal);
  }

  function parseWith<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
    const parsed = schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    const errors: FieldError[] = parsed.error.issues.map((i) => ({
      field: [field, ...i.path.map(String)].join('.'),
      message: i.message,
    }));
    throw createError(
      'validation_failed',
      400,
      `${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}.`,
      {
        errors,
      },
    );
  }

  /** Asks the tool whether the credentials work and which projects they reach; 422 in plain words if not. */
  async function checkUpstream(
    row: Pick<ConnectionRow, 'id' | 'provider' | 'baseUrl' | 'settings' | 'timezone'>,
    creds: unknown,
  ): Promise<ProjectInput[]> {
    const { connector, ctx } = buildContext(row, creds);
    try {
      checkUrl(row.baseUrl, deps.allowPrivateUpstreams);
      await connector.checkCredentials(ctx);
      const projects: ProjectInput[] = [];
      for await (const page of connector.listProjects(ctx)) projects.push(...page);
      return projects;
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      if (error.code === 'auth_failed')
        throw createError('upstream_credentials_rejected', 422, error.message, {
          errors: [{ field: 'credentials', message: 'were refused by the tool' }],
        });
      if (error.code === 'address_refused')
        throw createError('upstream_address_refused', 422, error.message, {
          errors: [{ field: 'baseUrl', message: error.message }],
        });
      throw createError('upstream_unreachable', 422, `${error.message} Check the base URL and try again.`, {
        errors: [{ field: 'baseUrl', message: error.message }],
      });
    }
  }

  async function defaultTimezone(workspaceId: string): Promise<string> {
    return (await getWorkspace(deps.db, workspaceId))?.timezone ?? 'UTC';
  }

  return {
    contextFor,

    async create(
      workspaceId: string,
      input: CreateInput,
    ): Promise<{ connection: ConnectionRow; projects: ProjectRow[] }> {
      const connector = getConnector(input.provider);
      const creds = parseWith(connector.credentialsSchema, input.credentials, 'credentials');
      const settings = parseWith(connector.settingsSchema, input.settings, 'settings') as Record<
        string,
        unknown
      >;
      const draft = {
        id: newId(),
        provider: input.provider,
        baseUrl: input.baseUrl ?? connector.defaults.baseUrl,
        settings,
        timezone: input.timezone ?? (await defaultTimezone(workspaceId)),
      };
      const discovered = await checkUpstream(draft, creds);
      const created = await deps.db.transaction(async (tx) => {
        const connection = await store.insertConnection(tx, {
          ...draft,
          workspaceId,
          name: input.name,
          credentials: encryptJson(deps.secretKey, creds, draft.id),
          webhookSecret: input.webhookSecret
            ? encryptJson(deps.secretKey, input.webhookSecret, webhookAad(draft.id))
            : null,
          ...(input.reconcileEveryMinutes !== undefined
            ? { reconcileMinutes: input.reconcileEveryMinutes }
            : {}),
        });
        const projects = await upsertProjects(tx, { workspaceId, connectionId: connection.id }, discovered);
        return { connection, projects };
      });
      await deps.schedules.apply(created.connection);
      return created;
    },

    async update(workspaceId: string, id: string, input: UpdateInput): Promise<ConnectionRow> {
      const current = await store.getConnection(deps.db, workspaceId, id);
      if (!current) throw notFound('Connection');
      const connector = getConnector(current.provider);
      const creds =
        input.credentials !== undefined
          ? parseWith(connector.credentialsSchema, input.credentials, 'credentials')
          : decryptJson(deps.secretKey, current.credentials, current.id);
      const next = {
        id,
        provider: current.provider,
        baseUrl: input.baseUrl ?? current.baseUrl,
        settings:
          input.settings !== undefined
            ? (parseWith(connector.settingsSchema, input.settings, 'settings') as Record<string, unknown>)
            : current.settings,
        timezone: input.timezone ?? current.timezone,
      };
      const upstreamChanged =
        input.credentials !== undefined || input.baseUrl !== undefined || input.settings !== undefined;
      const discovered = upstreamChanged ? await checkUpstream(next, creds) : [];
      const updated = await deps.db.transaction(async (tx) => {
        const row = await store.updateConnection(tx, id, {
          ...next,
          ...(input.name !== undefined ? { name: input.name } : {}),
          credentials: encryptJson(deps.secretKey, creds, id),
          ...(upstreamChanged ? { status: 'active' as const, lastError: null } : {}),
          ...(input.webhookSecret !== undefined
            ? {
                webhookSecret: input.webhookSecret
                  ? encryptJson(deps.secretKey, input.webhookSecret, webhookAad(id))
                  : null,
              }
            : {}),
          ...(input.reconcileEveryMinutes !== undefined
            ? { reconcileMinutes: input.reconcileEveryMinutes }
            : {}),
        });
        await upsertProjects(tx, { workspaceId, connectionId: id }, discovered);
        return row!;
      });
      if (input.reconcileEveryMinutes !== undefined) await deps.schedules.apply(updated);
      return updated;
    },

    async get(workspaceId: string, id: string): Promise<ConnectionRow> {
      const row = await store.getConnection(deps.db, workspaceId, id);
      if (!row) throw notFound('Connection');
      return row;
    },

    list: (workspaceId: string, page: PageRequest): Promise<Page<ConnectionRow>> =>
      store.listConnections(deps.db, workspaceId, page),

    async remove(workspaceId: string, id: string): Promise<void> {
      if (!(await store.deleteConnection(deps.db, workspaceId, id))) throw notFound('Connection');
      await deps.schedules.remove(id);
    },

    /** The next reconciliation sync of a connection (its job scheduler), for its status. */
    nextSyncAt: (id: string): Promise<Date | undefined> => deps.schedules.nextRunAt(id),

    /** The connection's webhook secret in clear, for verifying one delivery; null when none is set. */
    webhookSecret: (row: ConnectionRow): string | null =>
      row.webhookSecret
        ? (decryptJson(deps.secretKey, row.webhookSecret, webhookAad(row.id)) as string)
        : null,
  };
}
