import { Rng } from './prng';
import { DAY, HOUR, endOfShanghaiDay, startOfShanghaiDay, toUnix } from './time';
import type {
  Dataset,
  PcProject,
  PcProjectRef,
  PcSprint,
  PcSprintRef,
  PcStage,
  PcState,
  PcUser,
  PcVersion,
  PcVersionRef,
  PcWorkItem,
  PcWorkItemType,
  ProjectType,
  SprintStatus,
  StageType,
  StateType,
} from './types';
import { BLOCKED_LABELS, LABELS, MEMBERS, workItemTitle } from './vocabulary';
import type { TitleKind } from './vocabulary';

export type Locale = 'zh' | 'en';

/** Days are relative to `now` (negative = in the past). `share` is the fraction of ordinary work items linked. */
export interface VersionSpec {
  name: string;
  stage: StageType;
  startDay: number;
  endDay: number;
  share: number;
}

export interface SprintSpec {
  name: string;
  status: SprintStatus;
  startDay: number;
  endDay: number;
  share: number;
}

/** A work item of the project's plan type 里程碑; its share of items become its children (`parent_id`). */
export interface MilestoneSpec {
  title: string;
  dueDay: number;
  completed: boolean;
  share: number;
  /** When work towards it started; default 6 weeks before `dueDay`. */
  startDay?: number;
}

export interface ProjectSpec {
  identifier: string;
  name: string;
  type?: ProjectType;
  description?: string;
  /** Total work items, milestone items included. */
  workItems: number;
  /** Language of state and priority names; default `zh`. */
  locale?: Locale;
  /** Probability that a title is Chinese; default 0.5. */
  zhTitleShare?: number;
  /** Project start relative to now, in days; default -90. */
  startDay?: number;
  /** Planned end relative to now, in days; default 60. */
  endDay?: number;
  versions?: VersionSpec[];
  sprints?: SprintSpec[];
  /** Needs a `waterfall` or `hybrid` project. */
  milestones?: MilestoneSpec[];
  /** Items flagged `is_deleted: 1`; default 1 % of the ordinary items. */
  deleted?: number;
}

export interface DatasetOptions {
  seed?: number;
  now?: Date;
  projects: ProjectSpec[];
  /** Origin used in the resources' `url`; default https://open.pingcode.com. */
  apiBase?: string;
  /** Origin used in `html_url`; default https://clientlens-demo.pingcode.com. */
  webBase?: string;
}

function fixedId(n: number): string {
  return `5c9b2f0e00000000${n.toString(16).padStart(8, '0')}`;
}

function state(n: number, name: string, type: StateType, color: string): PcState {
  return { id: fixedId(n), name, type, color };
}

/** The team's state configuration: fixed ids, like PingCode's system states. */
export const WORK_ITEM_STATES: Record<Locale, Record<StateType, readonly PcState[]>> = {
  zh: {
    pending: [state(0x101, '新建', 'pending', '#ff7575'), state(0x102, '待处理', 'pending', '#fa8888')],
    in_progress: [
      state(0x103, '进行中', 'in_progress', '#f6c659'),
      state(0x104, '测试中', 'in_progress', '#7076fa'),
    ],
    completed: [state(0x105, '已完成', 'completed', '#73d897')],
    closed: [state(0x106, '已关闭', 'closed', '#cacaca')],
  },
  en: {
    pending: [state(0x201, 'Open', 'pending', '#ff7575'), state(0x202, 'To do', 'pending', '#fa8888')],
    in_progress: [
      state(0x203, 'In progress', 'in_progress', '#f6c659'),
      state(0x204, 'In review', 'in_progress', '#7076fa'),
    ],
    completed: [state(0x205, 'Done', 'completed', '#73d897')],
    closed: [state(0x206, 'Closed', 'closed', '#cacaca')],
  },
};

const PRIORITY_NAMES: Record<Locale, readonly string[]> = {
  zh: ['最高', '高', '中', '低'],
  en: ['Highest', 'High', 'Medium', 'Low'],
};

const STAGE_NAMES: Record<Locale, Record<StageType, string>> = {
  zh: { pending: '未开始', in_progress: '进行中', published: '已发布' },
  en: { pending: 'Not started', in_progress: 'In progress', published: 'Released' },
};

