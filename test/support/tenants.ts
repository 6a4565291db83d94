import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { WEBHOOK_EVENTS } from '../../service/domain/webhooks';
import type { Database } from '../../service/store/db';
import { rawRows } from './env';
import type { Harness } from './harness';

/**
 * A workspace with one of everything the integrator API has ids for, made through the API itself: a synced
 * project (tasks, milestones, a sync run), a published update and a draft, share links (plain, with a
 * passcode, revoked), client feedback posted through the share page, a webhook subscription and a comm plan
 * whose sends were delivered. `ids[kind]` lists every id of that kind (the first is the one to act on).
 */
export interface Tenant {
  label: string;
  key: string;
  workspaceId: string;
  ids: Record<string, string[]>;
  /** Share tokens, by link: `active`, `passcode`, `revoked`. */
  tokens: { active: string; passcode: string; revoked: string };
  passcode: string;
  /** The share page's form token of the active link (a client reads it from the page). */
  formToken: string;
  /** Every secret this workspace was given or gave: nothing of it may show up elsewhere. */
  secrets: string[];
  /** Every id of this workspace's rows, for "is any of them in that response?". */
  allIds(): string[];
  api(method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const SHARE_HOST = 'clientlens.test';

export const idOf = (res: LightMyRequestResponse, what: string): string => {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string }>().id;
};

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

/** Seeds a workspace: the harness's own for `useHarnessWorkspace`, else a new one with its first key. */
export async function seedTenant(
  h: Harness,
  label: string,
  options: { receiverUrl: string; useHarnessWorkspace?: boolean },
): Promise<Tenant> {
  const created = options.useHarnessWorkspace
    ? { key: h.apiKey, workspaceId: h.workspaceId }
    : await h.runtime.container.services.workspaces
        .create({ name: `Tenant ${label}`, timezone: 'Europe/Paris' })
        .then(({ key, workspace }) => ({ key, workspaceId: workspace.id }));
  const { key, workspaceId } = created;
  const api: Tenant['api'] = (method, url, body) => h.api(method, url, body, key);
  const get = async <T>(url: string) => {
    const res = await api('GET', url);
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const webhookSecret = `inbound-${label}-${randomBytes(12).toString('hex')}`;
  const passcode = `pass-${label}-${randomBytes(6).toString('hex')}`;
  const channelUrl = `${options.receiverUrl}/slack/${label}/${randomBytes(8).toString('hex')}`;

  const connection = await api('POST', '/api/v1/connections', {
    provider: 'pingcode',
    name: `PingCode ${label}`,
    baseUrl: h.fake.url,
    credentials: { clientId: h.fake.clientId, clientSecret: h.fake.clientSecret },
    webhookSecret,
  });
  const connectionId = idOf(connection, 'connect');
  const projects = connection.json<{ projects: { id: string }[] }>().projects.map((p) => p.id);
  const projectId = projects[0]!;

  const plan = await api('PUT', `/api/v1/projects/${projectId}/comm-plan`, {
    cadence: { frequency: 'weekly', weekday: 'friday', hour: 16, timezone: 'Europe/Paris' },
    channels: [{ type: 'slack', name: `#client-${label}`, webhookUrl: channelUrl }],
  });
  const planId = idOf(plan, 'comm plan');
  const subscription = await api('POST', '/api/v1/webhook-subscriptions', {
    url: `${options.receiverUrl}/hooks/${label}`,
    events: [...WEBHOOK_EVENTS],
  });
  const subscriptionId = idOf(subscription, 'subscribe');
  const subscriptionSecret = subscription.json<{ secret: string }>().secret;

  const sync = await api('POST', `/api/v1/connections/${connectionId}/syncs`, { projectId });
  const runId = idOf(sync, 'sync');
  const run = await until(
    `sync of ${label}`,
    () => get<{ status: string }>(`/api/v1/syncs/${runId}`),
    (r) => !['queued', 'running'].includes(r.status),
    30_000,
  );
  if (run.status !== 'succeeded') throw new Error(`sync of ${label}: ${JSON.stringify(run)}`);
  const tasks = (await get<{ items: { id: string }[] }>(`/api/v1/projects/${projectId}/tasks?limit=200`))
    .items;
  const milestones = (await get<{ items: { id: string }[] }>(`/api/v1/projects/${projectId}/milestones`))
    .items;

  const published = idOf(await api('POST', `/api/v1/projects/${projectId}/updates`), 'draft');
  idOf(await api('POST', `/api/v1/updates/${published}/publish`), 'publish');
  const draft = idOf(await api('POST', `/api/v1/projects/${projectId}/updates`), 'second draft');

  const link = async (body: Record<string, unknown>) => {
    const res = await api('POST', `/api/v1/projects/${projectId}/share-links`, body);
    const { id, url } = res.json<{ id: string; url: string }>();
    if (res.statusCode !== 201) throw new Error(`share link: ${res.statusCode} ${res.body}`);
    return { id, token: new URL(url).pathname.split('/')[2]! };
  };
  const active = await link({ label: `Board ${label}` });
  const locked = await link({ label: `Locked ${label}`, passcode });
  const revoked = await link({ label: `Old ${label}` });
  idOf(await api('DELETE', `/api/v1/share-links/${revoked.id}`), 'revoke');

  const page = await h.runtime.app!.inject({
    method: 'GET',
    url: `/s/${active.token}`,
    headers: { host: SHARE_HOST },
  });
  const formToken = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1];
  if (!formToken) throw new Error(`no feedback form on the share page of ${label}: ${page.statusCode}`);
  const posted = await h.runtime.app!.inject({
    method: 'POST',
    url: `/s/${active.token}/feedback`,
    headers: {
      host: SHARE_HOST,
      origin: `https://${SHARE_HOST}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({
      formToken,
      kind: 'question',
      body: `When is the launch, ${label}?`,
      name: `Client ${label}`,
    }).toString(),
  });
  if (posted.statusCode !== 303) throw new Error(`feedback of ${label}: ${posted.statusCode}`);
  const feedback = (await get<{ items: { id: string }[] }>(`/api/v1/projects/${projectId}/feedback`)).items;

  // Every send settles before anyone compares rows.
  const webhookDeliveries = await until(
    `webhook deliveries of ${label}`,
    () =>
      get<{ items: { id: string; status: string }[] }>(
        `/api/v1/webhook-subscriptions/${subscriptionId}/deliveries?limit=200`,
      ),
    (p) => p.items.length >= 3 && p.items.every((d) => ['delivered', 'failed'].includes(d.status)),
  );
  const channelDeliveries = await until(
    `channel deliveries of ${label}`,
    () =>
      get<{ items: { id: string; status: string }[] }>(`/api/v1/projects/${projectId}/deliveries?limit=200`),
    (p) => p.items.length >= 1 && p.items.every((d) => ['sent', 'failed'].includes(d.status)),
  );
  // Views are counted in memory and written later: written now, so no later read changes a row.
  await h.runtime.container.services.shareLinks.flushViews();
  const planBody = await get<{ channels: { id: string }[] }>(`/api/v1/projects/${projectId}/comm-plan`);
  const keyRows = await rawRows<{ id: string }>(
    h.runtime.container.database.db,
    sql`select id from api_key where workspace_id = ${workspaceId}`,
  );

  const ids: Record<string, string[]> = {
    workspace: [workspaceId],
    apiKey: keyRows.map((r) => r.id),
    connection: [connectionId],
    project: projects,
    syncRun: [runId],
    task: tasks.map((t) => t.id),
    milestone: milestones.map((m) => m.id),
    update: [draft, published],
    shareLink: [active.id, locked.id, revoked.id],
    feedback: feedback.map((f) => f.id),
    webhookSubscription: [subscriptionId],
    delivery: webhookDeliveries.items.map((d) => d.id),
    channelDelivery: channelDeliveries.items.map((d) => d.id),
    commPlan: [planId],
    channel: planBody.channels.map((c) => c.id),
  };
  for (const [kind, list] of Object.entries(ids))
    if (!list.length) throw new Error(`tenant ${label} has no ${kind}`);
  return {
    label,
    key,
    workspaceId,
    ids,
    tokens: { active: active.token, passcode: locked.token, revoked: revoked.token },
    passcode,
    formToken,
    secrets: [key, webhookSecret, subscriptionSecret, passcode, channelUrl, active.token, locked.token],
    allIds: () => [...new Set(Object.values(ids).flat())],
    api,
  };
}

/**
 * Every row of every table of the public schema, as sorted JSON per table. `api_key.last_used_at` is left
 * out: it records that a key was used, which is what the tests do.
 */
export async function dumpTables(db: Database['db']): Promise<Record<string, string[]>> {
  const tables = await rawRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const out: Record<string, string[]> = {};
  for (const { table_name: table } of tables) {
    const rows = await rawRows<Record<string, unknown>>(db, sql.raw(`select * from "${table}"`));
    out[table] = rows
      .map((row) => {
        if (table === 'api_key') delete row.last_used_at;
        return JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))));
      })
      .sort();
  }
  return out;
}

/** The dump once two reads in a row agree (background jobs done). */
export async function stableDump(db: Database['db'], ms = 15_000): Promise<Record<string, string[]>> {
  const deadline = Date.now() + ms;
  let previous = JSON.stringify(await dumpTables(db));
  for (;;) {
    await sleep(300);
    const next = await dumpTables(db);
    const text = JSON.stringify(next);
    if (text === previous) return next;
    if (Date.now() > deadline) throw new Error('the database never settled');
    previous = text;
  }
}
