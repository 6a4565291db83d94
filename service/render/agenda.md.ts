import type {
  AgendaData,
  AgendaDecision,
  AgendaFeedbackKind,
  AgendaMilestone,
  AgendaQuestion,
} from '../domain/agenda';
import type { IsoDate, Locale } from '../domain/model';
import { formatDay, zoneCalendar, type ZoneCalendar } from '../domain/summary/calendar';
import type { DetectedRisk, Progress } from '../domain/summary/types';
import { agendaMessages } from './agenda.messages';
import { coreMessages } from './i18n/core.messages';
import { createTranslator, type Translator } from './i18n/i18n';
import { freshnessLine, healthWord, NONE, progressText, riskSentence, slipSentence } from './plain-language';

/**
 * The meeting agenda in one language: `localizeAgenda` adds the sentences ClientLens writes (risks, slips,
 * next milestones) to the agenda data — the JSON answer — and `agendaMarkdown` renders that as Markdown.
 * Every word comes from `agendaMessages` and `coreMessages`; dates are formatted for the locale and read in
 * the project's zone.
 */
export interface Agenda {
  language: Locale;
  project: { id: string; name: string };
  generatedAt: string;
  timeZone: string;
  freshness: {
    source: string;
    syncedAt: string | null;
    stale: boolean;
    text: string;
    warning: string | null;
  };
  progress: {
    lastUpdate: { id: string; publishedAt: string } | null;
    now: Progress;
    atLastUpdate: Progress | null;
    completed: AgendaData['progress']['completed'];
    added: number;
    milestonesDone: AgendaData['progress']['milestonesDone'];
    slips: {
      milestoneId: string;
      milestoneName: string;
      from: IsoDate | null;
      to: IsoDate | null;
      days: number | null;
      text: string;
    }[];
  };
  risks: {
    update: { id: string; status: 'draft' | 'published' } | null;
    items: AgendaRisk[];
    decisions: AgendaDecision[];
  };
  questions: AgendaQuestion[];
  nextSteps: {
    source: AgendaData['nextSteps']['source'];
    items: { text: string; milestone: AgendaMilestone | null }[];
  };
}

export interface AgendaRisk {
  /** `detected` from the figures, or written by the PM in the latest update. */
  source: 'detected' | 'update';
  /** The detected risk's kind; null for the PM's. */
  kind: DetectedRisk['kind'] | null;
  text: string;
  impact: string;
  mitigation: string | null;
}

const translatorFor = (locale: Locale): Translator => createTranslator(locale, coreMessages, agendaMessages);

export function localizeAgenda(data: AgendaData, locale: Locale): Agenda {
  const t = translatorFor(locale);
  const riskContext = (timeZone: string) => ({
    milestoneName: (id: string) => data.milestoneNames.get(id),
    timeZone,
    source: data.freshness.source,
  });

  const pmRisks = data.risks.update?.risks ?? [];
  const written = new Set(pmRisks.map((risk) => risk.problem.trim()));
  const detected = data.risks.detected.flatMap((risk): AgendaRisk[] => {
    const sentence = riskSentence(t, risk, riskContext(data.timeZone));
    // A draft pre-filled by ClientLens carries the detected risks as the PM's (written with UTC times):
    // the PM's copy, with its mitigation and decision, stands for both.
    const asPrefilled = riskSentence(t, risk, riskContext('UTC')).text;
    if (written.has(sentence.text) || written.has(asPrefilled)) return [];
    return [{ source: 'detected', kind: risk.kind, ...sentence, mitigation: null }];
  });
  const fromUpdate = pmRisks.map((risk): AgendaRisk => ({
    source: 'update',
    kind: null,
    text: risk.problem,
    impact: risk.impact,
    mitigation: risk.mitigation.trim() === '' ? null : risk.mitigation,
  }));

  const freshness = freshnessLine(t, data.freshness, data.timeZone, new Date(data.generatedAt));
  return {
    language: locale,
    project: data.project,
    generatedAt: data.generatedAt,
    timeZone: data.timeZone,
    freshness: {
      source: data.freshness.source,
      syncedAt: data.freshness.syncedAt,
      stale: data.freshness.stale,
      text: freshness.line,
      warning: freshness.warning,
    },
    progress: {
      ...data.progress,
      slips: data.progress.slips.map((slip) => ({
        milestoneId: slip.milestoneId,
        milestoneName: slip.milestoneName,
        from: slip.from,
        to: slip.to,
        days: slip.days,
        text: slipSentence(t, slip),
      })),
    },
    risks: {
      update: data.risks.update ? { id: data.risks.update.id, status: data.risks.update.status } : null,
      items: [...detected, ...fromUpdate],
      decisions: data.risks.decisions,
    },
    questions: data.questions,
    nextSteps: {
      source: data.nextSteps.source,
      items:
        data.nextSteps.source === 'update'
          ? data.nextSteps.steps.map((text) => ({ text, milestone: null }))
          : data.nextSteps.source === 'milestones'
            ? data.nextSteps.milestones.map((milestone) => ({
                text: t.t('agenda.next.milestone', {
                  milestone: milestone.name,
                  due: milestone.dueDate === null ? NONE : t.date(milestone.dueDate),
                  forecast: milestone.forecastDate === null ? NONE : t.date(milestone.forecastDate),
                  health: healthWord(t, milestone.health),
                }),
                milestone,
              }))
            : [],
    },
  };
}