const STAGE_IDS: Record<StageType, number> = { pending: 0x301, in_progress: 0x302, published: 0x303 };

export const SYSTEM_WORK_ITEM_TYPES: readonly PcWorkItemType[] = [
  { id: 'epic', name: '史诗', group: 'requirement' },
  { id: 'feature', name: '特性', group: 'requirement' },
  { id: 'story', name: '用户故事', group: 'requirement' },
  { id: 'task', name: '任务', group: 'task' },
  { id: 'bug', name: '缺陷', group: 'bug' },
  { id: 'issue', name: '事务', group: 'issue' },
];

/** Target share of each state category over a project's ordinary items. */
const STATE_ORDER: readonly StateType[] = ['completed', 'in_progress', 'pending', 'closed'];
/** Weights in STATE_ORDER: completed, in progress, pending, closed. */
type Mix = readonly number[];
const TARGET_MIX: Mix = [0.55, 0.2, 0.2, 0.05];

const TYPE_KINDS: readonly TitleKind[] = ['epic', 'feature', 'story', 'task', 'bug'];
const TYPE_WEIGHTS = [0.03, 0.08, 0.42, 0.3, 0.17];

/** Mints ObjectId-shaped ids: 4-byte timestamp, 5 random bytes, 3-byte counter (so they never collide). */
class IdMint {
  private readonly machine: string;
  private counter: number;
  private readonly shortIds = new Set<string>();

  constructor(private readonly rng: Rng) {
    this.machine = rng.hex(10);
    this.counter = rng.int(0, 0xffff);
  }

  objectId(unix: number): string {
    this.counter = (this.counter + 1) & 0xffffff;
    return `${unix.toString(16).padStart(8, '0')}${this.machine}${this.counter.toString(16).padStart(6, '0')}`;
  }

  shortId(): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    for (;;) {
      let id = '';
      for (let i = 0; i < 8; i++) id += alphabet.charAt(this.rng.int(0, alphabet.length - 1));
      if (!this.shortIds.has(id)) {
        this.shortIds.add(id);
        return id;
      }
    }
  }
}

