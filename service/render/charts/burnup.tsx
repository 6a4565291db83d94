import type { VNode } from 'preact';
import type { BurnupPoint } from '../../domain/summary/types';
import type { Translator } from '../i18n/i18n';
import { ACCENT, GRID, LINE, MUTED, PAPER, TONES } from './palette';
import {
  anchorAt,
  axisDateFormatter,
  dayNumber,
  evenTicks,
  fromDayNumber,
  linear,
  niceMax,
  r1,
} from './scale';
import type { ChartSize } from './timeline';

export interface BurnupProps {
  t: Translator;
  points: BurnupPoint[];
  size: ChartSize;
  /** Prefix for the ids inside the SVG; derive it from data so output is deterministic. */
  id: string;
}

const GEOMETRY = {
  wide: { width: 720, height: 260, left: 44, right: 44, ticks: 5 },
  compact: { width: 340, height: 220, left: 34, right: 34, ticks: 3 },
} as const;
const TOP = 14;
const BOTTOM = 30;
const SCOPE = TONES.neutral.solid;
const DONE_FILL = TONES.done.soft;

/** "{done} of {scope} tasks done on {date}; scope grew by {n} since {start}." — the chart in one sentence. */
export function burnupSummary(t: Translator, points: BurnupPoint[]): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return t.t('page.chart.burnup.empty');
  const change = last.scope - first.scope;
  return t.t('page.chart.burnup.summary', {
    done: last.done,
    scope: last.scope,
    date: t.date(last.date),
    change: points.length < 2 ? 'none' : change > 0 ? 'grew' : change < 0 ? 'shrank' : 'same',
    n: Math.abs(change),
    start: t.date(first.date),
  });
}

/**
 * Burn-up: work done (filled, blue) rising towards the total scope (grey) over time. The gap between the
 * lines is the work left; a rising grey line is scope being added. With one point it draws dots.
 */
export function Burnup({ t, points, size, id }: BurnupProps): VNode {
  const description = burnupSummary(t, points);
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return <p class="chart-empty">{description}</p>;

  const { width, height, left, right, ticks } = GEOMETRY[size];
  const baseY = height - BOTTOM;
  const d0 = dayNumber(first.date);
  const d1 = dayNumber(last.date);
  const x = linear(d0, d1, left, width - right);
  const yMax = niceMax(Math.max(1, ...points.map((p) => Math.max(p.scope, p.done))));
  const y = linear(0, yMax, baseY, TOP);
  const xy = (p: BurnupPoint, value: number): string => `${r1(x(dayNumber(p.date)))},${r1(y(value))}`;
  const doneLine = points.map((p) => xy(p, p.done)).join(' ');
  const scopeLine = points.map((p) => xy(p, p.scope)).join(' ');
  const doneArea = `M${r1(x(d0))},${baseY} L${doneLine.replaceAll(' ', ' L')} L${r1(x(d1))},${baseY} Z`;
  const formatAxis = axisDateFormatter(t.locale, d1 - d0);

  // End labels: the latest figures beside the last point, pushed apart when the lines nearly meet.
  const endX = r1(x(d1));
  let doneY = y(last.done);
  let scopeY = y(last.scope);
  if (Math.abs(doneY - scopeY) < 14) {
    const mid = (doneY + scopeY) / 2;
    scopeY = mid - 7;
    doneY = mid + 7;
  }

  return (
    <svg
      class={`chart burnup burnup--${size}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
    >
      <title id={`${id}-title`}>{t.t('page.chart.burnup.title')}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {evenTicks(0, yMax, 3).map((value) => (
        <g key={`y${value}`}>
          <line
            x1={left}
            y1={r1(y(value))}
            x2={width - right}
            y2={r1(y(value))}
            stroke={value === 0 ? LINE : GRID}
          />
          <text x={left - 8} y={r1(y(value) + 4)} font-size="12" fill={MUTED} text-anchor="end">
            {t.t('page.chart.number', { value })}
          </text>
        </g>
      ))}
      {(points.length > 1 ? evenTicks(d0, d1, ticks) : [d0]).map((day) => {
        const tx = r1(x(day));
        return (
          <g key={`x${day}`}>
            <line x1={tx} y1={baseY} x2={tx} y2={baseY + 4} stroke={LINE} />
            <text x={tx} y={baseY + 18} font-size="12" fill={MUTED} text-anchor={anchorAt(tx, width, 30)}>
              {formatAxis(fromDayNumber(day))}
            </text>
          </g>
        );
      })}
      {points.length > 1 ? (
        <g>
          <path d={doneArea} fill={DONE_FILL} />
          <polyline
            points={scopeLine}
            fill="none"
            stroke={SCOPE}
            stroke-width="2"
            stroke-dasharray="6 4"
            stroke-linejoin="round"
          />
          <polyline
            points={doneLine}
            fill="none"
            stroke={ACCENT}
            stroke-width="2.5"
            stroke-linejoin="round"
          />
        </g>
      ) : null}
      <circle cx={endX} cy={r1(y(last.scope))} r="3.5" fill={PAPER} stroke={SCOPE} stroke-width="2" />
      <circle cx={endX} cy={r1(y(last.done))} r="4" fill={ACCENT} stroke={PAPER} stroke-width="1.5" />
      <text x={endX + 8} y={r1(scopeY + 4)} font-size="12" font-weight="600" fill={MUTED}>
        {t.t('page.chart.number', { value: last.scope })}
      </text>
      <text x={endX + 8} y={r1(doneY + 4)} font-size="12" font-weight="600" fill={ACCENT}>
        {t.t('page.chart.number', { value: last.done })}
      </text>
    </svg>
  );
}

/** The key under the chart, in HTML so it wraps on narrow screens. */
export function BurnupLegend({ t }: { t: Translator }): VNode {
  return (
    <ul class="legend" aria-hidden="true">
      <li>
        <svg class="icon" width="22" height="10" viewBox="0 0 22 10" focusable="false">
          <rect x="0" y="0" width="22" height="10" rx="2" fill={DONE_FILL} />
          <line x1="0" y1="3" x2="22" y2="3" stroke={ACCENT} stroke-width="2.5" />
        </svg>
        {t.t('page.chart.burnup.done')}
      </li>
      <li>
        <svg class="icon" width="22" height="10" viewBox="0 0 22 10" focusable="false">
          <line x1="0" y1="5" x2="22" y2="5" stroke={SCOPE} stroke-width="2" stroke-dasharray="6 4" />
        </svg>
        {t.t('page.chart.burnup.scope')}
      </li>
    </ul>
  );
}
