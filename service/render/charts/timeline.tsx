import type { VNode } from 'preact';
import type { IsoDate } from '../../domain/model';
import type { MilestoneSummary } from '../../domain/summary/types';
import type { Translator } from '../i18n/i18n';
import { healthWord } from '../plain-language';
import { healthShape } from './health-icon';
import { ACCENT, INK, LINE, MUTED, PAPER, TONES } from './palette';
import {
  anchorAt,
  axisDateFormatter,
  dayNumber,
  evenTicks,
  fitText,
  fromDayNumber,
  linear,
  monthTicks,
  r1,
  spacedLabels,
} from './scale';

export type ChartSize = 'wide' | 'compact';

export interface TimelineProps {
  t: Translator;
  milestones: MilestoneSummary[];
  /** The project's calendar date "now" (in its time zone): where the today line goes. */
  today: IsoDate;
  /** `wide` for desktop and print, `compact` for phones: same data, type stays readable at 360 px. */
  size: ChartSize;
  /** Prefix for the ids inside the SVG; derive it from data so output is deterministic. */
  id: string;
}

const GEOMETRY = {
  wide: { width: 700, padX: 10, ticks: 5, font: 14 },
  compact: { width: 340, padX: 6, ticks: 3, font: 13 },
} as const;

const TOP = 28;
const ROW = 54;

/** The planned date shown as struck: only when the milestone moved away from it. */
function slippedFrom(milestone: MilestoneSummary): IsoDate | null {
  return milestone.plannedDate && milestone.dueDate && milestone.plannedDate !== milestone.dueDate
    ? milestone.plannedDate
    : null;
}

/** A forecast worth drawing: not for finished milestones, and not when it is the due date itself. */
function shownForecast(milestone: MilestoneSummary): IsoDate | null {
  if (milestone.health === 'done' || !milestone.forecastDate) return null;
  return milestone.forecastDate === milestone.dueDate ? null : milestone.forecastDate;
}

/** One sentence per milestone, from the data: the chart's text alternative. */
export function timelineDescription(t: Translator, milestones: MilestoneSummary[]): string {
  if (milestones.length === 0) return t.t('page.milestones.empty');
  return milestones
    .map((milestone) => {
      const planned = slippedFrom(milestone);
      const forecast = shownForecast(milestone);
      return t.t('page.chart.timeline.item', {
        name: milestone.name,
        health: healthWord(t, milestone.health),
        due: milestone.dueDate ? t.date(milestone.dueDate) : 'none',
        planned: planned ? t.date(planned) : 'none',
        forecast: forecast ? t.date(forecast) : 'none',
      });
    })
    .join(' ');
}

/**
 * Milestones on one date axis, a row each: the span from start to due date, the current due date as the
 * health shape, the originally planned date struck with an arrow to the new date when it moved, the
 * forecast as a ring joined by a dashed line, and a "today" line.
 */