/** Splits `n` by `weights` into integers that add up to `n` (largest remainder). */
export function apportion(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total <= 0 || n <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w / total) * n);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((sum, c) => sum + c, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

/** Items that share a container, a state mix and a time window. */
interface Group {
  size: number;
  mix: Mix;
  /** Completions fall in [doneFrom, doneTo]. */
  doneFrom: number;
  doneTo: number;
  /** Earliest creation time. */
  minCreated: number;
  /** Container due date that the items' `end_at` cluster below, or null (backlog). */
  due: number | null;
  dueJitterDays: number;
  blockedRate: number;
  kinds: 'product' | 'milestone-tasks';
  versionRef: PcVersionRef | null;
  sprintRef: PcSprintRef | null;
  milestone: PcWorkItem | null;
}

interface Context {
  rng: Rng;
  ids: IdMint;
  now: number;
  apiBase: string;
  webBase: string;
  users: PcUser[];
  tagIds: Map<string, string>;
  dataset: Dataset;
}

export function generateDataset(options: DatasetOptions): Dataset {
  const rng = new Rng(options.seed ?? 1);
  const now = toUnix(options.now ?? new Date());
  const ids = new IdMint(rng);
  const users = MEMBERS.map((m) => ({ id: ids.objectId(now - 400 * DAY + rng.int(0, 30 * DAY)), ...m }));
  const tagIds = new Map<string, string>();
  for (const label of [...LABELS, ...BLOCKED_LABELS]) tagIds.set(label, ids.objectId(now - 380 * DAY));
  const dataset: Dataset = {
    now,
    users,
    projects: [],
    versions: [],
    sprints: [],
    workItemTypes: {},
    workItems: [],
  };
  const ctx: Context = {
    rng,
    ids,
    now,
    apiBase: options.apiBase ?? 'https://open.pingcode.com',
    webBase: options.webBase ?? 'https://clientlens-demo.pingcode.com',
    users,
    tagIds,
    dataset,
  };
  for (const spec of options.projects) addProject(ctx, spec);
  dataset.workItems.sort(byCreation);
  return dataset;
}

export function byCreation(a: PcWorkItem, b: PcWorkItem): number {
  return a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function addProject(ctx: Context, spec: ProjectSpec): void {
  const { rng, ids, now, apiBase } = ctx;
  const type = spec.type ?? 'scrum';
  const locale = spec.locale ?? 'zh';
  const milestones = spec.milestones ?? [];
  if (milestones.length > 0 && type !== 'waterfall' && type !== 'hybrid') {
    throw new Error(`project ${spec.identifier}: milestones need a waterfall or hybrid project`);
  }
  const ordinary = spec.workItems - milestones.length;
  if (ordinary < 0) throw new Error(`project ${spec.identifier}: fewer work items than milestones`);

  const start = startOfShanghaiDay(now + (spec.startDay ?? -90) * DAY);
  const created = start - 5 * DAY;
  const projectId = ids.objectId(created);
  const project: PcProject = {
    id: projectId,
    url: `${apiBase}/v1/pjm/projects/${projectId}`,
    type,
    identifier: spec.identifier,
    name: spec.name,
    description: spec.description ?? '',
    state: { id: fixedId(0x401), name: locale === 'zh' ? '进行中' : 'In progress', type: 'in_progress' },
    start_at: start,
    end_at: endOfShanghaiDay(now + (spec.endDay ?? 60) * DAY),
    created_at: created,
    updated_at: now - rng.int(HOUR, 2 * DAY),
    is_archived: 0,
    is_deleted: 0,
  };
  const ref: PcProjectRef = {
    id: project.id,
    url: project.url,
    identifier: project.identifier,
    name: project.name,
    type,
  };
  ctx.dataset.projects.push(project);

  const types: PcWorkItemType[] = [...SYSTEM_WORK_ITEM_TYPES];
  let milestoneTypeId: string | null = null;
  if (type === 'waterfall' || type === 'hybrid') {
    milestoneTypeId = ids.objectId(created);
    types.push({ id: ids.objectId(created), name: '阶段', group: 'plan' });
    types.push({ id: milestoneTypeId, name: '里程碑', group: 'plan' });
  }
  ctx.dataset.workItemTypes[project.id] = types;

  const groups: Group[] = [];
  const earliest = start + 2 * HOUR;
  const sizeOf = (share: number): number => Math.round(share * ordinary);

  const versions: { version: PcVersion; group: Group }[] = [];
  for (const v of spec.versions ?? []) {
    const vStart = startOfShanghaiDay(now + v.startDay * DAY);
    const vEnd = endOfShanghaiDay(now + v.endDay * DAY);
    const vCreated = Math.max(created + HOUR, vStart - rng.int(3, 10) * DAY);
    const id = ids.objectId(vCreated);
    const stage: PcStage = {
      id: fixedId(STAGE_IDS[v.stage]),
      name: STAGE_NAMES[locale][v.stage],
      type: v.stage,
    };
    const released = Math.min(now - HOUR, vEnd - rng.int(0, 20) * HOUR);
    const version: PcVersion = {
      id,
      url: `${apiBase}/v1/pjm/projects/${project.id}/versions/${id}`,
      project: ref,
      name: v.name,
      start_at: vStart,
      end_at: vEnd,
      stage,
      progress: 0,
      operate_at: v.stage === 'published' ? released : v.stage === 'in_progress' ? vStart : null,
      created_at: vCreated,
      updated_at:
        v.stage === 'published'
          ? released
          : v.stage === 'in_progress'
            ? now - rng.int(HOUR, 3 * DAY)
            : vCreated,
    };
    ctx.dataset.versions.push(version);
    const group = containerGroup(ctx, {
      size: sizeOf(v.share),
      mix:
        v.stage === 'published'
          ? [0.95, 0, 0, 0.05]
          : v.stage === 'in_progress'
            ? [0.78, 0.12, 0.08, 0.02]
            : [0.05, 0.15, 0.8, 0],
      from: Math.max(vStart, earliest),
      to: v.stage === 'published' ? released : now - HOUR,
      minCreated:
        v.stage === 'pending' ? Math.max(earliest, now - 20 * DAY) : Math.max(earliest, vStart - 14 * DAY),
      due: vEnd,
      dueJitterDays: 10,
    });
    group.versionRef = { id, url: version.url, name: version.name, stage: { ...stage } };
    versions.push({ version, group });
    groups.push(group);
  }

  for (const s of spec.sprints ?? []) {
    const sStart = startOfShanghaiDay(now + s.startDay * DAY);
    const sEnd = endOfShanghaiDay(now + s.endDay * DAY);
    const sCreated = Math.max(created + HOUR, sStart - rng.int(2, 5) * DAY);
    const id = ids.objectId(sCreated);
    const startedAt = s.status === 'pending' ? null : Math.min(now - HOUR, sStart + rng.int(0, 4 * HOUR));
    const completedAt = s.status === 'completed' ? Math.min(now - HOUR, sEnd - rng.int(0, 4 * HOUR)) : null;
    const sprint: PcSprint = {
      id,
      url: `${apiBase}/v1/pjm/projects/${project.id}/sprints/${id}`,
      project: ref,
      name: s.name,
      status: s.status,
      start_at: sStart,
      end_at: sEnd,
      started_at: startedAt,
      completed_at: completedAt,
      created_at: sCreated,
      updated_at: Math.max(sCreated, startedAt ?? 0, completedAt ?? 0),
    };
    ctx.dataset.sprints.push(sprint);
    const group = containerGroup(ctx, {
      size: sizeOf(s.share),
      mix:
        s.status === 'completed'
          ? [0.95, 0, 0, 0.05]
          : s.status === 'in_progress'
            ? [0.6, 0.25, 0.13, 0.02]
            : [0, 0.05, 0.95, 0],
      from: Math.max(sStart, earliest),
      to: completedAt ?? now - HOUR,
      minCreated:
        s.status === 'pending' ? Math.max(earliest, now - 20 * DAY) : Math.max(earliest, sStart - 14 * DAY),
      due: sEnd,
      dueJitterDays: 3,
    });
    group.sprintRef = { id, url: sprint.url, name: sprint.name, status: sprint.status };
    groups.push(group);
  }

  const planItems: PcWorkItem[] = [];
  for (const m of milestones) {
    const due = endOfShanghaiDay(now + m.dueDay * DAY);
    const mStart = Math.max(earliest, startOfShanghaiDay(now + (m.startDay ?? m.dueDay - 42) * DAY));
    const mCreated = Math.max(earliest, mStart - 3 * DAY);
    const doneAt = m.completed ? Math.min(now - HOUR, due - DAY) : null;
    const item = newItem(ctx, ref, {
      type: milestoneTypeId ?? 'milestone',
      title: m.title,
      state: { ...(WORK_ITEM_STATES[locale][m.completed ? 'completed' : 'in_progress'][0] as PcState) },
      created: mCreated,
      updated: Math.min(now, (doneAt ?? now - rng.int(2 * HOUR, 2 * DAY)) + HOUR),
    });
    item.end_at = due;
    item.completed_at = doneAt;
    item.assignee = ctx.users[0] ?? null;
    planItems.push(item);
    const group = containerGroup(ctx, {
      size: sizeOf(m.share),
      mix: m.completed ? [0.95, 0, 0, 0.05] : [0.55, 0.25, 0.18, 0.02],
      from: mStart,
      to: doneAt ?? now - HOUR,
      minCreated: mCreated + HOUR,
      due,
      dueJitterDays: 10,
    });
    group.kinds = 'milestone-tasks';
    group.milestone = item;
    group.blockedRate = m.completed ? 0 : 0.2;
    groups.push(group);
  }

  const linked = groups.reduce((sum, g) => sum + g.size, 0);
  if (linked > ordinary) throw new Error(`project ${spec.identifier}: shares add up to more than 1`);
  // The backlog takes whatever mix brings the whole project to TARGET_MIX.
  const linkedCounts = STATE_ORDER.map((_, s) =>
    groups.reduce((sum, g) => sum + (apportion(g.size, g.mix)[s] ?? 0), 0),
  );
  const residual = TARGET_MIX.map((t, s) => Math.max(0, t * ordinary - (linkedCounts[s] ?? 0)));
  const residualSum = residual.reduce((a, b) => a + b, 0);
  const backlogMix = residualSum > 0 ? residual : TARGET_MIX;
  groups.push(
    containerGroup(ctx, {
      size: ordinary - linked,
      mix: backlogMix,
      from: Math.max(earliest, now - 60 * DAY),
      to: now - HOUR,
      minCreated: earliest,
      due: null,
      dueJitterDays: 0,
    }),
  );

  const items: PcWorkItem[] = [...planItems];
  for (const group of groups) items.push(...groupItems(ctx, ref, locale, spec.zhTitleShare ?? 0.5, group));
  items.sort(byCreation);
  items.forEach((item, i) => {
    item.identifier = `${spec.identifier}-${i + 1}`;
  });
  linkParents(ctx, items);
  markDeleted(ctx, items, spec.deleted ?? Math.round(ordinary * 0.01));

  for (const { version } of versions) {
    const own = items.filter((i) => i.is_deleted === 0 && i.versions.some((v) => v.id === version.id));
    const finished = own.filter((i) => i.state.type === 'completed' || i.state.type === 'closed').length;
    version.progress = own.length === 0 ? 0 : Math.round((finished / own.length) * 100);
  }
  ctx.dataset.workItems.push(...items);
}

function containerGroup(
  ctx: Context,
  g: {
    size: number;
    mix: Mix;
    from: number;
    to: number;
    minCreated: number;
    due: number | null;
    dueJitterDays: number;
  },
): Group {
  const doneTo = Math.min(ctx.now - HOUR, Math.max(g.to, g.minCreated + 3 * HOUR));
  return {
    size: g.size,
    mix: g.mix,
    // Work in a container that starts later (a pending version) can still be finished early.
    doneFrom: Math.min(Math.max(g.from, g.minCreated + 2 * HOUR), doneTo),
    doneTo,
    minCreated: g.minCreated,
    due: g.due,
    dueJitterDays: g.dueJitterDays,
    blockedRate: 0.07,
    kinds: 'product',
    versionRef: null,
    sprintRef: null,
    milestone: null,
  };
}

function stateFor(rng: Rng, locale: Locale, type: StateType): PcState {
  const options = WORK_ITEM_STATES[locale][type];
  const pick = options.length > 1 && rng.chance(0.3) ? options[1] : options[0];
  if (!pick) throw new Error(`no ${type} state for ${locale}`);
  return { ...pick };
}

function newItem(
  ctx: Context,
  project: PcProjectRef,
  draft: { type: string; title: string; state: PcState; created: number; updated: number },
): PcWorkItem {
  const id = ctx.ids.objectId(draft.created);
  const shortId = ctx.ids.shortId();
  return {
    id,
    url: `${ctx.apiBase}/v1/pjm/work_items/${id}`,
    html_url: `${ctx.webBase}/pjm/workitems/${shortId}`,
    project,
    identifier: '',
    title: draft.title,
    type: draft.type,
    start_at: null,
    end_at: null,
    parent_id: null,
    parent: null,
    short_id: shortId,
    assignee: null,
    state: draft.state,
    priority: null,
    versions: [],
    sprint: null,
    phase: null,
    completed_at: null,
    story_points: null,
    estimated_workload: null,
    remaining_workload: null,
    tags: [],
    created_at: draft.created,
    updated_at: Math.max(draft.updated, draft.created + 60),
    is_archived: 0,
    is_deleted: 0,
  };
}

function groupItems(
  ctx: Context,
  project: PcProjectRef,
  locale: Locale,
  zhTitleShare: number,
  group: Group,
): PcWorkItem[] {
  const { rng, now } = ctx;
  const states: StateType[] = [];
  apportion(group.size, group.mix).forEach((count, s) => {
    for (let i = 0; i < count; i++) states.push(STATE_ORDER[s] ?? 'pending');
  });
  rng.shuffle(states);

  return states.map((stateType) => {
    const kind: TitleKind =
      group.kinds === 'milestone-tasks'
        ? rng.chance(0.85)
          ? 'task'
          : 'bug'
        : rng.weighted(TYPE_KINDS, TYPE_WEIGHTS);
    const finished = stateType === 'completed' || stateType === 'closed';
    let created: number;
    let updated: number;
    let completedAt: number | null = null;
    if (finished) {
      const doneAt = rng.int(group.doneFrom, group.doneTo);
      created = Math.max(group.minCreated, doneAt - rng.int(HOUR, 20 * DAY));
      created = Math.min(created, doneAt - 60);
      updated = Math.min(now, doneAt + rng.int(0, 3 * DAY));
      if (stateType === 'completed') completedAt = doneAt;
    } else {
      created = rng.int(Math.min(group.minCreated, now - 2 * HOUR), now - 2 * HOUR);
      // Open items were mostly touched recently.
      updated = now - Math.floor((now - created) * rng.next() ** 2);
    }

    const item = newItem(ctx, project, {
      type: kind,
      title: workItemTitle(rng, kind, zhTitleShare),
      state: stateFor(rng, locale, stateType),
      created,
      updated,
    });
    item.completed_at = completedAt;

    if (rng.chance(0.7)) item.start_at = Math.min(created + rng.int(0, 3 * DAY), completedAt ?? now);
    if (group.due !== null ? rng.chance(0.9) : rng.chance(0.7)) {
      const target =
        group.due !== null
          ? group.due - rng.int(0, group.dueJitterDays) * DAY
          : created + rng.int(5, 40) * DAY;
      item.end_at = endOfShanghaiDay(Math.max(target, item.start_at ?? created, created));
    }
    const assignedRate = stateType === 'pending' ? 0.6 : 0.92;
    if (rng.chance(assignedRate)) item.assignee = { ...rng.pick(ctx.users) };
    if (rng.chance(0.8)) {
      const names = PRIORITY_NAMES[locale];
      const p =
        kind === 'bug'
          ? rng.weighted([0, 1, 2, 3], [0.2, 0.4, 0.3, 0.1])
          : rng.weighted([0, 1, 2, 3], [0.05, 0.25, 0.5, 0.2]);
      item.priority = { id: fixedId(0x501 + p), name: names[p] ?? '' };
    }
    if (kind === 'story' && rng.chance(0.85))
      item.story_points = rng.weighted([1, 2, 3, 5, 8, 13], [2, 4, 5, 4, 2, 1]);
    if (kind === 'feature' && rng.chance(0.3)) item.story_points = rng.pick([8, 13, 20]);
    if ((kind === 'task' && rng.chance(0.8)) || (kind === 'bug' && rng.chance(0.4))) {
      const estimate = kind === 'task' ? rng.pick([2, 4, 6, 8, 12, 16, 24]) : rng.pick([1, 2, 4]);
      item.estimated_workload = estimate;
      item.remaining_workload = finished
        ? 0
        : stateType === 'in_progress'
          ? Math.round(estimate * (0.1 + 0.7 * rng.next()) * 2) / 2
          : estimate;
    }
    if (rng.chance(0.25)) item.tags.push(tag(ctx, rng.pick(LABELS)));
    if (!finished && rng.chance(group.blockedRate)) item.tags.push(tag(ctx, rng.pick(BLOCKED_LABELS)));
    if (group.versionRef) item.versions = [{ ...group.versionRef, stage: { ...group.versionRef.stage } }];
    if (group.sprintRef) item.sprint = { ...group.sprintRef };
    if (group.milestone) setParent(item, group.milestone);
    return item;
  });
}

function tag(ctx: Context, name: string): { id: string; name: string } {
  return { id: ctx.tagIds.get(name) ?? '', name };
}

function setParent(item: PcWorkItem, parent: PcWorkItem): void {
  item.parent_id = parent.id;
  item.parent = { id: parent.id, identifier: parent.identifier, title: parent.title };
}

/** Builds a light hierarchy (epic → feature → story → task/bug) out of earlier-created items. */
function linkParents(ctx: Context, items: PcWorkItem[]): void {
  const { rng } = ctx;
  const byType: Record<string, PcWorkItem[]> = { epic: [], feature: [], story: [] };
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const item of items) {
    if (item.parent_id !== null) {
      // Children of a milestone: the milestone got its identifier only after sorting.
      const milestone = byId.get(item.parent_id);
      if (milestone) setParent(item, milestone);
    } else {
      const candidates =
        item.type === 'feature' && rng.chance(0.6)
          ? byType.epic
          : item.type === 'story' && rng.chance(0.5)
            ? byType.feature
            : item.type === 'task' && rng.chance(0.65)
              ? byType.story
              : item.type === 'bug' && rng.chance(0.15)
                ? byType.story
                : undefined;
      if (candidates && candidates.length > 0) setParent(item, rng.pick(candidates.slice(-60)));
    }
    byType[item.type]?.push(item);
  }
}

function markDeleted(ctx: Context, items: PcWorkItem[], count: number): void {
  const { rng, now } = ctx;
  const candidates = items.filter((i) => SYSTEM_WORK_ITEM_TYPES.some((t) => t.id === i.type));
  for (const item of rng.shuffle(candidates).slice(0, count)) {
    item.is_deleted = 1;
    item.updated_at = Math.max(item.updated_at, now - rng.int(HOUR, 3 * DAY));
  }
}

/**
 * One realistic hybrid project with 300 work items and exactly four milestones: a published version, a
 * version in progress and on track, a sprint in progress, and a 里程碑 work item that is a week late.
 */
export function demoDataset(now: Date = new Date(), seed = 7): Dataset {
  return generateDataset({
    seed,
    now,
    projects: [
      {
        identifier: 'WEB',
        name: '官网改版 Website relaunch',
        type: 'hybrid',
        locale: 'zh',
        description:
          '公司官网整体改版：新视觉、中英双语内容、内容管理后台。Relaunch of the corporate website: new design, bilingual content and a CMS.',
        workItems: 301,
        startDay: -84,
        endDay: 42,
        versions: [
          {
            name: 'v1.0 首页与产品页 Home & product pages',
            stage: 'published',
            startDay: -77,
            endDay: -35,
            share: 0.22,
          },
          { name: 'v1.1 内容后台 CMS', stage: 'in_progress', startDay: -35, endDay: 14, share: 0.25 },
        ],
        sprints: [
          { name: 'Sprint 6 · 多语言 i18n', status: 'in_progress', startDay: -7, endDay: 7, share: 0.12 },
        ],
        milestones: [
          { title: '客户验收 UAT sign-off', dueDay: -7, completed: false, share: 0.13, startDay: -49 },
        ],
        deleted: 3,
      },
    ],
  });
}

/**
 * One hybrid project with exactly `workItems` live work items (its two 里程碑 items included) (used with 10 000 for the benchmark), four
 * versions, three sprints and two 里程碑 items.
 */
export function largeDataset(workItems: number, now: Date = new Date(), seed = 1): Dataset {
  return generateDataset({
    seed,
    now,
    projects: [
      {
        identifier: 'DATA',
        name: '数据平台 Data platform',
        type: 'hybrid',
        locale: 'en',
        description: '统一数据平台与报表。Unified data platform and reporting.',
        workItems,
        startDay: -150,
        endDay: 90,
        versions: [
          { name: '2.0', stage: 'published', startDay: -120, endDay: -60, share: 0.2 },
          { name: '2.1', stage: 'published', startDay: -60, endDay: -20, share: 0.2 },
          { name: '2.2', stage: 'in_progress', startDay: -20, endDay: 20, share: 0.2 },
          { name: '3.0', stage: 'pending', startDay: 20, endDay: 70, share: 0.08 },
        ],
        sprints: [
          { name: 'Sprint 21', status: 'completed', startDay: -21, endDay: -8, share: 0.05 },
          { name: 'Sprint 22', status: 'in_progress', startDay: -7, endDay: 7, share: 0.05 },
          { name: 'Sprint 23', status: 'pending', startDay: 8, endDay: 21, share: 0.03 },
        ],
        milestones: [
          { title: 'Beta launch 公测', dueDay: -30, completed: true, share: 0.03 },
          { title: 'GA launch 正式发布', dueDay: 30, completed: false, share: 0.04 },
        ],
        // Every item is live; a full sync lands `workItems` minus the two 里程碑 items as tasks.
        deleted: 0,
      },
    ],
  });
}
