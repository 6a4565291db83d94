import { ApiError, badRequest } from './errors';
import { DAY, startOfShanghaiDay } from './time';
import type { PcWorkItem } from './types';

/**
 * The `payload.filter` of `POST /v1/pjm/work_items/search`, as far as it has been probed
 * (reference/worktile-and-pingcode-events.md §2.1): one operator per property, no logical operators,
 * date operators compare calendar days in Asia/Shanghai, unsupported keys answer 400 `100043`.
 */
export type Predicate = (item: PcWorkItem) => boolean;

type Getter<T> = (item: PcWorkItem) => T;

/** Single-valued references return the id (or null); multi-valued ones return every id. */
const REF_FIELDS: Record<string, Getter<string | null | readonly string[]>> = {
  'project.id': (i) => i.project.id,
  'state.id': (i) => i.state.id,
  'priority.id': (i) => i.priority?.id ?? null,
  'assignee.id': (i) => i.assignee?.id ?? null,
  'sprint.id': (i) => i.sprint?.id ?? null,
  'parent.id': (i) => i.parent_id,
  'phase.id': (i) => i.phase?.id ?? null,
  'versions.id': (i) => i.versions.map((v) => v.id),
  'tags.id': (i) => i.tags.map((t) => t.id),
  type: (i) => i.type,
};

const DATE_FIELDS: Record<string, Getter<number | null>> = {
  created_at: (i) => i.created_at,
  updated_at: (i) => i.updated_at,
  start_at: (i) => i.start_at,
  end_at: (i) => i.end_at,
  completed_at: (i) => i.completed_at,
};

const NUMBER_FIELDS: Record<string, Getter<number | null>> = {
  story_points: (i) => i.story_points,
  estimated_workload: (i) => i.estimated_workload,
  remaining_workload: (i) => i.remaining_workload,
};

const TEXT_FIELDS: Record<string, Getter<string>> = {
  title: (i) => i.title,
};

const unsupportedKey = (key: string): ApiError =>
  new ApiError(400, '100043', `不支持使用过滤条件 filter.${key}`);
const unsupportedOperator = (key: string, op: string): ApiError =>
  new ApiError(400, '100044', `过滤条件 filter.${key} 不支持操作符 ${op}`);
const badValue = (key: string, op: string): ApiError => badRequest(`过滤条件 filter.${key}.${op} 的值无效`);

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  return undefined;
}

/** `between` takes `"a,b"` (the documented form) or `[a, b]`. */
function toRange(raw: unknown): [number, number] | undefined {
  const parts = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? (raw as unknown[]) : [];
  if (parts.length !== 2) return undefined;
  const from = toNumber(parts[0]);
  const to = toNumber(parts[1]);
  return from === undefined || to === undefined ? undefined : [from, to];
}

function refPredicate(
  key: string,
  op: string,
  value: unknown,
  get: Getter<string | null | readonly string[]>,
): Predicate {
  if (op !== 'in' && op !== 'nin') throw unsupportedOperator(key, op);
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string'))
    throw badValue(key, op);
  const wanted = new Set(value);
  const hit = (item: PcWorkItem): boolean => {
    const ids = get(item);
    return ids === null
      ? false
      : typeof ids === 'string'
        ? wanted.has(ids)
        : ids.some((id) => wanted.has(id));
  };
  return op === 'in' ? hit : (item) => !hit(item);
}

interface Bounds {
  lo: number;
  loIncl: boolean;
  hi: number;
  hiIncl: boolean;
}

const ANY: Bounds = { lo: -Infinity, loIncl: true, hi: Infinity, hiIncl: true };

/**
 * Dates are day-granular: each bound widens to whole Asia/Shanghai days, e.g. `gte 12:00` keeps the whole
 * day and `lte 12:00` keeps everything before the next midnight.
 */
function dateBounds(op: string, a: number, b: number): Bounds | undefined {
  const dayA = startOfShanghaiDay(a);
  switch (op) {
    case 'gte':
      return { ...ANY, lo: dayA };
    case 'gt':
      return { ...ANY, lo: dayA + DAY };
    case 'lt':
      return { ...ANY, hi: dayA, hiIncl: false };
    case 'lte':
      return { ...ANY, hi: dayA + DAY, hiIncl: false };
    case 'between':
      return { lo: dayA, loIncl: true, hi: startOfShanghaiDay(b) + DAY, hiIncl: false };
    default:
      return undefined;
  }
}

function numberBounds(op: string, a: number, b: number): Bounds | undefined {
  switch (op) {
    case 'gte':
      return { ...ANY, lo: a };
    case 'gt':
      return { ...ANY, lo: a, loIncl: false };
    case 'lt':
      return { ...ANY, hi: a, hiIncl: false };
    case 'lte':
      return { ...ANY, hi: a };
    case 'between':
      return { lo: a, loIncl: true, hi: b, hiIncl: true };
    default:
      return undefined;
  }
}

/** Shared by dates and numbers; `bounds` turns the operator and its operands into an interval. */
function rangePredicate(
  key: string,
  op: string,
  value: unknown,
  get: Getter<number | null>,
  bounds: (op: string, a: number, b: number) => Bounds | undefined,
): Predicate {
  if (op === 'exists') {
    if (typeof value !== 'boolean') throw badValue(key, op);
    return (item) => (get(item) !== null) === value;
  }
  if (bounds(op, 0, 0) === undefined) throw unsupportedOperator(key, op);
  const range = op === 'between' ? toRange(value) : [toNumber(value), 0];
  const [a, b] = range ?? [];
  if (a === undefined || b === undefined) throw badValue(key, op);
  const { lo, loIncl, hi, hiIncl } = bounds(op, a, b) ?? ANY;
  return (item) => {
    const v = get(item);
    return v !== null && (loIncl ? v >= lo : v > lo) && (hiIncl ? v <= hi : v < hi);
  };
}

function textPredicate(key: string, op: string, value: unknown, get: Getter<string>): Predicate {
  if (op !== 'contains') throw unsupportedOperator(key, op);
  if (typeof value !== 'string') throw badValue(key, op);
  const needle = value.toLowerCase();
  return (item) => get(item).toLowerCase().includes(needle);
}

/** Compiles a filter into one predicate, or throws the ApiError PingCode would answer. */
export function compileSearchFilter(filter: unknown): Predicate {
  if (filter === undefined || filter === null) return () => true;
  if (typeof filter !== 'object' || Array.isArray(filter)) throw badRequest('filter 必须是对象');
  const predicates: Predicate[] = [];
  for (const [key, condition] of Object.entries(filter as Record<string, unknown>)) {
    const ref = REF_FIELDS[key];
    const date = DATE_FIELDS[key];
    const num = NUMBER_FIELDS[key];
    const text = TEXT_FIELDS[key];
    if (!ref && !date && !num && !text) throw unsupportedKey(key);
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
      throw badRequest(`过滤条件 filter.${key} 必须是 {操作符: 值}`);
    }
    const entries = Object.entries(condition as Record<string, unknown>);
    const [first, ...rest] = entries;
    if (!first) throw badRequest(`过滤条件 filter.${key} 缺少操作符`);
    if (rest.length > 0) throw new ApiError(400, '100044', `过滤条件 filter.${key} 只能使用一个操作符`);
    const [op, value] = first;
    if (ref) predicates.push(refPredicate(key, op, value, ref));
    else if (date) predicates.push(rangePredicate(key, op, value, date, dateBounds));
    else if (num) predicates.push(rangePredicate(key, op, value, num, numberBounds));
    else if (text) predicates.push(textPredicate(key, op, value, text));
  }
  return (item) => predicates.every((p) => p(item));
}
