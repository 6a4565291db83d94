/**
 * Renders the share page for a realistic sample project in every language, to look at:
 *   npx tsx scripts/render-sample.tsx   →   test-results/sample-<locale>.html (+ -detailed)
 * The same fixture feeds test/unit/render-share-page.test.tsx, so what you look at is what is tested.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { LOCALES, type Locale } from '../service/domain/model';
import type { BurnupPoint, MilestoneSummary, Summary, TaskRef } from '../service/domain/summary/types';
import type { DetailLevel, UpdateContent } from '../service/domain/update';
import { coreMessages } from '../service/render/i18n/core.messages';
import { createTranslator } from '../service/render/i18n/i18n';
import { pageMessages } from '../service/render/page.messages';
import { renderSharePage, type SharePageProps } from '../service/render/pages/share-page';

export const SAMPLE_TIME_ZONE = 'Europe/Paris';

const task = (
  id: string,
  title: string,
  status: TaskRef['status'],
  extra: Partial<TaskRef> = {},
): TaskRef => ({
  id,
  title,
  status,
  blocked: false,
  dueDate: null,
  completedAt: status === 'done' ? '2026-03-05T15:00:00.000Z' : null,
  ...extra,
});

function milestone(
  fields: Partial<MilestoneSummary> & Pick<MilestoneSummary, 'id' | 'name'>,
): MilestoneSummary {
  return {
    kind: 'milestone',
    startDate: null,
    dueDate: null,
    plannedDate: fields.dueDate ?? null,
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

const progress = (done: number, total: number) => ({ done, total, ratio: total === 0 ? 0 : done / total });

/** Daily points: scope grows in steps as work is added, done climbs with a realistic weekly rhythm. */
function sampleBurnup(): BurnupPoint[] {
  const points: BurnupPoint[] = [];
  const start = Date.UTC(2026, 0, 12);
  for (let day = 0; day <= 57; day += 1) {
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    const scope = 44 + (day >= 14 ? 4 : 0) + (day >= 36 ? 3 : 0) + (day >= 52 ? 3 : 0);
    // Nothing gets done at weekends (2026-01-12 is a Monday).
    const weekend = day % 7 >= 5;
    const previous = points.at(-1)?.done ?? 0;
    points.push({ date, done: weekend ? previous : Math.round(29 * (day / 57) ** 1.15), scope });
  }
  return points;
}

/** A freshly built summary each call, so a test can change it without touching the others. */
export function sampleSummary(): Summary {
  return {
    version: 1,
    generatedAt: '2026-03-10T09:30:00.000Z',
    validUntil: '2026-03-11T00:00:00.000Z',
    project: { id: 'p1', name: 'Northwind customer portal' },
    overall: {
      byCount: progress(29, 54),
      byEstimate: progress(118, 210),
      remaining: 25,
      blocked: 2,
      overdue: 1,
      health: 'at_risk',
    },
    milestones: [
      milestone({
        id: 'm1',
        name: 'Discovery and design',
        kind: 'phase',
        startDate: '2026-01-12',
        dueDate: '2026-02-13',
        health: 'done',
        progress: progress(8, 8),
        completedAt: '2026-02-12T16:00:00.000Z',
        tasks: [
          task('t1', 'Interview five customers about how they pay today', 'done'),
          task('t2', 'Clickable prototype of the account pages', 'done'),
        ],
      }),
      milestone({
        id: 'm2',
        name: 'Customer accounts',
        kind: 'version',
        startDate: '2026-02-02',
        dueDate: '2026-03-20',
        forecastDate: '2026-03-18',
        forecastMethod: 'throughput',
        health: 'on_track',
        progress: progress(14, 20),
        tasks: [
          task('t3', 'Sign up with email or phone number', 'done'),
          task('t4', 'Password reset by email and text message', 'done'),
          task('t5', 'Account settings page', 'in_progress'),
          task('t6', 'Delete my account', 'planned'),
        ],
      }),
      milestone({
        id: 'm3',
        name: 'Online payments',
        startDate: '2026-02-23',
        dueDate: '2026-04-17',
        plannedDate: '2026-04-03',
        forecastDate: '2026-04-24',
        forecastMethod: 'throughput',
        health: 'at_risk',
        progress: progress(6, 18),
        slips: [
          {
            milestoneId: 'm3',
            milestoneName: 'Online payments',
            from: '2026-04-03',
            to: '2026-04-17',
            at: '2026-03-06T11:00:00.000Z',
            days: 14,
          },
        ],
        tasks: [
          task('t7', 'Pay an invoice by card', 'in_progress'),
          task('t8', 'Connect the payment provider', 'in_progress', { blocked: true }),
          task('t9', 'Save a card for next time', 'planned'),
          task('t10', 'Payment receipts by email', 'done'),
        ],
      }),
      milestone({
        id: 'm4',
        name: 'Launch',
        dueDate: '2026-05-08',
        health: 'on_track',
        progress: progress(0, 6),
        tasks: [task('t11', 'Move existing customers to the new portal', 'planned')],
      }),
    ],
    unplanned: [task('t12', 'Update the help page', 'in_progress')],
    changes: {
      since: '2026-03-03T10:00:00.000Z',
      completed: [
        task('t4', 'Password reset by email and text message', 'done'),
        task('t10', 'Payment receipts by email', 'done'),
        task('t3', 'Sign up with email or phone number', 'done'),
      ],
      added: [task('t9', 'Save a card for next time', 'planned')],
      slips: [
        {
          milestoneId: 'm3',
          milestoneName: 'Online payments',
          from: '2026-04-03',
          to: '2026-04-17',
          at: '2026-03-06T11:00:00.000Z',
          days: 14,
        },
      ],
    },
    risks: [
      {
        kind: 'forecast_past_due',
        milestoneId: 'm3',
        dueDate: '2026-04-17',
        forecastDate: '2026-04-24',
        days: 7,
      },
      { kind: 'blocked_work', count: 1, milestoneId: 'm3', taskIds: ['t8'] },
    ],
    freshness: { source: 'PingCode', syncedAt: '2026-03-10T09:12:00.000Z', stale: false, reason: null },
    burnup: sampleBurnup(),
  };
}

