import { spacedLabels } from '../../service/render/charts/scale';
import { render } from 'preact-render-to-string';
import { describe, expect, test } from 'vitest';
import type { BurnupPoint, MilestoneSummary } from '../../service/domain/summary/types';
import { Burnup, burnupSummary } from '../../service/render/charts/burnup';
import { HealthIcon } from '../../service/render/charts/health-icon';
import { ProgressBar } from '../../service/render/charts/progress-bar';
import { anchorAt, evenTicks, fitText, linear, niceMax } from '../../service/render/charts/scale';
import { Timeline, timelineDescription } from '../../service/render/charts/timeline';
import { coreMessages } from '../../service/render/i18n/core.messages';
import { createTranslator } from '../../service/render/i18n/i18n';
import { pageMessages } from '../../service/render/page.messages';

const t = createTranslator('en', coreMessages, pageMessages);
const zh = createTranslator('zh-CN', coreMessages, pageMessages);

/** Every number drawn is a number: no NaN or Infinity from an empty or zero-width domain. */
function expectFiniteGeometry(svg: string): void {
  expect(svg).not.toMatch(/NaN|Infinity|undefined/);
}

const descOf = (svg: string): string => /<desc[^>]*>([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';

function milestone(fields: Partial<MilestoneSummary> & { id: string }): MilestoneSummary {
  return {
    name: `Milestone ${fields.id}`,
    kind: 'milestone',
    startDate: null,
    dueDate: null,
    plannedDate: null,
    forecastDate: null,
    forecastMethod: 'none',
    health: 'on_track',
    progress: { done: 0, total: 0, ratio: 0 },
    byEstimate: null,
    slips: [],
    completedAt: null,
    tasks: [],
    ...fields,
  };
}

function points(count: number, start = Date.UTC(2026, 0, 1)): BurnupPoint[] {
  return Array.from({ length: count }, (_, i) => ({
    date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    done: Math.floor(i / 3),
    scope: 40 + Math.floor(i / 10),
  }));
}

describe('ProgressBar', () => {
  test.each([
    { done: 0, total: 0, label: 'No tasks planned yet', bars: 1 },
    { done: 0, total: 8, label: '0% · 0 of 8 tasks done', bars: 1 },
    { done: 1, total: 400, label: '0% · 1 of 400 tasks done', bars: 2 },
    { done: 5, total: 10, label: '50% · 5 of 10 tasks done', bars: 2 },
    { done: 12, total: 12, label: '100% · 12 of 12 tasks done', bars: 2 },
  ])('$done of $total', ({ done, total, label, bars }) => {
    const svg = render(
      <ProgressBar t={t} progress={{ done, total, ratio: total ? done / total : 0 }} tone="on_track" />,
    );
    expect(svg).toContain(`role="img" aria-label="${label}"`);
    expect(svg).toContain(`<title>${label}</title>`);
    expect(svg).toContain(`<p class="progress__text" aria-hidden="true">${label}</p>`);
    expect(svg.match(/<rect/g)).toHaveLength(bars);
    expectFiniteGeometry(svg);
  });

  test('a little done stays visible; the bar never overflows', () => {
    const sliver = render(
      <ProgressBar t={t} progress={{ done: 1, total: 400, ratio: 1 / 400 }} tone="late" />,
    );
    expect(sliver).toContain('<rect width="1.5" height="10" fill="#cf222e">');
    const over = render(<ProgressBar t={t} progress={{ done: 3, total: 2, ratio: 1.5 }} tone="done" />);
    expect(over).toContain('<rect width="100" height="10" fill="#0969da">');
  });

  test('by estimate', () => {
    const svg = render(
      <ProgressBar
        t={t}
        progress={{ done: 30, total: 120, ratio: 0.25 }}
        tone="neutral"
        measure="estimate"
        size="small"
      />,
    );
    expect(svg).toContain('aria-label="25% of the estimated effort done"');
    expect(svg).toContain('progress--small');
  });
});

describe('HealthIcon', () => {
  test('a different shape per health, hidden from assistive tech', () => {
    const shapes = (['done', 'on_track', 'at_risk', 'late'] as const).map((health) =>
      render(<HealthIcon health={health} />).replace(/fill="#[0-9a-f]+"|stroke="#[0-9a-f]+"/g, ''),
    );
    expect(new Set(shapes).size).toBe(4);
    for (const shape of shapes) expect(shape).toContain('aria-hidden="true"');
  });
});

describe('Timeline', () => {
  const many = [
    milestone({
      id: 'a',
      name: 'Design',
      startDate: '2026-01-05',
      dueDate: '2026-02-01',
      health: 'done',
      completedAt: '2026-01-30T10:00:00Z',
    }),
    milestone({
      id: 'b',
      name: 'Accounts',
      startDate: '2026-02-01',
      dueDate: '2026-03-20',
      plannedDate: '2026-03-20',
      forecastDate: '2026-03-25',
      forecastMethod: 'throughput',
      health: 'at_risk',
    }),
    milestone({
      id: 'c',
      name: 'Payments',
      dueDate: '2026-04-17',
      plannedDate: '2026-04-03',
      forecastDate: '2026-05-01',
      forecastMethod: 'elapsed',
      health: 'late',
    }),
    milestone({ id: 'd', name: 'Launch' }),
  ];

  test('no milestones: a sentence, no chart', () => {
    const html = render(<Timeline t={t} milestones={[]} today="2026-03-10" size="wide" id="tl" />);
    expect(html).toBe('<p class="chart-empty">No milestones are planned yet.</p>');
  });

  test('one milestone without any date', () => {
    const svg = render(
      <Timeline
        t={t}
        milestones={[milestone({ id: 'x', name: 'Someday' })]}
        today="2026-03-10"
        size="compact"
        id="tl"
      />,
    );
    expect(svg).toContain('No date yet');
    expect(descOf(svg)).toBe('Someday: On track, no due date yet.');
    expectFiniteGeometry(svg);
  });

  test('one milestone due today (a zero-width date range)', () => {
    const svg = render(
      <Timeline
        t={t}
        milestones={[milestone({ id: 'x', dueDate: '2026-03-10' })]}
        today="2026-03-10"
        size="wide"
        id="tl"
      />,
    );
    expectFiniteGeometry(svg);
    expect(svg).toContain('Today');
  });

  test('many milestones: every date in the text alternative; slips, forecasts and today drawn', () => {
    const svg = render(<Timeline t={t} milestones={many} today="2026-03-10" size="wide" id="tl-wide" />);
    expectFiniteGeometry(svg);
    expect(svg).toContain('role="img" aria-labelledby="tl-wide-title tl-wide-desc"');
    expect(svg).toContain('<title id="tl-wide-title">Milestone timeline</title>');
    expect(descOf(svg)).toBe(
      [
        'Design: Delivered, due Feb 1, 2026.',
        'Accounts: At risk, due Mar 20, 2026, forecast Mar 25, 2026.',
        'Payments: Late, due Apr 17, 2026, originally planned for Apr 3, 2026, forecast May 1, 2026.',
        'Launch: On track, no due date yet.',
      ].join(' '),
    );
    // The slip arrow points at the marker defined in this chart, ids derived from the given prefix.
    expect(svg).toContain('<marker id="tl-wide-arrow"');
    expect(svg.match(/marker-end="url\(#tl-wide-arrow\)"/g)).toHaveLength(1);
    // Two forecasts (dashed line + ring), one per milestone that has a different forecast.
    expect(svg.match(/stroke-dasharray="3 3"/g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="4 3"');
    expect(timelineDescription(t, many)).toBe(descOf(svg));
  });

  test('compact layout shortens long names to fit', () => {
    const long = milestone({
      id: 'l',
      name: 'A very long milestone name that would never fit on a narrow phone screen',
      dueDate: '2026-04-01',
    });
    const svg = render(<Timeline t={t} milestones={[long]} today="2026-03-10" size="compact" id="tl" />);
    expect(svg).toMatch(/>A very long milestone name[^<]*…<\/text>/);
    expect(descOf(svg)).toContain(long.name);
  });

  test('deterministic, and translated', () => {
    const a = render(<Timeline t={zh} milestones={many} today="2026-03-10" size="compact" id="tl" />);
    const b = render(
      <Timeline t={zh} milestones={structuredClone(many)} today="2026-03-10" size="compact" id="tl" />,
    );
    expect(a).toBe(b);
    expect(descOf(a)).toContain(
      'Payments：已延期，截止日期为2026年4月17日（原计划2026年4月3日），预计2026年5月1日完成。',
    );
    expect(a).toContain('今天');
  });
});

describe('Burnup', () => {
  test('no points: a sentence, no chart', () => {
    expect(render(<Burnup t={t} points={[]} size="wide" id="bu" />)).toBe(
      '<p class="chart-empty">There is not enough history yet to draw this chart.</p>',
    );
  });

  test('a single point: dots, no lines, the figures in words', () => {
    const svg = render(
      <Burnup t={t} points={[{ date: '2026-03-01', done: 3, scope: 10 }]} size="compact" id="bu" />,
    );
    expectFiniteGeometry(svg);
    expect(svg).not.toContain('<polyline');
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(descOf(svg)).toBe('3 of 10 tasks done on Mar 1, 2026.');
  });

  test('many points: lines, a few axis dates, the text alternative with the numbers', () => {
    const data = points(120);
    const svg = render(<Burnup t={t} points={data} size="wide" id="bu-wide" />);
    expectFiniteGeometry(svg);
    expect(svg).toContain('aria-labelledby="bu-wide-title bu-wide-desc"');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(descOf(svg)).toBe('39 of 51 tasks done on Apr 30, 2026; the total grew by 11 since Jan 1, 2026.');
    const axisDates = svg.match(/>(Jan|Feb|Mar|Apr|May) \d+</g) ?? [];
    expect(axisDates.length).toBeGreaterThanOrEqual(3);
    expect(axisDates.length).toBeLessThanOrEqual(5);
  });

  test.each([
    {
      scope: [10, 14],
      expected: '5 of 14 tasks done on Mar 2, 2026; the total grew by 4 since Mar 1, 2026.',
    },
    {
      scope: [14, 10],
      expected: '5 of 10 tasks done on Mar 2, 2026; the total went down by 4 since Mar 1, 2026.',
    },
    {
      scope: [10, 10],
      expected: '5 of 10 tasks done on Mar 2, 2026; the total is unchanged since Mar 1, 2026.',
    },
  ])('scope $scope', ({ scope, expected }) => {
    const data = [
      { date: '2026-03-01', done: 2, scope: scope[0]! },
      { date: '2026-03-02', done: 5, scope: scope[1]! },
    ];
    expect(burnupSummary(t, data)).toBe(expected);
  });

  test('zero everywhere does not divide by zero', () => {
    const svg = render(
      <Burnup t={t} points={points(3).map((p) => ({ ...p, done: 0, scope: 0 }))} size="wide" id="bu" />,
    );
    expectFiniteGeometry(svg);
    expect(descOf(svg)).toBe('0 of 0 tasks done on Jan 3, 2026; the total is unchanged since Jan 1, 2026.');
  });

  test('deterministic', () => {
    const data = points(60);
    expect(render(<Burnup t={t} points={data} size="compact" id="bu" />)).toBe(
      render(<Burnup t={t} points={structuredClone(data)} size="compact" id="bu" />),
    );
  });
});

describe('scale helpers', () => {
  test.each([
    [0, 1],
    [1, 1],
    [7, 8],
    [43, 50],
    [54, 60],
    [101, 120],
    [180, 200],
    [999, 1000],
  ])('niceMax(%i) = %i', (value, expected) => {
    expect(niceMax(value)).toBe(expected);
  });

  test('evenTicks includes both ends and no duplicates', () => {
    expect(evenTicks(0, 100, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(evenTicks(0, 2, 5)).toEqual([0, 1, 2]);
    expect(evenTicks(5, 5, 3)).toEqual([5]);
  });

  test('linear maps a zero-width domain to the middle', () => {
    expect(linear(3, 3, 0, 100)(3)).toBe(50);
    expect(linear(0, 10, 0, 100)(5)).toBe(50);
  });

  test('fitText counts CJK as wide', () => {
    expect(fitText('Short', 200, 13)).toBe('Short');
    expect(fitText('在线支付功能上线与全部老客户迁移到新门户', 130, 13)).toBe('在线支付功能上线与…');
  });

  test('anchorAt keeps edge labels inside', () => {
    expect([anchorAt(5, 300), anchorAt(150, 300), anchorAt(295, 300)]).toEqual(['start', 'middle', 'end']);
  });
});

describe('axis labels', () => {
  test.each([
    ['Latin labels near the right edge', ['nov. 2026', 'déc. 2026', 'janv. 2027'], [40, 260, 330], 2],
    ['CJK labels are wider per character', ['2026年11月', '2026年12月', '2027年1月'], [40, 250, 330], 2],
    ['well spaced labels all stay', ['Feb', 'Mar', 'Apr'], [40, 170, 300], 3],
  ])('%s', (_label, labels, xs, kept) => {
    const ticks = [0, 1, 2];
    const shown = spacedLabels(
      ticks,
      (i) => xs[i]!,
      (i) => labels[i]!,
      340,
      12,
    );
    expect(shown).toHaveLength(kept);
    expect(shown[0]).toBe(0);
  });
});
