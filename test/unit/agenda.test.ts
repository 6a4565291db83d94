import { describe, expect, test } from 'vitest';
import {
  AGENDA_LISTED_TASKS,
  buildAgenda,
  type AgendaFeedbackInput,
  type AgendaInput,
} from '../../service/domain/agenda';
import { LOCALES, type Locale } from '../../service/domain/model';
import type { MilestoneSummary, Summary, TaskRef } from '../../service/domain/summary/types';
import type { UpdateRisk } from '../../service/domain/update';
import { agendaMarkdown, escapeMarkdown, localizeAgenda } from '../../service/render/agenda.md';
import { agendaMessages } from '../../service/render/agenda.messages';
import { coreMessages } from '../../service/render/i18n/core.messages';
import { createTranslator } from '../../service/render/i18n/i18n';
import { riskSentence } from '../../service/render/plain-language';
import { expectCompleteCatalog, typographyProblems } from '../support/i18n';

const NOW = new Date('2026-03-10T02:00:00Z'); // 10:00 in Shanghai
const PUBLISHED = new Date('2026-03-03T08:00:00Z');
const TZ = 'Asia/Shanghai';
const id = (n: number) => `0193a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

const task = (n: number, title: string, completedAt: string | null = null): TaskRef => ({
  id: id(100 + n),
  title,
  status: completedAt ? 'done' : 'in_progress',
  blocked: false,
  dueDate: null,
  completedAt,
});

function milestone(n: number, name: string, values: Partial<MilestoneSummary> = {}): MilestoneSummary {
  return {
    id: id(n),
    name,
    kind: 'version',
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
    ...values,
  };
}

const BETA = milestone(1, 'Beta', {
  health: 'done',
  dueDate: '2026-03-08',
  completedAt: '2026-03-08T09:00:00.000Z',
});
const RELEASE = milestone(2, 'Release 2', {
  dueDate: '2026-03-27',
  forecastDate: '2026-03-30',
  forecastMethod: 'throughput',
  health: 'at_risk',
});
const LAUNCH = milestone(3, 'Launch', {
  dueDate: '2026-04-15',
  forecastDate: '2026-04-10',
  health: 'on_track',
});
const LATER = milestone(4, 'Later', { dueDate: null, health: 'on_track' });
const SLIP = {
  milestoneId: RELEASE.id,
  milestoneName: 'Release 2',
  from: '2026-03-20',
  to: '2026-03-27',
  at: '2026-03-06T01:00:00.000Z',
  days: 7,
};

function summaryOf(values: Partial<Summary> = {}): Summary {
  return {
    version: 1,
    generatedAt: NOW.toISOString(),
    validUntil: '2026-03-10T16:00:00.000Z',
    project: { id: id(900), name: 'Checkout revamp' },
    overall: {
      byCount: { done: 31, total: 50, ratio: 0.62 },
      byEstimate: null,
      remaining: 19,
      blocked: 2,
      overdue: 0,
      health: 'at_risk',
    },
    milestones: [BETA, RELEASE, LAUNCH, LATER],
    unplanned: [],
    changes: {
      since: PUBLISHED.toISOString(),
      completed: [
        task(1, 'Card payment form', '2026-03-05T06:00:00.000Z'),
        task(2, 'Order e-mails', '2026-03-07T06:00:00.000Z'),
      ],
      added: [task(3, 'PayPal')],
      slips: [SLIP],
    },
    risks: [{ kind: 'blocked_work', count: 2, milestoneId: RELEASE.id, taskIds: [id(201), id(202)] }],
    freshness: { source: 'PingCode', syncedAt: '2026-03-10T01:45:00.000Z', stale: false, reason: null },
    burnup: [],
    ...values,
  };
}

const SNAPSHOT = summaryOf({
  overall: { ...summaryOf().overall, byCount: { done: 24, total: 50, ratio: 0.48 } },
  milestones: [{ ...BETA, health: 'on_track', completedAt: null }, RELEASE, LAUNCH, LATER],
});

const PM_RISK: UpdateRisk = {
  problem: 'The payment provider has not opened our test account yet.',
  impact: 'Card payments cannot be tested end to end.',
  mitigation: 'We test against their sandbox meanwhile.',
  decision: { question: 'Ship Release 2 without PayPal?', by: '2026-03-12' },
};

function feedbackItem(n: number, values: Partial<AgendaFeedbackInput> = {}): AgendaFeedbackInput {
  const createdAt = new Date(Date.UTC(2026, 2, n, 3));
  return {
    id: id(300 + n),
    kind: 'question',
    status: 'open',
    body: `Question ${n}`,
    authorName: 'Ana Lima',
    milestoneId: null,
    createdAt,
    answerDueAt: new Date(createdAt.getTime() + 86_400_000),
    overdue: false,
    ...values,
  };
}

function inputOf(values: Partial<AgendaInput> = {}): AgendaInput {
  return {
    summary: summaryOf(),
    lastPublished: { id: id(500), publishedAt: PUBLISHED, snapshot: SNAPSHOT },
    latestUpdate: {
      id: id(501),
      status: 'draft',
      content: { headline: 'h', highlights: [], risks: [PM_RISK], nextSteps: [] },
    },
    feedback: [
      feedbackItem(9, { body: 'When can we try the checkout?' }),
      feedbackItem(2, {
        kind: 'change_request',
        body: 'Add PayPal, please.',
        authorName: 'Ed',
        milestoneId: RELEASE.id,
        overdue: true,
      }),
      feedbackItem(5, { kind: 'approval', body: null, authorName: 'Di', milestoneId: BETA.id }),
      feedbackItem(1, { kind: 'comment', body: 'Nice.' }),
      feedbackItem(3, { kind: 'rating', body: null }),
      feedbackItem(4, { status: 'answered', body: 'Answered already' }),
    ],
    timeZone: TZ,
    now: NOW,
    ...values,
  };
}

describe('buildAgenda: progress since the last published update', () => {
  test('now vs the frozen snapshot, tasks completed, scope added, milestones delivered, slips', () => {
    const { progress, today } = buildAgenda(inputOf());
    expect(today).toBe('2026-03-10');
    expect(progress).toEqual({
      lastUpdate: { id: id(500), publishedAt: PUBLISHED.toISOString() },
      now: { done: 31, total: 50, ratio: 0.62 },
      atLastUpdate: { done: 24, total: 50, ratio: 0.48 },
      completed: {
        count: 2,
        tasks: [
          { id: id(101), title: 'Card payment form', completedAt: '2026-03-05T06:00:00.000Z' },
          { id: id(102), title: 'Order e-mails', completedAt: '2026-03-07T06:00:00.000Z' },
        ],
      },
      added: 1,
      milestonesDone: [{ id: BETA.id, name: 'Beta', completedAt: '2026-03-08T09:00:00.000Z' }],
      slips: [SLIP],
    });
  });

  test.each([
    {
      what: 'done in the snapshot already: not delivered since',
      snapshot: SNAPSHOT.milestones.map((m) => (m.id === BETA.id ? BETA : m)),
      expected: [],
    },
    { what: 'unknown to the snapshot (new): delivered since', snapshot: [RELEASE], expected: [BETA.id] },
  ])('milestones delivered — $what', ({ snapshot, expected }) => {
    const input = inputOf({
      lastPublished: { id: id(500), publishedAt: PUBLISHED, snapshot: { ...SNAPSHOT, milestones: snapshot } },
    });
    expect(buildAgenda(input).progress.milestonesDone.map((m) => m.id)).toEqual(expected);
  });

  test.each([
    { what: 'finished after the publication', publishedAt: PUBLISHED, expected: [BETA.id] },
    { what: 'finished before it', publishedAt: new Date('2026-03-09T00:00:00Z'), expected: [] },
  ])('without a snapshot, milestones delivered are those $what', ({ publishedAt, expected }) => {
    const input = inputOf({ lastPublished: { id: id(500), publishedAt, snapshot: null } });
    const { progress } = buildAgenda(input);
    expect(progress.milestonesDone.map((m) => m.id)).toEqual(expected);
    expect(progress.atLastUpdate).toBeNull();
  });

  test('before the first update there is nothing to compare with', () => {
    const summary = summaryOf({ changes: { since: null, completed: [], added: [], slips: [] } });
    const { progress } = buildAgenda(inputOf({ summary, lastPublished: null }));
    expect(progress).toMatchObject({
      lastUpdate: null,
      atLastUpdate: null,
      completed: { count: 0, tasks: [] },
      milestonesDone: [],
    });
  });

  test(`names the first ${AGENDA_LISTED_TASKS} completed tasks and counts them all`, () => {
    const completed = Array.from({ length: 14 }, (_, i) =>
      task(i, `Task ${i}`, new Date(Date.UTC(2026, 2, 4, i)).toISOString()),
    );
    const summary = summaryOf({ changes: { ...summaryOf().changes, completed } });
    const { progress } = buildAgenda(inputOf({ summary }));
    expect(progress.completed.count).toBe(14);
    expect(progress.completed.tasks.map((t) => t.title)).toEqual(
      completed.slice(0, AGENDA_LISTED_TASKS).map((t) => t.title),
    );
  });
});

describe('buildAgenda: decisions the client owes', () => {
  const risk = (question: string, by: string | null): UpdateRisk => ({
    problem: `About ${question}`,
    impact: '',
    mitigation: '',
    decision: { question, by },
  });
  test.each([
    {
      what: 'soonest first, undated last, blank questions and risks without a decision left out',
      risks: [
        risk('Undated?', null),
        risk('Later?', '2026-03-20'),
        { ...PM_RISK, decision: null },
        risk('  ', '2026-03-01'),
        risk('Sooner?', '2026-03-11'),
      ],
      now: NOW,
      expected: [
        ['Sooner?', '2026-03-11', false],
        ['Later?', '2026-03-20', false],
        ['Undated?', null, false],
      ],
    },
    {
      what: 'a date before today is overdue; today is not',
      risks: [risk('Today?', '2026-03-10'), risk('Yesterday?', '2026-03-09')],
      now: NOW,
      expected: [
        ['Yesterday?', '2026-03-09', true],
        ['Today?', '2026-03-10', false],
      ],
    },
    {
      what: 'today is read in the project’s zone (17:00 UTC is already the 11th in Shanghai)',
      risks: [risk('Tenth?', '2026-03-10')],
      now: new Date('2026-03-10T17:00:00Z'),
      expected: [['Tenth?', '2026-03-10', true]],
    },
  ])('$what', ({ risks, now, expected }) => {
    const agenda = buildAgenda(
      inputOf({
        now,
        latestUpdate: {
          id: id(501),
          status: 'published',
          content: { headline: '', highlights: [], risks, nextSteps: [] },
        },
      }),
    );
    expect(agenda.risks.decisions.map((d) => [d.question, d.by, d.overdue])).toEqual(expected);
    expect(agenda.risks.update).toMatchObject({ id: id(501), status: 'published', risks });
  });

  test('without any update there are no PM risks and no decisions', () => {
    const { risks } = buildAgenda(inputOf({ latestUpdate: null }));
    expect(risks).toEqual({ detected: summaryOf().risks, update: null, decisions: [] });
  });
});

describe('buildAgenda: open client questions', () => {
  test('open questions, change requests and approvals only, oldest first, with the milestone they are about', () => {
    const { questions } = buildAgenda(inputOf());
    expect(questions.map((q) => [q.kind, q.authorName, q.milestone?.name ?? null, q.overdue])).toEqual([
      ['change_request', 'Ed', 'Release 2', true],
      ['approval', 'Di', 'Beta', false],
      ['question', 'Ana Lima', null, false],
    ]);
    expect(questions[0]).toEqual({
      id: id(302),
      kind: 'change_request',
      body: 'Add PayPal, please.',
      authorName: 'Ed',
      milestone: { id: RELEASE.id, name: 'Release 2' },
      createdAt: '2026-03-02T03:00:00.000Z',
      answerDueAt: '2026-03-03T03:00:00.000Z',
      overdue: true,
    });
  });

  test('a milestone the client does not see is not named', () => {
    const feedback = [feedbackItem(1, { kind: 'change_request', milestoneId: id(77) })];
    expect(buildAgenda(inputOf({ feedback })).questions[0]!.milestone).toBeNull();
  });

  test('the same instant: ordered by id, so the order is stable', () => {
    const feedback = [feedbackItem(1, { id: id(2) }), feedbackItem(1, { id: id(1) })];
    expect(buildAgenda(inputOf({ feedback })).questions.map((q) => q.id)).toEqual([id(1), id(2)]);
  });
});

describe('buildAgenda: next steps', () => {
  const withSteps = (nextSteps: string[]): Partial<AgendaInput> => ({
    latestUpdate: {
      id: id(501),
      status: 'draft',
      content: { headline: '', highlights: [], risks: [], nextSteps },
    },
  });
  test.each([
    {
      what: 'the latest update’s, trimmed, blanks dropped',
      input: withSteps([' Demo on Friday ', '', 'Sign off Beta']),
      expected: { source: 'update', steps: ['Demo on Friday', 'Sign off Beta'] },
    },
    {
      what: 'else the next three milestones not done, in due order, with forecast',
      input: withSteps(['  ']),
      expected: {
        source: 'milestones',
        milestones: [
          {
            id: RELEASE.id,
            name: 'Release 2',
            dueDate: '2026-03-27',
            forecastDate: '2026-03-30',
            health: 'at_risk',
          },
          {
            id: LAUNCH.id,
            name: 'Launch',
            dueDate: '2026-04-15',
            forecastDate: '2026-04-10',
            health: 'on_track',
          },
          { id: LATER.id, name: 'Later', dueDate: null, forecastDate: null, health: 'on_track' },
        ],
      },
    },
    {
      what: 'none when every milestone is done and no update says',
      input: { latestUpdate: null, summary: summaryOf({ milestones: [BETA] }) },
      expected: { source: 'none' },
    },
  ])('$what', ({ input, expected }) => {
    expect(buildAgenda(inputOf(input)).nextSteps).toEqual(expected);
  });
});

describe('localizeAgenda', () => {
  const t = (locale: Locale) => createTranslator(locale, coreMessages);
  const blocked = summaryOf().risks[0]!;
  const blockedText = (locale: Locale) =>
    riskSentence(t(locale), blocked, {
      milestoneName: (mid) => (mid === RELEASE.id ? 'Release 2' : undefined),
      timeZone: TZ,
      source: 'PingCode',
    });

  test.each(LOCALES)(
    '%s: detected risks in words, then the PM’s; slips and next milestones in words',
    (locale) => {
      const agenda = localizeAgenda(buildAgenda(inputOf()), locale);
      expect(agenda.language).toBe(locale);
      expect(agenda.risks.items).toEqual([
        { source: 'detected', kind: 'blocked_work', ...blockedText(locale), mitigation: null },
        {
          source: 'update',
          kind: null,
          text: PM_RISK.problem,
          impact: PM_RISK.impact,
          mitigation: PM_RISK.mitigation,
        },
      ]);
      expect(agenda.risks.items[0]!.text).toContain('Release 2');
      expect(agenda.progress.slips[0]!.text).toContain(t(locale).date('2026-03-27'));
      expect(agenda.nextSteps.items[0]!.text).toContain(t(locale).date('2026-03-30'));
      expect(agenda.nextSteps.items[0]!.text).toContain(t(locale).t('health.at_risk'));
    },
  );

  test('a detected risk the PM already copied into the update (a pre-filled draft) is listed once, as the PM’s', () => {
    const copied: UpdateRisk = {
      ...blockedText('fr'),
      problem: blockedText('fr').text,
      mitigation: 'On relance.',
      decision: null,
    };
    const input = inputOf({
      latestUpdate: {
        id: id(501),
        status: 'draft',
        content: { headline: '', highlights: [], risks: [copied], nextSteps: [] },
      },
    });
    const items = localizeAgenda(buildAgenda(input), 'fr').risks.items;
    expect(items).toEqual([
      {
        source: 'update',
        kind: null,
        text: copied.problem,
        impact: copied.impact,
        mitigation: 'On relance.',
      },
    ]);
    // In another language the copy does not match: both are listed.
    expect(localizeAgenda(buildAgenda(input), 'en').risks.items).toHaveLength(2);
  });
});

const EN_MARKDOWN = `# Meeting agenda: Checkout revamp

