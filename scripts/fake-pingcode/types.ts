/**
 * Resource shapes the fake serves, as PingCode documents them (reference/upstream-apis.md §1.5).
 * What the dataset stores is exactly what the API answers: tests edit these objects and the next
 * request sees the change. Embedded references (`item.sprint`, `item.versions[]`, …) are copies, so a
 * test that changes a sprint's status and wants items to agree must edit both.
 * All times are 10-digit Unix seconds.
 */
export type ProjectType = 'scrum' | 'kanban' | 'waterfall' | 'hybrid';
export type StateType = 'pending' | 'in_progress' | 'completed' | 'closed';
export type StageType = 'pending' | 'in_progress' | 'published';
export type SprintStatus = 'pending' | 'in_progress' | 'completed';
export type TypeGroup = 'requirement' | 'task' | 'bug' | 'issue' | 'plan';
export type Flag = 0 | 1;

export interface PcUser {
  id: string;
  name: string;
  display_name: string;
}

export interface PcProjectRef {
  id: string;
  url: string;
  identifier: string;
  name: string;
  type: ProjectType;
}

export interface PcProject {
  id: string;
  url: string;
  type: ProjectType;
  identifier: string;
  name: string;
  description: string;
  state: { id: string; name: string; type: 'pending' | 'in_progress' | 'completed' };
  start_at: number | null;
  end_at: number | null;
  created_at: number;
  updated_at: number;
  is_archived: Flag;
  is_deleted: Flag;
}

export interface PcStage {
  id: string;
  name: string;
  type: StageType;
}

export interface PcVersion {
  id: string;
  url: string;
  project: PcProjectRef;
  name: string;
  start_at: number | null;
  end_at: number | null;
  stage: PcStage;
  /** Percentage 0–100 (the doc does not say whether it is 0–1 or 0–100; see README). */
  progress: number;
  operate_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface PcSprint {
  id: string;
  url: string;
  project: PcProjectRef;
  name: string;
  status: SprintStatus;
  start_at: number;
  end_at: number;
  started_at: number | null;
  completed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface PcWorkItemType {
  id: string;
  name: string;
  group: TypeGroup;
}

export interface PcState {
  id: string;
  name: string;
  type: StateType;
  color: string;
}

export interface PcVersionRef {
  id: string;
  url: string;
  name: string;
  stage: PcStage;
}

export interface PcSprintRef {
  id: string;
  url: string;
  name: string;
  status: SprintStatus;
}

export interface PcWorkItem {
  id: string;
  url: string;
  html_url: string;
  project: PcProjectRef;
  identifier: string;
  title: string;
  /** A system slug (`story`, `task`, …) or, for plan types, the type's ObjectId. */
  type: string;
  start_at: number | null;
  end_at: number | null;
  parent_id: string | null;
  parent: { id: string; identifier: string; title: string } | null;
  short_id: string;
  assignee: PcUser | null;
  state: PcState;
  priority: { id: string; name: string } | null;
  versions: PcVersionRef[];
  sprint: PcSprintRef | null;
  phase: { id: string; url: string; name: string } | null;
  completed_at: number | null;
  story_points: number | null;
  estimated_workload: number | null;
  remaining_workload: number | null;
  tags: { id: string; name: string }[];
  created_at: number;
  updated_at: number;
  is_archived: Flag;
  is_deleted: Flag;
}

export interface Dataset {
  /** The instant (Unix s) the data was generated against: every timestamp is ≤ it. */
  now: number;
  users: PcUser[];
  projects: PcProject[];
  versions: PcVersion[];
  sprints: PcSprint[];
  /** Types offered per project id (system types, plus phase and milestone for waterfall/hybrid). */
  workItemTypes: Record<string, PcWorkItemType[]>;
  /** Sorted by `created_at`, then `id`. */
  workItems: PcWorkItem[];
}

export interface Page<T> {
  page_size: number;
  page_index: number;
  total: number;
  values: T[];
}
