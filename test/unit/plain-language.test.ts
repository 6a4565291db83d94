import { describe, expect, test } from 'vitest';
import { LOCALES, MILESTONE_KINDS, STATUS_CATEGORIES, type Locale } from '../../service/domain/model';
import type { DetectedRisk, Health, Slip, Summary } from '../../service/domain/summary/types';
import { coreMessages } from '../../service/render/i18n/core.messages';
import { createTranslator, type Translator } from '../../service/render/i18n/i18n';
import {
  SYNC_ERROR_CODES,
  forecastMethodText,
  freshnessLine,
  healthWord,
  kindWord,
  progressText,
  riskSentence,
  slipSentence,
  statusWord,
  syncErrorText,
  type RiskContext,
} from '../../service/render/plain-language';

const HEALTHS: Health[] = ['done', 'on_track', 'at_risk', 'late'];
const translators = Object.fromEntries(LOCALES.map((l) => [l, createTranslator(l, coreMessages)])) as Record<
  Locale,
  Translator
>;
/** Intl output uses no-break and narrow no-break spaces; compare with plain ones. */
const plain = (text: string): string => text.replace(/\s/g, ' ');

function expectFormatted(text: string): void {
  expect(text.trim()).not.toBe('');
  expect(text).not.toMatch(/[{}]/);
  expect(text).not.toMatch(/\.\w+$/); // not a key read back as itself
}

const ctx: RiskContext = {
  milestoneName: (id) => ({ m1: 'Beta launch' })[id],
  timeZone: 'Asia/Shanghai',
  source: 'PingCode',
};

describe('words', () => {
  const cases = LOCALES.flatMap((locale) => [
    ...STATUS_CATEGORIES.map((s) => ({
      locale,
      what: `status ${s}`,
      word: statusWord(translators[locale], s),
    })),
    ...HEALTHS.map((h) => ({ locale, what: `health ${h}`, word: healthWord(translators[locale], h) })),
    ...MILESTONE_KINDS.map((k) => ({ locale, what: `kind ${k}`, word: kindWord(translators[locale], k) })),
    ...(['throughput', 'elapsed', 'none'] as const).map((m) => ({
      locale,
      what: `forecast ${m}`,
      word: forecastMethodText(translators[locale], m),
    })),
    ...[...SYNC_ERROR_CODES, 'sync_failed', 'something_new'].map((code) => ({
      locale,
      what: `sync error ${code}`,
      word: syncErrorText(translators[locale], code, 'PingCode'),
    })),
  ]);
  test.each(cases)('$locale $what → $word', ({ word }) => expectFormatted(word));

  test.each([
    { locale: 'en', planned: 'Not started yet', late: 'Late', sprint: 'Work cycle' },
    { locale: 'zh-CN', planned: '尚未开始', late: '已延期', sprint: '工作周期' },
    { locale: 'fr', planned: 'À venir', late: 'En retard', sprint: 'Cycle de travail' },
  ] as const)('$locale uses client words', ({ locale, planned, late, sprint }) => {
    const t = translators[locale];
    expect(statusWord(t, 'planned')).toBe(planned);
    expect(healthWord(t, 'late')).toBe(late);
    expect(kindWord(t, 'sprint')).toBe(sprint);
    expect(kindWord(t, 'sprint').toLowerCase()).not.toContain('sprint');
  });

  test('an unknown sync code reads as the generic sentence, naming the source', () => {
    const t = translators.en;
    expect(syncErrorText(t, 'sync_failed', 'Jira')).toBe('The refresh from Jira did not go through.');
    expect(syncErrorText(t, 'auth_failed', 'Jira')).toBe(
      'The connection to Jira needs to be authorized again.',
    );
  });
});

describe('progressText', () => {
  test.each([
    { locale: 'en', done: 1, total: 1, expected: '1 of 1 task done' },
    { locale: 'en', done: 3, total: 12, expected: '3 of 12 tasks done' },
    { locale: 'zh-CN', done: 3, total: 12, expected: '12项任务中已完成3项' },
    { locale: 'fr', done: 1, total: 2, expected: '1 tâche terminée sur 2' },
    { locale: 'fr', done: 2, total: 2, expected: '2 tâches terminées sur 2' },
    { locale: 'en', done: 0, total: 0, expected: 'No tasks planned yet' },
    { locale: 'en', done: 1234, total: 2000, expected: '1,234 of 2,000 tasks done' },
    { locale: 'fr', done: 1234, total: 2000, expected: '1 234 tâches terminées sur 2 000' },
    { locale: 'zh-CN', done: 1234, total: 2000, expected: '2,000项任务中已完成1,234项' },
  ] as const)('$locale $done/$total → $expected', ({ locale, done, total, expected }) => {
    const progress = { done, total, ratio: total ? done / total : 0 };
    expect(plain(progressText(translators[locale], progress))).toBe(expected);
  });
});