Prepared on Mar 10, 2026 · Updated Mar 10, 2026, 9:45 AM, data from PingCode

## Progress since the last update

The last update was published on Mar 3, 2026.

- Overall: 62% done (31 of 50 tasks done), up from 48% at the last update
- 2 tasks completed since
  - Card payment form
  - Order e-mails
- 1 task added to the scope
- Delivered: “Beta” on Mar 8, 2026
- “Release 2” moved from Mar 20, 2026 to Mar 27, 2026 (7 days later)

## Risks and decisions needed

- 2 tasks in “Release 2” are blocked and cannot move forward for now.
  - Impact: This work is waiting for a decision, some information or another piece of work before it can continue.
- The payment provider has not opened our test account yet.
  - Impact: Card payments cannot be tested end to end.
  - What we are doing: We test against their sandbox meanwhile.

### Decisions needed from the client

- Ship Release 2 without PayPal? (by Mar 12, 2026)

## Open client questions and change requests

- Change request from Ed, Mar 2, 2026 — “Release 2”
  - Add PayPal, please.
  - **Overdue: an answer was due Mar 3, 2026, 11:00 AM**
- Approval requested from Di, Mar 5, 2026 — “Beta”
  - Answer due Mar 6, 2026, 11:00 AM
- Question from Ana Lima, Mar 9, 2026
  - When can we try the checkout?
  - Answer due Mar 10, 2026, 11:00 AM

