import type { z } from 'zod';
import type { SyncRunSchema } from '../../service/schemas/syncs';

export type Run = z.output<typeof SyncRunSchema>;

/** What the demo says about a running sync: one self-rewriting line on a terminal, short plain lines otherwise. */
export interface ProgressView {
  update(run: Run): void;
  /** Ends the rewritten line, if any. */
  end(): void;
}

const BAR_FULL = 20;
const BAR_MIN = 8;
/** Plain output prints a line when the percentage enters a new bucket of this size. */
const PLAIN_BUCKET = 25;

export function progressView(
  projectName: string,
  out: { write(text: string): unknown; isTTY?: boolean; columns?: number },
): ProgressView {
  let drawn = ''; // the line currently on screen (terminal mode)
  let lastKey = '';
  const notes = new Set<string>();
  const tty = out.isTTY === true;

  const note = ([key, text]: [string, string]) => {
    if (notes.has(key)) return;
    notes.add(key);
    if (tty && drawn) out.write(`\r\x1b[K${text}\n${drawn}`);
    else out.write(`${text}\n`);
  };

  return {
    update(run) {
      for (const text of runNotes(run)) note(text);
      if (tty) {
        const line = fit(projectName, run, (out.columns || 80) - 1);
        if (line !== drawn) out.write(`\r\x1b[K${line}`);
        drawn = line;
        return;
      }
      const key = `${run.progress.phase} ${Math.floor(percent(run) / PLAIN_BUCKET)}`;
      if (key === lastKey) return;
      lastKey = key;
      out.write(`${progressLine(projectName, run, BAR_FULL)}\n`);
    },
    end() {
      if (tty && drawn) out.write('\n');
      drawn = '';
    },
  };
}

/** The rate-limit wait and the retry reason, in plain words, each with the key that says it is news. */
function runNotes(run: Run): [string, string][] {
  const notes: [string, string][] = [];
  if (run.status !== 'running' && run.status !== 'queued') return notes;
  const { waitingUntil } = run.progress;
  const waitMs = waitingUntil ? Date.parse(waitingUntil) - Date.now() : 0;
  if (waitingUntil && waitMs > 0)
    notes.push([
      `wait ${waitingUntil}`,
      `PingCode asked us to slow down (rate limit); continuing in ${Math.ceil(waitMs / 1000)} s.`,
    ]);
  if (run.error) notes.push([`error ${run.error.message}`, run.error.message]);
  return notes;
}

function percent(run: Run): number {
  const { phase, done, total } = run.progress;
  if (phase === 'done') return 100;
  return total ? Math.min(100, Math.floor((done / total) * 100)) : 0;
}

type Head = 'full' | 'name' | 'none';

export function progressLine(projectName: string, run: Run, barWidth: number, head: Head = 'full'): string {
  const title =
    head === 'none' ? 'Syncing:' : `Syncing ${projectName}${head === 'full' ? ' from PingCode' : ''}:`;
  const { phase, done, total } = run.progress;
  if (phase === 'queued') return `${title} waiting for the sync worker…`;
  if (phase === 'milestones') return `${title} reading milestones…`;
  const count =
    total === null ? `${done} work items` : `${phase === 'done' ? total : done}/${total} work items`;
  const filled = Math.round((percent(run) / 100) * barWidth);
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]`;
  return `${title} ${bar}  ${count}${phase === 'finishing' ? ', finishing…' : ''}`;
}

/** The most telling variant that fits the terminal: a rewritten line that wraps can no longer be rewritten. */
function fit(projectName: string, run: Run, columns: number): string {
  const bars = [BAR_FULL, 16, 12, BAR_MIN];
  const variants: [Head, number][] = [
    ...bars.flatMap((bar): [Head, number][] => [
      ['full', bar],
      ['name', bar],
    ]),
    ...bars.map((bar): [Head, number] => ['none', bar]),
  ];
  for (const [head, bar] of variants) {
    const line = progressLine(projectName, run, bar, head);
    if (displayWidth(line) <= columns) return line;
  }
  let line = '';
  for (const char of progressLine(projectName, run, BAR_MIN, 'none')) {
    if (displayWidth(line + char) > columns - 1) return `${line}…`;
    line += char;
  }
  return line;
}

/** Terminal columns, counting CJK and full-width characters as two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}
