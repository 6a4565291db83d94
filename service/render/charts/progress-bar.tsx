import type { VNode } from 'preact';
import type { Progress } from '../../domain/summary/types';
import type { Translator } from '../i18n/i18n';
import { progressText } from '../plain-language';
import { TONES, TRACK, type Tone } from './palette';
import { r1 } from './scale';

export interface ProgressBarProps {
  t: Translator;
  progress: Progress;
  tone: Tone;
  /** What the ratio measures: task count (default) or estimated effort. */
  measure?: 'count' | 'estimate';
  size?: 'large' | 'small';
  /** Show the figure as text under the bar (off where the page already prints it beside the bar). */
  caption?: boolean;
}

/** The sentence that describes a progress figure; the bar's accessible name and its visible caption. */
export function progressLabel(t: Translator, progress: Progress, measure: 'count' | 'estimate'): string {
  if (progress.total <= 0) return progressText(t, progress);
  const percent = t.percent(progress.ratio);
  return measure === 'estimate'
    ? t.t('page.chart.progress.estimate', { percent })
    : t.t('page.chart.progress.count', { percent, progress: progressText(t, progress) });
}

/**
 * A horizontal bar (SVG, no inline style so it passes a nonce-only CSP) with its figure as text beside it.
 * The bar stretches to its container; the rounded ends come from the page's style block.
 */
export function ProgressBar({
  t,
  progress,
  tone,
  measure = 'count',
  size = 'large',
  caption = true,
}: ProgressBarProps): VNode {
  const text = progressLabel(t, progress, measure);
  const ratio = progress.total > 0 ? Math.min(1, Math.max(0, progress.ratio)) : 0;
  // A sliver stays visible for "some done" so 1 of 400 does not look like nothing.
  const width = ratio > 0 ? Math.max(1.5, r1(ratio * 100)) : 0;
  return (
    <div class={`progress progress--${size}`}>
      <svg
        class="progress__bar"
        role="img"
        aria-label={text}
        viewBox="0 0 100 10"
        preserveAspectRatio="none"
        width="100%"
        height={size === 'large' ? 14 : 8}
      >
        <title>{text}</title>
        <rect width="100" height="10" fill={TRACK} />
        {width > 0 ? <rect width={width} height="10" fill={TONES[tone].solid} /> : null}
      </svg>
      {caption ? (
        <p class="progress__text" aria-hidden="true">
          {text}
        </p>
      ) : null}
    </div>
  );
}