describe('riskSentence', () => {
  const risks: DetectedRisk[] = [
    { kind: 'overdue_work', count: 1, milestoneId: 'm1', taskIds: ['t1'] },
    { kind: 'overdue_work', count: 2, milestoneId: null, taskIds: ['t1', 't2'] },
    { kind: 'blocked_work', count: 1, milestoneId: null, taskIds: ['t1'] },
    { kind: 'blocked_work', count: 2, milestoneId: 'm1', taskIds: ['t1', 't2'] },
    {
      kind: 'forecast_past_due',
      milestoneId: 'm1',
      dueDate: '2026-03-10',
      forecastDate: '2026-03-11',
      days: 1,
    },
    {
      kind: 'forecast_past_due',
      milestoneId: 'gone',
      dueDate: '2026-03-10',
      forecastDate: '2026-03-20',
      days: 10,
    },
    { kind: 'stale_sync', syncedAt: '2026-03-10T02:42:00Z', hours: 30 },
    { kind: 'stale_sync', syncedAt: null, hours: null },
    { kind: 'failed_sync', at: '2026-03-10T02:42:00Z', code: 'timeout' },
    { kind: 'failed_sync', at: '2026-03-10T02:42:00Z', code: 'sync_failed' },
  ];
  const cases = LOCALES.flatMap((locale) => risks.map((risk) => ({ locale, kind: risk.kind, risk })));
  test.each(cases)('$locale $kind is formatted', ({ locale, risk }) => {
    const { text, impact } = riskSentence(translators[locale], risk, ctx);
    expectFormatted(text);
    expectFormatted(impact);
    expect(text).not.toMatch(/\bnone\b/);
  });

  test.each([
    {
      locale: 'en',
      risk: risks[0],
      expected: '1 task in “Beta launch” is past its due date.',
    },
    { locale: 'en', risk: risks[1], expected: '2 tasks are past their due dates.' },
    { locale: 'fr', risk: risks[0], expected: '1 tâche de « Beta launch » a dépassé son échéance.' },
    { locale: 'fr', risk: risks[1], expected: '2 tâches ont dépassé leur échéance.' },
    { locale: 'zh-CN', risk: risks[0], expected: '“Beta launch”中有1项任务已过截止日期。' },
    { locale: 'zh-CN', risk: risks[1], expected: '有2项任务已过截止日期。' },
    { locale: 'en', risk: risks[2], expected: '1 task is blocked and cannot move forward for now.' },
    {
      locale: 'en',
      risk: risks[3],
      expected: '2 tasks in “Beta launch” are blocked and cannot move forward for now.',
    },
    { locale: 'fr', risk: risks[2], expected: '1 tâche est bloquée et ne peut pas avancer pour le moment.' },
    {
      locale: 'fr',
      risk: risks[3],
      expected: '2 tâches de « Beta launch » sont bloquées et ne peuvent pas avancer pour le moment.',
    },
    {
      locale: 'en',
      risk: risks[4],
      expected:
        'At the current pace, “Beta launch” should be finished on Mar 11, 2026, 1 day after its due date of Mar 10, 2026.',
    },
    {
      locale: 'en',
      risk: risks[5],
      expected:
        'At the current pace, this stage should be finished on Mar 20, 2026, 10 days after its due date of Mar 10, 2026.',
    },
    {
      locale: 'fr',
      risk: risks[4],
      expected:
        'Au rythme actuel, la fin de « Beta launch » est prévue le 11 mars 2026, soit 1 jour après l’échéance du 10 mars 2026.',
    },
    {
      locale: 'zh-CN',
      risk: risks[5],
      expected: '按目前的进度，该阶段预计在2026年3月20日完成，比截止日期2026年3月10日晚10天。',
    },
    {
      locale: 'en',
      risk: risks[6],
      expected: 'The figures have not been refreshed from PingCode since Mar 10, 2026, 10:42 AM.',
    },
    { locale: 'en', risk: risks[7], expected: 'No figures have come in from PingCode yet.' },
    { locale: 'zh-CN', risk: risks[6], expected: '自2026年3月10日 10:42起，数据未再从PingCode更新。' },
    {
      locale: 'en',
      risk: risks[8],
      expected:
        'The latest refresh from PingCode (Mar 10, 2026, 10:42 AM) did not go through. PingCode took too long to answer; the refresh will be retried automatically.',
    },
    {
      locale: 'en',
      risk: risks[9],
      expected: 'The latest refresh from PingCode (Mar 10, 2026, 10:42 AM) did not go through.',
    },
    {
      locale: 'zh-CN',
      risk: risks[8],
      expected:
        '最近一次从PingCode更新数据（2026年3月10日 10:42）未成功。PingCode响应时间过长，稍后会自动重试。',
    },
  ] as const)('$locale $risk.kind → $expected', ({ locale, risk, expected }) => {
    expect(plain(riskSentence(translators[locale], risk as DetectedRisk, ctx).text)).toBe(expected);
  });
});

