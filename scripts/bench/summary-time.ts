import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { formatDay, MS_PER_DAY } from '../../service/domain/summary/calendar';
import { summarize } from '../../service/domain/summary/summarize';
import type {
  SummaryInput,
  SummaryMilestoneInput,
  SummaryTaskInput,
} from '../../service/domain/summary/types';

/**
 * `tsx scripts/bench/summary-time.ts`: how long `summarize` takes for a large project. Targets from the
 * issue: 10 000 tasks < 50 ms and 100 000 tasks < 500 ms, i.e. 5 µs per task. Each figure is the median of
 * 5 runs after 1 warm-up, on a synthetic project shaped like a real one (see `syntheticInput`).
 */
const RUNS = 5;
const TARGET_MS_PER_TASK = 0.005;
const MILESTONES = 8;
const NOW = new Date('2026-03-10T04:00:00Z');
const SPAN_DAYS = 182;

export async function measureSummaryTime(
  taskCounts: number[] = [10_000, 100_000],
): Promise<{ tasks: number; ms: number }[]> {
  const results: { tasks: number; ms: number }[] = [];
  for (const tasks of taskCounts) {
    const input = syntheticInput(tasks);
    summarize(input); // warm-up
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const start = performance.now();
      summarize(input);
      times.push(performance.now() - start);
      // Let a pending GC or timer run between samples instead of inside the next one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    times.sort((a, b) => a - b);
    results.push({ tasks, ms: times[Math.floor(times.length / 2)] ?? Number.NaN });
  }
  return results;
}

/** A small deterministic PRNG (mulberry32), so every run measures the same project. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 8 consecutive milestones over 6 months in Shanghai (each moved once or twice; the older ones done), with
 * most tasks in one milestone (some in two, some in none), created, due and completed around their
 * milestone's dates: past milestones' work mostly done, the current one's mixed, later ones' mostly planned;
 * 3 % blocked, 70 % estimated, 10 % internal chores hidden from the client; a previous update a week old.
 */
export function syntheticInput(taskCount: number): SummaryInput {
  const next = random(taskCount);
  const pick = (n: number): number => Math.floor(next() * n);
  const nowMs = NOW.getTime();
  const start = nowMs - (SPAN_DAYS - 45) * MS_PER_DAY;
  const startDay = Math.floor(start / MS_PER_DAY);
  const today = Math.floor(nowMs / MS_PER_DAY);
  const length = Math.round(SPAN_DAYS / MILESTONES);
  const dueOf = (i: number): number => startDay + (i + 1) * length;

  const milestones: SummaryMilestoneInput[] = Array.from({ length: MILESTONES }, (_, i) => {
    const due = dueOf(i);
    const planned = due - 7 - pick(7);
    const moved = due - 3;
    const at = (offset: number): string => new Date(start + (i * length + offset) * MS_PER_DAY).toISOString();
    const done = due < today - 7;
    return {
      id: `m${i}`,
      name: `Release ${i + 1}`,
      kind: 'version',
      startDate: formatDay(due - length),
      dueDate: formatDay(due),
      dueHistory: [
        { from: null, to: formatDay(planned), at: at(0) },
        { from: formatDay(planned), to: formatDay(moved), at: at(5) },
        ...(i % 2 === 0 ? [{ from: formatDay(moved), to: formatDay(due), at: at(10) }] : []),
      ],
      status: done ? 'done' : 'in_progress',
      completedAt: done ? new Date((due + 1) * MS_PER_DAY) : null,
    };
  });

  const tasks: SummaryTaskInput[] = [];
  for (let i = 0; i < taskCount; i += 1) {
    const milestone = pick(MILESTONES);
    const where = next();
    const due = dueOf(milestone);
    const createdAt = new Date(Math.min(nowMs, (due - length - 14 + next() * (length + 14)) * MS_PER_DAY));
    // Past milestones: 90 % done; the one in progress: half; later ones: a tenth.
    const doneShare = due < today ? 0.9 : due - length <= today ? 0.5 : 0.1;
    const roll = next();
    const status =
      roll < 0.05
        ? 'cancelled'
        : roll < 0.05 + doneShare * 0.95
          ? 'done'
          : next() < 0.5
            ? 'in_progress'
            : 'planned';
    const finishBy = Math.min(nowMs, (due + 7) * MS_PER_DAY);
    const createdMs = createdAt.getTime();
    tasks.push({
      id: `t${i}`,
      title: `Work item ${i}`,
      type: next() < 0.1 ? 'chore' : 'story',
      labels: next() < 0.2 ? ['frontend'] : [],
      statusCategory: status,
      blocked: next() < 0.03,
      milestoneIds:
        where < 0.85
          ? [`m${milestone}`]
          : where < 0.9
            ? [`m${milestone}`, `m${(milestone + 1) % MILESTONES}`]
            : [],
      dueDate: next() < 0.8 ? formatDay(due - pick(length)) : null,
      completedAt:
        status === 'done' ? new Date(createdMs + next() * Math.max(0, finishBy - createdMs)) : null,
      estimate: next() < 0.7 ? 1 + pick(8) : null,
      createdAt,
    });
  }

  const base: SummaryInput = {
    project: { id: 'bench', name: 'Benchmark project' },
    source: 'PingCode',
    milestones,
    tasks,
    previous: null,
    sync: { lastSuccessAt: new Date(NOW.getTime() - 600_000), lastFailure: null },
    now: NOW,
    timezone: 'Asia/Shanghai',
    options: { hiddenTypes: ['chore'] },
  };
  const publishedAt = new Date(NOW.getTime() - 7 * MS_PER_DAY);
  return { ...base, previous: { publishedAt, summary: summarize({ ...base, now: publishedAt }) } };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { tasks, ms } of await measureSummaryTime()) {
    const target = tasks * TARGET_MS_PER_TASK;
    console.log(
      `summary of ${tasks} tasks: ${ms.toFixed(1)} ms (target < ${target} ms) ${ms < target ? 'OK' : 'MISSED'}`,
    );
  }
}
