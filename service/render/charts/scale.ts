import type { IsoDate } from '../../domain/model';

/** Small, deterministic helpers shared by the charts: dates as day numbers, linear scales, ids, text fitting. */

const DAY_MS = 86_400_000;

export function dayNumber(date: IsoDate): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linear(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** `count` values spread evenly from min to max (both included), rounded, without duplicates. */
export function evenTicks(min: number, max: number, count: number): number[] {
  if (max <= min || count < 2) return [min];
  const ticks: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const value = Math.round(min + ((max - min) * i) / (count - 1));
    if (ticks.at(-1) !== value) ticks.push(value);
  }
  return ticks;
}

/** A round upper bound for a count axis: 0 → 1, 7 → 8, 43 → 50, 180 → 200. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const candidate = step * magnitude;
    if (candidate >= value) return Math.round(candidate);
  }
  return 10 * magnitude;
}

/** Coordinates with one decimal: compact markup and byte-identical output across runs. */
export function r1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Rough width of a text in ems: CJK and other wide characters take a full em, the rest about 0.58. */
function emWidth(char: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
    char,
  )
    ? 1
    : 0.58;
}

/** Shortens a label with an ellipsis so it fits `maxWidth` user units at `fontSize`. */
export function fitText(text: string, maxWidth: number, fontSize: number): string {
  const limit = maxWidth / fontSize;
  let width = 0;
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += 1) {
    width += emWidth(chars[i] ?? '');
    if (width > limit) return `${chars.slice(0, Math.max(1, i - 1)).join('')}…`;
  }
  return text;
}

/**
 * Axis labels. Month ticks read as "Mar" (with the year when the axis spans more than one); other ticks as
 * day and month for spans under ~9 months, month and year beyond.
 */
export function axisDateFormatter(
  locale: string,
  spanDays: number,
  monthly = false,
  crossesYear = false,
): (date: IsoDate) => string {
  const options: Intl.DateTimeFormatOptions = monthly
    ? crossesYear || spanDays > 270
      ? { month: 'short', year: 'numeric' }
      : { month: 'short' }
    : spanDays > 270
      ? { month: 'short', year: 'numeric' }
      : { month: 'short', day: 'numeric' };
  const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
  return (date) => format.format(new Date(`${date}T00:00:00Z`));
}

/** The first day of each month in [min, max] (day numbers), every n-th so that at most `count` remain. */
export function monthTicks(min: number, max: number, count: number): number[] {
  const start = new Date(min * DAY_MS);
  const year = start.getUTCFullYear();
  let month = start.getUTCMonth() + (start.getUTCDate() === 1 ? 0 : 1);
  const all: number[] = [];
  for (let day = Date.UTC(year, month, 1) / DAY_MS; day <= max; day = Date.UTC(year, month, 1) / DAY_MS) {
    all.push(day);
    month += 1;
  }
  const step = Math.max(1, Math.ceil(all.length / Math.max(1, count)));
  return all.filter((_, index) => index % step === 0);
}

/** Centres a label on x, except near the edges where it would be cut off. */
export function anchorAt(x: number, width: number, margin = 40): 'start' | 'middle' | 'end' {
  if (x < margin) return 'start';
  if (x > width - margin) return 'end';
  return 'middle';
}

/** Rough width of a label in px: CJK characters are about one em, others about 0.6 em. */
export function labelWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const char of text) em += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(char) ? 1 : 0.6;
  return em * fontSize;
}

/** Keeps the axis labels that fit without touching the one before (anchoring as `anchorAt` does). */
export function spacedLabels<T>(
  ticks: readonly T[],
  position: (tick: T) => number,
  label: (tick: T) => string,
  width: number,
  fontSize: number,
  gap = 8,
): T[] {
  const kept: T[] = [];
  let lastEnd = -Infinity;
  for (const tick of ticks) {
    const x = position(tick);
    const w = labelWidth(label(tick), fontSize);
    const anchor = anchorAt(x, width);
    const start = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
    if (start < lastEnd + gap) continue;
    kept.push(tick);
    lastEnd = start + w;
  }
  return kept;
}
