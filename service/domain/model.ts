/** The normalized domain shared by every connector, the store and the API. */
export const PROVIDERS = ['pingcode', 'jira', 'github', 'worktile'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const STATUS_CATEGORIES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

export const MILESTONE_KINDS = ['milestone', 'version', 'sprint', 'phase'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const SYNC_KINDS = ['full', 'incremental'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

export const SYNC_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'auth_failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];
export const ACTIVE_SYNC_STATUSES: readonly SyncStatus[] = ['queued', 'running'];

/** Calendar dates are ISO `YYYY-MM-DD` strings in the connection's time zone; instants are `Date`. */
export type IsoDate = string;

export interface ProjectInput {
  externalId: string;
  key: string | null;
  name: string;
  url: string | null;
  type: string | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  archived: boolean;
}

export interface MilestoneInput {
  /** Unique within the connection across kinds, e.g. `version:5eb6…`. */
  externalId: string;
  kind: MilestoneKind;
  name: string;
  url: string | null;
  startDate: IsoDate | null;
  dueDate: IsoDate | null;
  status: StatusCategory;
  /** 0..1 when the tool reports its own progress figure (PingCode releases do). */
  progress: number | null;
  completedAt: Date | null;
}

export interface TaskInput {
  externalId: string;
  identifier: string | null;
  title: string;
  type: string | null;
  statusName: string | null;
  statusCategory: StatusCategory;
  blocked: boolean;
  /** External ids of the milestones this task counts towards (same ids as MilestoneInput.externalId). */
  milestoneExternalIds: string[];
  parentExternalId: string | null;
  assignee: string | null;
  labels: string[];
  startDate: IsoDate | null;
  dueDate: IsoDate | null;
  completedAt: Date | null;
  estimate: number | null;
  url: string | null;
  remoteUpdatedAt: Date | null;
  /** When the item was created upstream, when the tool says (scope over time in the burn-up). */
  remoteCreatedAt: Date | null;
  /** True when the tool reports the item as deleted (incremental runs ask for deleted items). */
  deleted: boolean;
}

export const LOCALES = ['en', 'zh-CN', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
