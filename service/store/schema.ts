import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { IsoDate, Locale, MilestoneKind, StatusCategory, SyncKind, SyncStatus } from '../domain/model';
import type { Summary } from '../domain/summary/types';
import type { DetailLevel, UpdateContent } from '../domain/update';
import type { FeedbackKind, FeedbackStatus } from '../domain/feedback';
import type { WebhookDeliveryStatus, WebhookEventType } from '../domain/webhooks';
import type { ChannelType } from '../channels/channel';
import type { Cadence } from '../domain/cadence';
import type { ChannelDeliveryStatus, DeliveryPurpose } from '../domain/comm-plan';

/** One schema for PostgreSQL and PGlite. Change it, then `npm run db:generate` and commit the migration. */
const id = () => text('id').primaryKey();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const instant = (name: string) => timestamp(name, { withTimezone: true });
const day = (name: string) => date(name, { mode: 'string' }).$type<IsoDate>();

export const workspaces = pgTable('workspace', {
  id: id(),
  name: text('name').notNull(),
  locale: text('locale').notNull().default('en'),
  timezone: text('timezone').notNull().default('UTC'),
  createdAt: createdAt(),
});

export const apiKeys = pgTable(
  'api_key',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the key, shown so people can tell keys apart. */
    prefix: text('prefix').notNull(),
    /** sha256 of the whole key; the key itself is shown once and never stored. */
    hash: text('hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [uniqueIndex('api_key_hash_uq').on(t.hash), index('api_key_workspace_idx').on(t.workspaceId)],
);

export interface SyncError {
  code: string;
  message: string;
}

export const connections = pgTable(
  'connection',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    name: text('name').notNull(),
    baseUrl: text('base_url').notNull(),
    /** AES-256-GCM sealed JSON (see crypto.ts), bound to the connection id. */
    credentials: text('credentials').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    timezone: text('timezone').notNull().default('UTC'),
    status: text('status').$type<'active' | 'auth_failed' | 'error'>().notNull().default('active'),
    lastError: jsonb('last_error').$type<SyncError | null>(),
    lastSyncedAt: instant('last_synced_at'),
    /** The secret inbound webhooks are signed with, AES-256-GCM sealed and bound to the connection id. */
    webhookSecret: text('webhook_secret'),
    /** Minutes between reconciliation syncs (the connection's job scheduler); 0 = never. */
    reconcileMinutes: integer('reconcile_minutes').notNull().default(15),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('connection_workspace_idx').on(t.workspaceId, t.id)],
);