export function sampleUpdate(): { content: UpdateContent; publishedAt: string } {
  return {
    publishedAt: '2026-03-10T08:00:00.000Z',
    content: {
      headline: 'Customer accounts are on schedule; online payments need one more week.',
      highlights: [
        'Sign-up and login are finished and tested on phones and computers.',
        'Password reset now works by email and by text message.',
        'The payment provider approved our test account.',
      ],
      risks: [
        {
          problem: 'The payment provider is taking longer than expected to approve live payments.',
          impact: 'Online payments could be ready about a week later than planned.',
          mitigation:
            'We are finishing everything around payments now, so only the final connection waits for the approval.',
          decision: {
            question: 'Should we launch without saved cards and add them in the first update after launch?',
            by: '2026-03-17',
          },
        },
        {
          problem: 'Two screens still wait for the final wording from your marketing team.',
          impact: 'No delay yet; it would affect the launch date after March 27.',
          mitigation: 'We use draft wording so the work can continue.',
          decision: null,
        },
      ],
      nextSteps: [
        'Finish the account settings page.',
        'Connect the payment provider in the test environment.',
        'Plan a testing session with your team for the week of March 23.',
      ],
    },
  };
}

export function sampleHistory(): SharePageProps['history'] {
  return [
    {
      id: 'u3',
      headline: 'Sign-up works end to end; payments design approved.',
      publishedAt: '2026-03-03T08:00:00.000Z',
    },
    { id: 'u2', headline: 'Design phase finished a day early.', publishedAt: '2026-02-24T08:00:00.000Z' },
    {
      id: 'u1',
      headline: 'Kick-off: the plan, the team and the first dates.',
      publishedAt: '2026-02-17T08:00:00.000Z',
    },
  ];
}

export function sampleProps(locale: Locale, detail: DetailLevel = 'overview'): SharePageProps {
  return {
    t: createTranslator(locale, coreMessages, pageMessages),
    summary: sampleSummary(),
    update: sampleUpdate(),
    history: sampleHistory(),
    detail,
    timeZone: SAMPLE_TIME_ZONE,
    languages: LOCALES.map((l) => ({ locale: l, href: `?lang=${l}`, current: l === locale })),
    label: 'Northwind steering group',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync('test-results', { recursive: true });
  for (const locale of LOCALES) {
    writeFileSync(`test-results/sample-${locale}.html`, renderSharePage(sampleProps(locale)));
    writeFileSync(
      `test-results/sample-${locale}-detailed.html`,
      renderSharePage(sampleProps(locale, 'detailed')),
    );
    console.log(`test-results/sample-${locale}.html`);
  }
}