## Next steps

Upcoming milestones:

- Release 2: due Mar 27, 2026, expected Mar 30, 2026 (At risk)
- Launch: due Apr 15, 2026, expected Apr 10, 2026 (On track)
- Later: no due date (On track)
`;

/** Intl output uses no-break and narrow no-break spaces; compare with plain ones. */
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

describe('agendaMarkdown', () => {
  test('en: the four sections as headings and bullet lists', () => {
    expect(plain(agendaMarkdown(localizeAgenda(buildAgenda(inputOf()), 'en')))).toBe(EN_MARKDOWN);
  });

  test.each([
    {
      locale: 'zh-CN' as const,
      lines: [
        '# 会议议程：Checkout revamp',
        '## 自上次更新以来的进展',
        '上次更新发布于2026年3月3日。',
        '- 整体完成62%（50项任务中已完成31项），上次更新时为48%',
        '- 此后完成了2项任务',
        '- 已交付：“Beta”（2026年3月8日）',
        '### 需要客户决定的事项',
        '- Ship Release 2 without PayPal?（请于2026年3月12日前决定）',
        '## 待处理的客户问题与变更请求',
        '- Ed于2026年3月2日提出的变更请求（“Release 2”）',
        '  - **已逾期：应在2026年3月3日 11:00前答复**',
        '## 下一步',
        '- Release 2：截止日期2026年3月27日，预计2026年3月30日完成（存在风险）',
      ],
    },
    {
      locale: 'fr' as const,
      lines: [
        '# Ordre du jour de la réunion : Checkout revamp',
        '## Avancement depuis la dernière mise à jour',
        'La dernière mise à jour a été publiée le 3 mars 2026.',
        '- Global : 62 % terminé (31 tâches terminées sur 50), contre 48 % lors de la dernière mise à jour',
        '- 2 tâches terminées depuis',
        '- Livré : « Beta » le 8 mars 2026',
        '### Décisions attendues du client',
        '- Ship Release 2 without PayPal? (avant le 12 mars 2026)',
        '## Questions et demandes de changement en attente',
        '- Demande de changement de Ed, le 2 mars 2026 — « Release 2 »',
        '  - **En retard : une réponse était attendue le 3 mars 2026, 11:00**',
        '## Prochaines étapes',
        '- Release 2 : échéance le 27 mars 2026, fin prévue le 30 mars 2026 (À risque)',
      ],
    },
  ])('$locale: every word from the catalog, dates in the locale', ({ locale, lines }) => {
    const md = plain(agendaMarkdown(localizeAgenda(buildAgenda(inputOf()), locale)));
    const all = md.split('\n');
    for (const line of lines) expect(all).toContain(line);
    // No English left but the client’s and the PM’s own words.
    expect(md).not.toMatch(/Progress|Risks|Next steps|Overdue|Answer due|Impact:|Delivered/);
  });

  test('fr: the no-break spaces of French typography survive the escaping', () => {
    const md = agendaMarkdown(localizeAgenda(buildAgenda(inputOf()), 'fr'));
    expect(md).toContain('# Ordre du jour de la réunion\u00a0: Checkout revamp\n');
    expect(md).toContain('- Livré\u00a0: «\u00a0Beta\u00a0» le 8 mars 2026\n');
  });

  test.each(LOCALES)('%s: empty sections say so', (locale) => {
    const summary = summaryOf({
      risks: [],
      milestones: [BETA],
      changes: { since: null, completed: [], added: [], slips: [] },
    });
    const md = agendaMarkdown(
      localizeAgenda(
        buildAgenda(inputOf({ summary, lastPublished: null, latestUpdate: null, feedback: [] })),
        locale,
      ),
    );
    const tr = createTranslator(locale, coreMessages, agendaMessages);
    for (const key of [
      'agenda.progress.first',
      'agenda.risks.none',
      'agenda.decisions.none',
      'agenda.questions.none',
      'agenda.next.none',
    ])
      expect(md).toContain(tr.t(key));
    expect(md).not.toContain(tr.t('agenda.progress.completed', { count: 0 }));
  });

  test('a stale summary carries the warning; more completed tasks than listed are counted', () => {
    const completed = Array.from({ length: 12 }, (_, i) => task(i, `Task ${i}`, '2026-03-05T06:00:00.000Z'));
    const summary = summaryOf({
      freshness: { source: 'PingCode', syncedAt: '2026-03-07T02:00:00.000Z', stale: true, reason: 'old' },
      changes: { ...summaryOf().changes, completed, slips: [] },
    });
    const md = agendaMarkdown(localizeAgenda(buildAgenda(inputOf({ summary })), 'en'));
    expect(md).toContain(
      '\n> This page has not been refreshed for 3 days; the numbers may be out of date.\n',
    );
    expect(md).toContain('- 12 tasks completed since\n');
    expect(md).toContain('  - …and 2 more\n');
    expect(md).toContain('- No due dates moved\n');
  });

  test('client and PM text cannot restructure the agenda', () => {
    const feedback = [
      feedbackItem(1, { authorName: '**Bo**', body: '# Heading\n- item <script>alert(1)</script>' }),
    ];
    const md = agendaMarkdown(localizeAgenda(buildAgenda(inputOf({ feedback })), 'en'));
    expect(md).toContain('- Question from \\*\\*Bo\\*\\*, Mar 1, 2026\n');
    expect(md).toContain('  - \\# Heading - item \\<script\\>alert(1)\\</script\\>\n');
    expect(md).not.toMatch(/<script>/);
  });
});

describe('escapeMarkdown', () => {
  test.each([
    ['plain words', 'plain words'],
    [
      'a *b* _c_ `d` [e](f) <g> h|i ~j~ & k\\l',
      'a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> h\\|i \\~j\\~ \\& k\\\\l',
    ],
    ['# not a heading', '\\# not a heading'],
    ['- not a list', '\\- not a list'],
    ['+ not a list', '\\+ not a list'],
    ['2026. not a list', '2026\\. not a list'],
    ['3) not a list', '3\\) not a list'],
    ['line one\n\nline two\r\n  three', 'line one line two three'],
    ['  ', ''],
    ['“Release 2” — 2026年3月', '“Release 2” — 2026年3月'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('agendaMessages', () => {
  test('every key in every locale, compiles, same placeholders', () => {
    expectCompleteCatalog(agendaMessages);
  });

  test('every key the renderer uses exists (no message falls back to its key)', () => {
    const md = agendaMarkdown(localizeAgenda(buildAgenda(inputOf()), 'fr'));
    expect(md).not.toMatch(/agenda\.[a-z_.]+/);
  });

  test('house typography: French spacing, full-width Chinese, typographic quotes', () => {
    expect(typographyProblems(agendaMessages)).toEqual([]);
  });
});