/** One inbound webhook delivery: the unique key makes the same delivery, sent again, a no-op. */
export const inboundDeliveries = pgTable(
  'inbound_delivery',
  {
    id: id(),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    deliveryId: text('delivery_id').notNull(),
    event: text('event').notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [
    // Per connection, not per provider: tools without delivery ids are keyed by a hash of the body,
    // which two connections may well receive alike.
    uniqueIndex('inbound_delivery_uq').on(t.connectionId, t.deliveryId),
  ],
);

export const projects = pgTable(
  'project',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    key: text('key'),
    name: text('name').notNull(),
    url: text('url'),
    type: text('type'),
    startDate: day('start_date'),
    endDate: day('end_date'),
    archived: boolean('archived').notNull().default(false),
    clientSettings: jsonb('client_settings').$type<Record<string, unknown>>().notNull().default({}),
    lastSyncedAt: instant('last_synced_at'),
    /** Start of the last successful run: the next incremental run asks for changes since then. */
    syncedFrom: instant('synced_from'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('project_connection_external_uq').on(t.connectionId, t.externalId),
    index('project_workspace_idx').on(t.workspaceId, t.id),
  ],
);

export interface DueDateChange {
  from: IsoDate | null;
  to: IsoDate | null;
  /** When ClientLens saw the change. */
  at: string;
}

export const milestones = pgTable(
  'milestone',
  {
    id: id(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    kind: text('kind').$type<MilestoneKind>().notNull(),
    name: text('name').notNull(),
    url: text('url'),
    startDate: day('start_date'),
    dueDate: day('due_date'),
    /** Every due-date change ever seen, oldest first: clients are shown slips. */
    dueHistory: jsonb('due_history').$type<DueDateChange[]>().notNull().default([]),
    status: text('status').$type<StatusCategory>().notNull(),
    progress: doublePrecision('progress'),
    completedAt: instant('completed_at'),
    deleted: boolean('deleted').notNull().default(false),
    lastSeenRunId: text('last_seen_run_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('milestone_connection_external_uq').on(t.connectionId, t.externalId),
    index('milestone_project_idx').on(t.projectId, t.id),
  ],
);

export const tasks = pgTable(
  'task',
  {
    id: id(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    identifier: text('identifier'),
    title: text('title').notNull(),
    type: text('type'),
    statusName: text('status_name'),
    statusCategory: text('status_category').$type<StatusCategory>().notNull(),
    blocked: boolean('blocked').notNull().default(false),
    milestoneIds: text('milestone_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    parentExternalId: text('parent_external_id'),
    assignee: text('assignee'),
    labels: text('labels')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    startDate: day('start_date'),
    dueDate: day('due_date'),
    completedAt: instant('completed_at'),
    estimate: doublePrecision('estimate'),
    url: text('url'),
    remoteUpdatedAt: instant('remote_updated_at'),
    remoteCreatedAt: instant('remote_created_at'),
    /** The PM's client-facing title; shown instead of `title` when set. Never overwritten by a sync. */
    clientTitle: text('client_title'),
    deleted: boolean('deleted').notNull().default(false),
    lastSeenRunId: text('last_seen_run_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('task_connection_external_uq').on(t.connectionId, t.externalId),
    index('task_project_idx').on(t.projectId, t.id),
  ],
);

export interface SyncProgress {
  phase: 'queued' | 'milestones' | 'tasks' | 'finishing' | 'done';
  /** Work items fetched so far in this run. */
  done: number;
  /** Work items upstream says there are, when known. */
  total: number | null;
  /** Set while the upstream asked us to slow down (ISO instant). */
  waitingUntil?: string | null;
}

export const syncRuns = pgTable(
  'sync_run',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<SyncKind>().notNull(),
    trigger: text('trigger')
      .$type<'api' | 'schedule' | 'webhook' | 'demo' | 'panel'>()
      .notNull()
      .default('api'),
    status: text('status').$type<SyncStatus>().notNull().default('queued'),
    progress: jsonb('progress')
      .$type<SyncProgress>()
      .notNull()
      .default({ phase: 'queued', done: 0, total: null }),
    fetched: integer('fetched').notNull().default(0),
    upserted: integer('upserted').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    /** Where the task listing resumes after a crash or retry; written with each page's rows. */
    cursor: jsonb('cursor').$type<Record<string, unknown> | null>(),
    /** The `updatedSince` of an incremental run, fixed when the run is created. */
    updatedSince: instant('updated_since'),
    attempts: integer('attempts').notNull().default(0),
    error: jsonb('error').$type<SyncError | null>(),
    createdAt: createdAt(),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    // At most one queued or running run per connection + project: a second request gets the running one.
    uniqueIndex('sync_run_active_uq')
      .on(t.connectionId, t.projectId)
      .where(sql`status in ('queued', 'running')`),
    index('sync_run_connection_idx').on(t.connectionId, t.id),
  ],
);

export type WorkspaceRow = typeof workspaces.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ConnectionRow = typeof connections.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type MilestoneRow = typeof milestones.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type SyncRunRow = typeof syncRuns.$inferSelect;

/** The PM's periodic update: a draft until published; a published one never changes. */
export const updates = pgTable(
  'update',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    status: text('status').$type<'draft' | 'published'>().notNull().default('draft'),
    content: jsonb('content').$type<UpdateContent>().notNull(),
    /** The summary frozen at publication: what the client saw with this update. */
    summary: jsonb('summary').$type<Summary | null>(),
    /** Share-page views while this was the latest published update (counted with the links' views). */
    views: integer('views').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    publishedAt: instant('published_at'),
  },
  (t) => [index('update_project_idx').on(t.projectId, t.id)],
);

/** Capability links to a project's client page. Only the token's sha256 is stored. */
export const shareLinks = pgTable(
  'share_link',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    label: text('label'),
    locale: text('locale').$type<Locale>().notNull(),
    detail: text('detail').$type<DetailLevel>().notNull().default('overview'),
    expiresAt: instant('expires_at'),
    /** scrypt `salt:hash` (hex) when the link asks for a passcode. */
    passcodeHash: text('passcode_hash'),
    revokedAt: instant('revoked_at'),
    viewCount: integer('view_count').notNull().default(0),
    lastViewedAt: instant('last_viewed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('share_link_token_uq').on(t.tokenHash),
    index('share_link_project_idx').on(t.projectId, t.id),
  ],
);

/** The latest summary of a project, recomputed by the render job after each sync and publish. */
export const projectSummaries = pgTable('project_summary', {
  projectId: text('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  summary: jsonb('summary').$type<Summary>().notNull(),
  computedAt: instant('computed_at').notNull(),
});

export type UpdateRow = typeof updates.$inferSelect;
export type ShareLinkRow = typeof shareLinks.$inferSelect;

/** An integrator's endpoint for outbound events (README "Outbound webhooks"). */
export const webhookSubscriptions = pgTable(
  'webhook_subscription',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().$type<WebhookEventType[]>().notNull(),
    /** The signing secret, AES-256-GCM sealed and bound to the subscription id: signing needs it in clear. */
    secret: text('secret').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_subscription_workspace_idx').on(t.workspaceId, t.id)],
);

/** One event, written in the transaction of the change that causes it. No project FK: it outlives the project. */
export const webhookEvents = pgTable('webhook_event', {
  id: id(),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  projectId: text('project_id'),
  type: text('type').$type<WebhookEventType>().notNull(),
  /** The exact JSON sent and signed, fixed when the event happens. */
  body: text('body').notNull(),
  createdAt: createdAt(),
});

/** The outbox and the delivery log: one row per event and subscription; its id is `ClientLens-Delivery`. */
export const webhookDeliveries = pgTable(
  'webhook_delivery',
  {
    id: id(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: text('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    eventType: text('event_type').$type<WebhookEventType>().notNull(),
    /** pending = in the outbox, not yet handed to the queue. */
    status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** HTTP status of the receiver's last answer. */
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    nextAttemptAt: instant('next_attempt_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deliveredAt: instant('delivered_at'),
  },
  (t) => [
    index('webhook_delivery_subscription_idx').on(t.subscriptionId, t.id),
    index('webhook_delivery_outbox_idx')
      .on(t.id)
      .where(sql`status = 'pending'`),
    index('webhook_delivery_open_idx')
      .on(t.nextAttemptAt)
      .where(sql`status in ('queued', 'retrying')`),
  ],
);

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A client's question, comment, approval, change request or rating, sent from a share page; the PM answers. */
export const feedback = pgTable(
  'feedback',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The link it was sent through: which audience wrote. */
    shareLinkId: text('share_link_id').references(() => shareLinks.id, { onDelete: 'set null' }),
    kind: text('kind').$type<FeedbackKind>().notNull(),
    body: text('body'),
    /** 1–5, for `rating`. */
    rating: integer('rating'),
    /** The update a rating is about: the latest published one when it was sent. */
    updateId: text('update_id').references(() => updates.id, { onDelete: 'set null' }),
    milestoneId: text('milestone_id').references(() => milestones.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    /** Seen by the PM only, never on a share page. */
    authorEmail: text('author_email'),
    /** The page's language when it was sent. */
    locale: text('locale').$type<Locale>().notNull(),
    status: text('status').$type<FeedbackStatus>().notNull().default('open'),
    reply: text('reply'),
    /** When the current reply was first given: the response time is answeredAt − createdAt. */
    answeredAt: instant('answered_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('feedback_project_idx').on(t.projectId, t.id),
    index('feedback_workspace_idx').on(t.workspaceId, t.id),
    index('feedback_answered_idx')
      .on(t.projectId, t.answeredAt)
      .where(sql`reply is not null`),
  ],
);

export type FeedbackRow = typeof feedback.$inferSelect;

/** A project's communication plan (README "Communication plan and channels"): one per project. */
export const commPlans = pgTable(
  'comm_plan',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    cadence: jsonb('cadence').$type<Cadence>().notNull(),
    /** Biweekly: the Monday of a week it runs in (the plan's zone); it runs every second week from it. */
    anchorWeek: day('anchor_week'),
    /** The language of chat messages and of the plan's share link. */
    locale: text('locale').$type<Locale>().notNull(),
    graceHours: integer('grace_hours').notNull().default(24),
    /** Client channels, AES-256-GCM sealed JSON bound to the plan id: webhook URLs and secrets are credentials. */
    channels: text('channels').notNull(),
    /** Where the PM is notified; sealed like `channels`. */
    pmNotify: text('pm_notify').notNull(),
    shareLinkId: text('share_link_id').references(() => shareLinks.id, { onDelete: 'set null' }),
    /** The share link's token, sealed: tokens are shown once, but every message carries the link. */
    shareToken: text('share_token'),
    /** Incremented on every change; the scheduler in Redis is known to match only `scheduledVersion`. */
    version: integer('version').notNull().default(1),
    scheduledVersion: integer('scheduled_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('comm_plan_project_uq').on(t.projectId),
    index('comm_plan_unscheduled_idx')
      .on(t.id)
      .where(sql`version <> scheduled_version`),
  ],
);

/** One send of one message to one channel: the outbox of the `notify` queue and the delivery log. */
export const channelDeliveries = pgTable(
  'channel_delivery',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The published update, or the draft a PM notice is about. */
    updateId: text('update_id')
      .notNull()
      .references(() => updates.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<DeliveryPurpose>().notNull(),
    channelId: text('channel_id').notNull(),
    channelType: text('channel_type').$type<ChannelType>().notNull(),
    channelName: text('channel_name'),
    status: text('status').$type<ChannelDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at'),
    lastErrorCode: text('last_error_code'),
    lastError: text('last_error'),
    /** Email after a partial failure: the addresses still to send to (null: every recipient). */
    pendingRecipients: jsonb('pending_recipients').$type<string[] | null>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: instant('sent_at'),
  },
  (t) => [
    // One send per update, purpose and channel: a retried publish, cycle or reminder adds nothing.
    uniqueIndex('channel_delivery_send_uq').on(t.updateId, t.purpose, t.channelId),
    index('channel_delivery_project_idx').on(t.projectId, t.id),
    index('channel_delivery_outbox_idx')
      .on(t.id)
      .where(sql`status = 'pending'`),
    index('channel_delivery_open_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'sending'`),
  ],
);

export type CommPlanRow = typeof commPlans.$inferSelect;
export type ChannelDeliveryRow = typeof channelDeliveries.$inferSelect;

/**
 * One PingCode Nexus installation of the ClientLens app (written by its lifecycle events): the verified
 * `context.installation.id` of an invocation token names the workspace, never a client-supplied id.
 */
export const nexusInstallations = pgTable(
  'nexus_installation',
  {
    /** Nexus `installation.id` (a uuid chosen by Nexus). */
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Nexus `team.id`: the PingCode enterprise the app is installed in. */
    teamId: text('team_id').notNull(),
    installedAt: instant('installed_at').notNull().defaultNow(),
    /** Set by `pce:nexus:app:uninstall`: tokens of the installation are refused from then on. */
    uninstalledAt: instant('uninstalled_at'),
  },
  (t) => [index('nexus_installation_workspace_idx').on(t.workspaceId)],
);

export type NexusInstallationRow = typeof nexusInstallations.$inferSelect;