describe('slipSentence', () => {
  const slip = (from: string | null, to: string | null, days: number | null): Slip => ({
    milestoneId: 'm1',
    milestoneName: 'Beta launch',
    from,
    to,
    at: '2026-03-01T00:00:00Z',
    days,
  });
  test.each([
    {
      locale: 'en',
      slip: slip('2026-03-10', '2026-03-11', 1),
      expected: '“Beta launch” moved from Mar 10, 2026 to Mar 11, 2026 (1 day later)',
    },
    {
      locale: 'en',
      slip: slip('2026-03-10', '2026-03-24', 14),
      expected: '“Beta launch” moved from Mar 10, 2026 to Mar 24, 2026 (14 days later)',
    },
    {
      locale: 'en',
      slip: slip('2026-03-10', '2026-03-08', -2),
      expected: '“Beta launch” moved from Mar 10, 2026 to Mar 8, 2026 (2 days earlier)',
    },
    {
      locale: 'en',
      slip: slip('2026-03-10', '2026-03-09', null),
      expected: '“Beta launch” moved from Mar 10, 2026 to Mar 9, 2026 (1 day earlier)',
    },
    {
      locale: 'en',
      slip: slip(null, '2026-03-10', null),
      expected: '“Beta launch” now has a due date: Mar 10, 2026',
    },
    {
      locale: 'en',
      slip: slip('2026-03-10', null, null),
      expected: '“Beta launch” no longer has a due date (was Mar 10, 2026)',
    },
    {
      locale: 'fr',
      slip: slip('2026-03-10', '2026-03-11', 1),
      expected: '« Beta launch » : échéance repoussée du 10 mars 2026 au 11 mars 2026 (1 jour plus tard)',
    },
    {
      locale: 'fr',
      slip: slip('2026-03-10', '2026-03-08', -2),
      expected: '« Beta launch » : échéance avancée du 10 mars 2026 au 8 mars 2026 (2 jours plus tôt)',
    },
    {
      locale: 'zh-CN',
      slip: slip('2026-03-10', '2026-03-17', 7),
      expected: '“Beta launch”由2026年3月10日推迟至2026年3月17日（推迟7天）',
    },
    {
      locale: 'zh-CN',
      slip: slip('2026-03-10', '2026-03-08', -2),
      expected: '“Beta launch”由2026年3月10日提前至2026年3月8日（提前2天）',
    },
    {
      locale: 'zh-CN',
      slip: slip('2026-03-10', null, null),
      expected: '“Beta launch”的截止日期已取消（原为2026年3月10日）',
    },
  ] as const)('$locale $slip.from → $slip.to', ({ locale, slip, expected }) => {
    expect(plain(slipSentence(translators[locale], slip))).toBe(expected);
  });
});

