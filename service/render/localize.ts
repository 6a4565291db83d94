import type { Locale } from '../domain/model';
import type { Summary } from '../domain/summary/types';
import { coreMessages } from './i18n/core.messages';
import { createTranslator } from './i18n/i18n';
import { freshnessLine, healthWord, riskSentence, slipSentence } from './plain-language';

/** The sentences the client page shows, for API consumers who render their own page. */
export function localizeSummary(summary: Summary, locale: Locale, timeZone: string) {
  const t = createTranslator(locale, coreMessages);
  const milestoneName = (id: string) => summary.milestones.find((m) => m.id === id)?.name;
  const freshness = freshnessLine(t, summary.freshness, timeZone);
  return {
    health: healthWord(t, summary.overall.health),
    progress: t.t('progress.count', {
      done: summary.overall.byCount.done,
      total: summary.overall.byCount.total,
    }),
    freshness: freshness.line,
    staleWarning: freshness.warning,
    risks: summary.risks.map((risk) => ({
      kind: risk.kind,
      ...riskSentence(t, risk, { milestoneName, timeZone, source: summary.freshness.source }),
    })),
    slips: summary.milestones.flatMap((m) => m.slips).map((slip) => slipSentence(t, slip)),
  };
}
