import type { VNode } from 'preact';
import type { Health } from '../../domain/summary/types';
import { PAPER, TONES } from './palette';

/**
 * A distinct shape per health so it never relies on colour alone: done ✓ in a circle, on track a plain
 * circle, at risk a triangle with "!", late a diamond with "!". `r` is the half-size of the shape.
 */
export function healthShape(health: Health, cx: number, cy: number, r: number): VNode {
  const fill = TONES[health].solid;
  const mark = Math.max(1, r * 0.24);
  const bang = (top: number, bottom: number, dot: number): VNode => (
    <g stroke={PAPER} stroke-width={mark} stroke-linecap="round">
      <line x1={cx} y1={cy + top} x2={cx} y2={cy + bottom} />
      <line x1={cx} y1={cy + dot} x2={cx} y2={cy + dot + 0.01} />
    </g>
  );
  switch (health) {
    case 'done':
      return (
        <g>
          <circle cx={cx} cy={cy} r={r} fill={fill} />
          <polyline
            points={`${cx - r * 0.45},${cy + r * 0.02} ${cx - r * 0.1},${cy + r * 0.38} ${cx + r * 0.5},${cy - r * 0.35}`}
            fill="none"
            stroke={PAPER}
            stroke-width={mark}
            stroke-linecap="round"
            stroke-linejoin="round"
          />
        </g>
      );
    case 'on_track':
      return (
        <g>
          <circle cx={cx} cy={cy} r={r} fill={fill} />
          <circle cx={cx} cy={cy} r={r * 0.38} fill={PAPER} />
        </g>
      );
    case 'at_risk':
      return (
        <g>
          <polygon
            points={`${cx},${cy - r} ${cx + r * 1.08},${cy + r * 0.85} ${cx - r * 1.08},${cy + r * 0.85}`}
            fill={fill}
            stroke={fill}
            stroke-width={r * 0.18}
            stroke-linejoin="round"
          />
          {bang(-r * 0.35, r * 0.2, r * 0.52)}
        </g>
      );
    case 'late':
      return (
        <g>
          <polygon
            points={`${cx},${cy - r * 1.1} ${cx + r * 1.1},${cy} ${cx},${cy + r * 1.1} ${cx - r * 1.1},${cy}`}
            fill={fill}
            stroke={fill}
            stroke-width={r * 0.18}
            stroke-linejoin="round"
          />
          {bang(-r * 0.5, r * 0.12, r * 0.45)}
        </g>
      );
  }
}

/** The shape as a small inline icon; decorative, since the health word always sits beside it. */
export function HealthIcon({ health, size = 16 }: { health: Health; size?: number }): VNode {
  return (
    <svg class="icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {healthShape(health, 8, 8, 6.5)}
    </svg>
  );
}