describe('freshnessLine', () => {
  const now = new Date('2026-03-12T02:42:00Z');
  const freshness = (
    syncedAt: string | null,
    reason: Summary['freshness']['reason'],
  ): Summary['freshness'] => ({ source: 'PingCode', syncedAt, stale: reason !== null, reason });

  test.each([
    {
      locale: 'en',
      freshness: freshness('2026-03-12T01:00:00Z', null),
      line: 'Updated Mar 12, 2026, 9:00 AM, data from PingCode',
      warning: null,
    },
    {
      locale: 'en',
      freshness: freshness('2026-03-10T02:42:00Z', 'old'),
      line: 'Updated Mar 10, 2026, 10:42 AM, data from PingCode',
      warning: 'This page has not been refreshed for 2 days; the numbers may be out of date.',
    },
    {
      locale: 'en',
      freshness: freshness('2026-03-11T02:42:00Z', 'old'),
      line: 'Updated Mar 11, 2026, 10:42 AM, data from PingCode',
      warning: 'This page has not been refreshed for 1 day; the numbers may be out of date.',
    },
    {
      locale: 'en',
      freshness: freshness('2026-03-12T01:42:00Z', 'old'),
      line: 'Updated Mar 12, 2026, 9:42 AM, data from PingCode',
      warning: 'This page has not been refreshed for 1 hour; the numbers may be out of date.',
    },
    {
      locale: 'fr',
      freshness: freshness('2026-03-11T02:42:00Z', 'old'),
      line: 'Mis à jour le 11 mars 2026, 10:42, données issues de PingCode',
      warning:
        'Cette page n’a pas été actualisée depuis 1 jour ; les chiffres ne sont peut-être plus à jour.',
    },
    {
      locale: 'fr',
      freshness: freshness('2026-03-10T02:42:00Z', 'old'),
      line: 'Mis à jour le 10 mars 2026, 10:42, données issues de PingCode',
      warning:
        'Cette page n’a pas été actualisée depuis 2 jours ; les chiffres ne sont peut-être plus à jour.',
    },
    {
      locale: 'fr',
      freshness: freshness('2026-03-11T22:42:00Z', 'old'),
      line: 'Mis à jour le 12 mars 2026, 06:42, données issues de PingCode',
      warning:
        'Cette page n’a pas été actualisée depuis 4 heures ; les chiffres ne sont peut-être plus à jour.',
    },
    {
      locale: 'zh-CN',
      freshness: freshness('2026-03-11T22:42:00Z', 'old'),
      line: '更新于2026年3月12日 06:42，数据来自PingCode',
      warning: '本页已有4小时未更新，数据可能不是最新的。',
    },
    {
      locale: 'en',
      freshness: freshness('2026-03-11T02:42:00Z', 'failed'),
      line: 'Updated Mar 11, 2026, 10:42 AM, data from PingCode',
      warning:
        'The latest refresh from PingCode did not go through; the numbers shown are from Mar 11, 2026, 10:42 AM.',
    },
    {
      locale: 'zh-CN',
      freshness: freshness('2026-03-11T02:42:00Z', 'failed'),
      line: '更新于2026年3月11日 10:42，数据来自PingCode',
      warning: '最近一次从PingCode更新数据未成功，页面显示的是2026年3月11日 10:42的数据。',
    },
    {
      locale: 'en',
      freshness: freshness(null, 'never_synced'),
      line: 'Waiting for the first data from PingCode',
      warning: 'No data has come in from PingCode yet; the first refresh has not finished.',
    },
    {
      locale: 'fr',
      freshness: freshness(null, 'never_synced'),
      line: 'En attente des premières données de PingCode',
      warning:
        'Aucune donnée n’a encore été reçue de PingCode ; la première actualisation n’est pas terminée.',
    },
  ] as const)('$locale $freshness.reason → $warning', ({ locale, freshness, line, warning }) => {
    const result = freshnessLine(translators[locale], freshness, 'Asia/Shanghai', now);
    expect(plain(result.line)).toBe(line);
    expect(result.warning === null ? null : plain(result.warning)).toBe(warning);
  });

  test.each(
    LOCALES.flatMap((locale) => (['old', 'failed', 'never_synced'] as const).map((r) => ({ locale, r }))),
  )('$locale $r is formatted', ({ locale, r }) => {
    const { line, warning } = freshnessLine(
      translators[locale],
      freshness(r === 'never_synced' ? null : '2026-03-01T00:00:00Z', r),
      'UTC',
      now,
    );
    expectFormatted(line);
    expectFormatted(warning ?? '');
  });

  test('stale without a reason still warns', () => {
    const result = freshnessLine(
      translators.en,
      { source: 'PingCode', syncedAt: null, stale: true, reason: null },
      'UTC',
      now,
    );
    expect(result.warning).toBe('No data has come in from PingCode yet; the first refresh has not finished.');
  });
});