/** The agenda as Markdown: a title, four sections of bullet lists, every text escaped. */
export function agendaMarkdown(agenda: Agenda): string {
  const t = translatorFor(agenda.language);
  const calendar = zoneCalendar(agenda.timeZone);
  const md = escapeMarkdown;
  const dayOf = (instant: string): string => localDay(t, calendar, instant);
  const lines: string[] = [];
  const heading = (level: number, text: string) => lines.push('', `${'#'.repeat(level)} ${md(text)}`, '');
  const bullet = (text: string, depth = 0, strong = false) =>
    lines.push(`${'  '.repeat(depth)}- ${strong ? `**${md(text)}**` : md(text)}`);
  const paragraph = (text: string) => lines.push(md(text));

  lines.push(`# ${md(t.t('agenda.title', { project: agenda.project.name }))}`, '');
  paragraph(t.t('agenda.byline', { date: dayOf(agenda.generatedAt), freshness: agenda.freshness.text }));
  if (agenda.freshness.warning) lines.push('', `> ${md(agenda.freshness.warning)}`);

  // 1. Progress since the last published update.
  const { progress } = agenda;
  heading(2, t.t('agenda.progress.heading'));
  paragraph(
    progress.lastUpdate
      ? t.t('agenda.progress.since', { date: dayOf(progress.lastUpdate.publishedAt) })
      : t.t('agenda.progress.first'),
  );
  lines.push('');
  bullet(overallLine(t, progress.now, progress.atLastUpdate));
  if (progress.lastUpdate) {
    bullet(t.t('agenda.progress.completed', { count: progress.completed.count }));
    for (const task of progress.completed.tasks) bullet(task.title, 1);
    const more = progress.completed.count - progress.completed.tasks.length;
    if (more > 0) bullet(t.t('agenda.progress.more', { count: more }), 1);
    if (progress.added > 0) bullet(t.t('agenda.progress.added', { count: progress.added }));
    for (const m of progress.milestonesDone)
      bullet(
        t.t('agenda.progress.milestone_done', {
          milestone: m.name,
          date: m.completedAt === null ? NONE : dayOf(m.completedAt),
        }),
      );
    if (progress.slips.length === 0) bullet(t.t('agenda.progress.no_slips'));
    for (const slip of progress.slips) bullet(slip.text);
  }

  // 2. Risks, then the decisions the client owes.
  heading(2, t.t('agenda.risks.heading'));
  if (agenda.risks.items.length === 0) paragraph(t.t('agenda.risks.none'));
  for (const risk of agenda.risks.items) {
    bullet(risk.text);
    if (risk.impact.trim() !== '') bullet(t.t('agenda.risk.impact', { impact: risk.impact }), 1);
    if (risk.mitigation !== null) bullet(t.t('agenda.risk.mitigation', { mitigation: risk.mitigation }), 1);
  }
  heading(3, t.t('agenda.decisions.heading'));
  if (agenda.risks.decisions.length === 0) paragraph(t.t('agenda.decisions.none'));
  for (const decision of agenda.risks.decisions)
    bullet(
      t.t('agenda.decision', {
        question: decision.question,
        by: decision.by === null ? NONE : t.date(decision.by),
        overdue: decision.overdue ? 'yes' : 'no',
      }),
      0,
      decision.overdue,
    );

  // 3. Open client questions, change requests and approvals, oldest first.
  heading(2, t.t('agenda.questions.heading'));
  if (agenda.questions.length === 0) paragraph(t.t('agenda.questions.none'));
  for (const question of agenda.questions) {
    bullet(questionLine(t, question, dayOf(question.createdAt)));
    if (question.body !== null && question.body.trim() !== '') bullet(question.body, 1);
    bullet(
      t.t('agenda.question.due', {
        overdue: question.overdue ? 'yes' : 'no',
        due: t.dateTime(question.answerDueAt, agenda.timeZone),
      }),
      1,
      question.overdue,
    );
  }

  // 4. Next steps: the PM's, else the next milestones due.
  heading(2, t.t('agenda.next.heading'));
  if (agenda.nextSteps.source === 'none') paragraph(t.t('agenda.next.none'));
  if (agenda.nextSteps.source === 'milestones') lines.push(md(t.t('agenda.next.upcoming')), '');
  for (const step of agenda.nextSteps.items) bullet(step.text);

  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function overallLine(t: Translator, now: Progress, before: Progress | null): string {
  const values = { percent: t.percent(now.ratio), progress: progressText(t, now) };
  if (before === null) return t.t('agenda.progress.overall', values);
  const then = t.percent(before.ratio);
  if (then === values.percent) return t.t('agenda.progress.overall.same', values);
  return t.t(now.ratio > before.ratio ? 'agenda.progress.overall.compare' : 'agenda.progress.overall.lower', {
    ...values,
    before: then,
  });
}

function questionLine(t: Translator, question: AgendaQuestion, date: string): string {
  const kind: AgendaFeedbackKind = question.kind;
  return t.t('agenda.question', {
    kind,
    author: question.authorName,
    date,
    milestone: question.milestone?.name ?? NONE,
  });
}

/** The calendar date of an instant in the project's zone, formatted for the locale. */
function localDay(t: Translator, calendar: ZoneCalendar, instant: string): string {
  const day = calendar.dayOf(new Date(instant));
  return day === null ? instant : t.date(formatDay(day));
}

/**
 * Text as literal Markdown on one line: line breaks become single spaces, Markdown's punctuation is
 * backslash-escaped, and a leading block marker (heading, quote, list, rule) is neutralized, so a client's
 * question or a task title can never restructure the agenda or inject HTML.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      // Line breaks only: the no-break spaces of French typography (and of Intl dates) stay.
      .replace(/[\t\n\v\f\r\u2028\u2029]+/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim()
      .replace(/[\\`*_{}[\]<>|~&]/g, '\\$&')
      .replace(/^(#|>|[-+=]|\d+(?=[.)]))/, (marker) => (/^\d/.test(marker) ? `${marker}\\` : `\\${marker}`))
  );
}
