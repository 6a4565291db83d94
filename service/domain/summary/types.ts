import type { IsoDate, MilestoneKind, StatusCategory } from '../model';

/**
 * The summary: what the client sees, as language-neutral data. Computed by pure code (`summarize`) from
 * a project's milestones and tasks, the previous published summary and `now`; rendered by the share page,
 * the panel, the JSON API, emails and chat messages, each translating kinds and codes into words.
 */
export type Health = 'done' | 'on_track' | 'at_risk' | 'late';

export interface SummaryTaskInput {
  id: string;
  /** The title the client sees: the PM's client-facing title when set, else the tool's. */
  title: string;
  type: string | null;
  labels: string[];
  statusCategory: StatusCategory;
  blocked: boolean;
  milestoneIds: string[];
  dueDate: IsoDate | null;
  completedAt: Date | null;
  estimate: number | null;
  /** When the task was created upstream (or first seen, when the tool does not say). */
  createdAt: Date;
}

export interface SummaryMilestoneInput {
  id: string;
  name: string;
  kind: MilestoneKind;
  startDate: IsoDate | null;
  dueDate: IsoDate | null;
  dueHistory: { from: IsoDate | null; to: IsoDate | null; at: string }[];
  status: StatusCategory;
  completedAt: Date | null;
}

export interface SummaryInput {
  project: { id: string; name: string };
  /** Display name of the tool the data comes from, e.g. "PingCode". */
  source: string;
  milestones: SummaryMilestoneInput[];
  tasks: SummaryTaskInput[];
  /** The summary frozen with the last published update, and when it was published. */
  previous: { publishedAt: Date; summary: Summary } | null;
  sync: {
    /** End of the last successful sync. */
    lastSuccessAt: Date | null;
    /** Status of the most recent run, when it failed. */
    lastFailure: { at: Date; code: string } | null;
  };
  now: Date;
  /** IANA zone the project's calendar dates are in (today, overdue). */
  timezone: string;
  options?: Partial<SummaryOptions>;
}

export interface SummaryOptions {
  /** Data older than this is flagged stale (hours). Default 24. */
  staleAfterHours: number;
  /** Completed tasks within this many days measure throughput. Default 28. */
  throughputWindowDays: number;
  /** Task types and labels that are internal work: left out of everything the client sees. */
  hiddenTypes: string[];
  hiddenLabels: string[];
}

export interface Progress {
  done: number;
  /** Everything that counts: cancelled work never counts. */
  total: number;
  /** done ÷ total, 0..1; 0 when total is 0. */
  ratio: number;
}

export interface TaskRef {
  id: string;
  title: string;
  status: StatusCategory;
  blocked: boolean;
  dueDate: IsoDate | null;
  completedAt: string | null;
}

export interface Slip {
  milestoneId: string;
  milestoneName: string;
  from: IsoDate | null;
  to: IsoDate | null;
  /** When ClientLens saw the change (ISO instant). */
  at: string;
  /** Days later (positive) or earlier (negative); null when one side has no date. */
  days: number | null;
}

export interface MilestoneSummary {
  id: string;
  name: string;
  kind: MilestoneKind;
  startDate: IsoDate | null;
  dueDate: IsoDate | null;
  /** The first due date ever seen (before any slip). */
  plannedDate: IsoDate | null;
  forecastDate: IsoDate | null;
  /** How the forecast was made: recent throughput, elapsed time vs done ratio, or not at all. */
  forecastMethod: 'throughput' | 'elapsed' | 'none';
  health: Health;
  progress: Progress;
  byEstimate: Progress | null;
  slips: Slip[];
  completedAt: string | null;
  /** Client-visible tasks of this milestone (shown at detail level `detailed`). */
  tasks: TaskRef[];
}

export type DetectedRisk =
  | { kind: 'overdue_work'; count: number; milestoneId: string | null; taskIds: string[] }
  | { kind: 'blocked_work'; count: number; milestoneId: string | null; taskIds: string[] }
  | { kind: 'forecast_past_due'; milestoneId: string; dueDate: IsoDate; forecastDate: IsoDate; days: number }
  | { kind: 'stale_sync'; syncedAt: string | null; hours: number | null }
  | { kind: 'failed_sync'; at: string; code: string };

export interface BurnupPoint {
  date: IsoDate;
  /** Tasks done by the end of that day. */
  done: number;
  /** Tasks in scope (created, not cancelled) by the end of that day. */
  scope: number;
}

export interface Summary {
  version: 1;
  generatedAt: string;
  /**
   * Until when this summary stays exactly right without new data: the next midnight in the project's zone
   * (today's date moves) or the moment the data turns old, whichever is first.
   */
  validUntil: string;
  project: { id: string; name: string };
  overall: {
    byCount: Progress;
    byEstimate: Progress | null;
    remaining: number;
    blocked: number;
    overdue: number;
    health: Health;
  };
  milestones: MilestoneSummary[];
  /** Client-visible tasks in no milestone (shown at detail level `detailed`). */
  unplanned: TaskRef[];
  changes: {
    /** Publication time of the previous update; null when there is none (nothing to compare). */
    since: string | null;
    completed: TaskRef[];
    added: TaskRef[];
    slips: Slip[];
  };
  risks: DetectedRisk[];
  freshness: {
    source: string;
    syncedAt: string | null;
    stale: boolean;
    reason: 'never_synced' | 'old' | 'failed' | null;
  };
  burnup: BurnupPoint[];
}