export function Timeline({ t, milestones, today, size, id }: TimelineProps): VNode {
  const title = t.t('page.chart.timeline.title');
  const description = timelineDescription(t, milestones);
  if (milestones.length === 0) return <p class="chart-empty">{description}</p>;

  const { width, padX, ticks, font } = GEOMETRY[size];
  const days: number[] = [dayNumber(today)];
  for (const m of milestones) {
    for (const date of [m.startDate, m.plannedDate, m.dueDate, m.forecastDate]) {
      if (date) days.push(dayNumber(date));
    }
  }
  const spanRaw = Math.max(...days) - Math.min(...days);
  const pad = spanRaw === 0 ? 7 : Math.max(2, Math.round(spanRaw * 0.04));
  const min = Math.min(...days) - pad;
  const max = Math.max(...days) + pad;
  const x = linear(min, max, padX, width - padX);
  const xOf = (date: IsoDate): number => r1(x(dayNumber(date)));

  const axisY = TOP + milestones.length * ROW + 2;
  const height = axisY + 24;
  // Long spans get month ticks ("Mar", "Apr"), which read faster than arbitrary days.
  const monthly = max - min >= 75;
  const axisTicks = monthly ? monthTicks(min, max, ticks + 1) : evenTicks(min + pad, max - pad, ticks);
  const formatAxis = axisDateFormatter(
    t.locale,
    max - min,
    monthly,
    fromDayNumber(min).slice(0, 4) !== fromDayNumber(max).slice(0, 4),
  );
  const arrowId = `${id}-arrow`;
  const todayX = xOf(today);
  const labelWidth = width - 2 * padX;

  const rows = milestones.map((m, index) => {
    const top = TOP + index * ROW;
    const cy = top + 36;
    const tone = TONES[m.health];
    const planned = slippedFrom(m);
    const forecast = shownForecast(m);
    const dueX = m.dueDate ? xOf(m.dueDate) : null;
    const startDate = m.startDate ?? planned ?? m.dueDate;
    const startX = startDate ? xOf(startDate) : null;
    return (
      <g key={m.id}>
        <text
          x={padX}
          y={top + 16}
          font-size={font}
          font-weight="600"
          fill={INK}
          stroke={PAPER}
          stroke-width="4"
          paint-order="stroke"
        >
          {fitText(m.name, labelWidth, font)}
        </text>
        {dueX === null ? (
          <text x={padX} y={cy + 4} font-size={font - 1} fill={MUTED}>
            {t.t('page.milestones.noDate')}
          </text>
        ) : (
          <g>
            {startX !== null && startX < dueX ? (
              <rect x={startX} y={cy - 4} width={r1(dueX - startX)} height="8" rx="4" fill={tone.soft} />
            ) : null}
            {forecast ? (
              <line
                x1={dueX}
                y1={cy}
                x2={xOf(forecast)}
                y2={cy}
                stroke={tone.solid}
                stroke-width="2"
                stroke-dasharray="3 3"
              />
            ) : null}
            {forecast ? (
              <circle cx={xOf(forecast)} cy={cy} r="5" fill={PAPER} stroke={tone.solid} stroke-width="2.5" />
            ) : null}
            {planned ? (
              <g>
                {Math.abs(dueX - xOf(planned)) > 14 ? (
                  <path
                    d={`M${xOf(planned)},${cy - 9} Q${r1((xOf(planned) + dueX) / 2)},${cy - 17} ${dueX},${cy - 10}`}
                    fill="none"
                    stroke={MUTED}
                    stroke-width="1.5"
                    marker-end={`url(#${arrowId})`}
                  />
                ) : null}
                <circle cx={xOf(planned)} cy={cy} r="4.5" fill={PAPER} stroke={MUTED} stroke-width="1.5" />
                <line
                  x1={r1(xOf(planned) - 6)}
                  y1={cy + 6}
                  x2={r1(xOf(planned) + 6)}
                  y2={cy - 6}
                  stroke={MUTED}
                  stroke-width="1.5"
                />
              </g>
            ) : null}
            {healthShape(m.health, dueX, cy, 6.5)}
          </g>
        )}
      </g>
    );
  });

  return (
    <svg
      class={`chart timeline timeline--${size}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <defs>
        <marker
          id={arrowId}
          viewBox="0 0 8 8"
          refX="6"
          refY="4"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L8,4 L0,8 z" fill={MUTED} />
        </marker>
      </defs>
      <line x1={padX} y1={axisY} x2={width - padX} y2={axisY} stroke={LINE} />
      {spacedLabels(
        axisTicks,
        (day) => r1(x(day)),
        (day) => formatAxis(fromDayNumber(day)),
        width,
        12,
      ).map((day) => {
        const tx = r1(x(day));
        const date = fromDayNumber(day);
        return (
          <g key={day}>
            <line x1={tx} y1={axisY} x2={tx} y2={axisY + 4} stroke={LINE} />
            <text x={tx} y={axisY + 17} font-size="12" fill={MUTED} text-anchor={anchorAt(tx, width)}>
              {formatAxis(date)}
            </text>
          </g>
        );
      })}
      <line
        x1={todayX}
        y1={TOP - 8}
        x2={todayX}
        y2={axisY}
        stroke={ACCENT}
        stroke-width="1.5"
        stroke-dasharray="4 3"
      />
      <text
        x={todayX}
        y={TOP - 12}
        font-size="12"
        font-weight="600"
        fill={ACCENT}
        text-anchor={anchorAt(todayX, width)}
      >
        {t.t('page.chart.today')}
      </text>
      {rows}
    </svg>
  );
}

/** The key under the timeline, in HTML so it wraps on narrow screens. */
export function TimelineLegend({ t }: { t: Translator }): VNode {
  return (
    <ul class="legend" aria-hidden="true">
      <li>
        <svg class="icon" width="16" height="16" viewBox="0 0 16 16" focusable="false">
          <circle cx="8" cy="8" r="4.5" fill={PAPER} stroke={MUTED} stroke-width="1.5" />
          <line x1="2" y1="14" x2="14" y2="2" stroke={MUTED} stroke-width="1.5" />
        </svg>
        {t.t('page.chart.timeline.planned')}
      </li>
      <li>
        <svg class="icon" width="16" height="16" viewBox="0 0 16 16" focusable="false">
          {healthShape('on_track', 8, 8, 6)}
        </svg>
        {t.t('page.chart.timeline.due')}
      </li>
      <li>
        <svg class="icon" width="16" height="16" viewBox="0 0 16 16" focusable="false">
          <circle cx="8" cy="8" r="5" fill={PAPER} stroke={TONES.on_track.solid} stroke-width="2.5" />
        </svg>
        {t.t('page.chart.timeline.forecast')}
      </li>
      <li>
        <svg class="icon" width="16" height="16" viewBox="0 0 16 16" focusable="false">
          <line x1="8" y1="0" x2="8" y2="16" stroke={ACCENT} stroke-width="1.5" stroke-dasharray="4 3" />
        </svg>
        {t.t('page.chart.today')}
      </li>
    </ul>
  );
}
