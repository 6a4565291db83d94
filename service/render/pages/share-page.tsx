import type { VNode } from 'preact';
import { unixToDate } from '../../domain/dates';
import type { IsoDate } from '../../domain/model';
import type { DetectedRisk, Health, MilestoneSummary, Summary, TaskRef } from '../../domain/summary/types';
import type { DetailLevel, UpdateContent, UpdateRisk } from '../../domain/update';
import { Burnup, BurnupLegend, burnupSummary } from '../charts/burnup';
import { HealthIcon } from '../charts/health-icon';
import { ProgressBar } from '../charts/progress-bar';
import { Timeline, TimelineLegend } from '../charts/timeline';
import type { Translator } from '../i18n/i18n';
import {
  forecastMethodText,
  freshnessLine,
  healthWord,
  kindWord,
  progressText,
  riskSentence,
  slipSentence,
  statusWord,
} from '../plain-language';
import { ArrowIcon, DecisionIcon, WarningIcon } from './icons';
import { FeedbackSection, type FeedbackSectionProps } from './feedback-section';
import { LanguageSwitch, Layout, renderDocument, type LanguageLink } from './layout';

export interface SharePageProps {
  t: Translator;
  summary: Summary;
  /** The latest published update, or null when the PM has not published one yet. */
  update: { content: UpdateContent; publishedAt: string } | null;
  /** Earlier published updates, newest first (without the latest). */
  history: { id: string; headline: string; publishedAt: string }[];
  detail: DetailLevel;
  /** The project's IANA time zone: instants are shown, and "today" is taken, in it. */
  timeZone: string;
  languages: LanguageLink[];
  /** The share link's label, shown in the header and the print footer. */
  label: string | null;
  /** The feedback section (answered questions and the form); left out, the page has none. */
  feedback?: FeedbackSectionProps | undefined;
}

/** Published updates, newest first, as the page shows them: the latest in full, the earlier ones by headline. */
export function publishedUpdateProps(
  published: readonly { id: string; content: UpdateContent; publishedAt: Date | null }[],
): Pick<SharePageProps, 'update' | 'history'> {
  const at = (date: Date | null) => (date ?? new Date(0)).toISOString();
  const [latest, ...earlier] = published;
  return {
    update: latest ? { content: latest.content, publishedAt: at(latest.publishedAt) } : null,
    history: earlier.map((u) => ({ id: u.id, headline: u.content.headline, publishedAt: at(u.publishedAt) })),
  };
}

/** The calendar date of an instant in the project's zone. */
function dayOf(instant: string, timeZone: string): IsoDate {
  return unixToDate(Date.parse(instant) / 1000, timeZone) ?? instant.slice(0, 10);
}

/**
 * The client's page (`GET /s/:token`): a full HTML document, no script, one style block. Read top to
 * bottom it answers, in order: how is it going (health + freshness), what the PM says, how far along, when
 * (milestones), the trend, what could go wrong and what we need from you, what changed, and the detail.
 */
export function renderSharePage(props: SharePageProps): string {
  return renderDocument(<SharePage {...props} />);
}

export function SharePage(props: SharePageProps): VNode {
  const { t, summary, update, history, detail, timeZone, languages, label, feedback } = props;
  const freshness = freshnessLine(t, summary.freshness, timeZone);
  // The freshness warning already says the data may be old; don't repeat it as a risk.
  const risks = freshness.warning
    ? summary.risks.filter((risk) => risk.kind !== 'stale_sync' && risk.kind !== 'failed_sync')
    : summary.risks;
  const decisions = (update?.content.risks ?? []).flatMap((risk) => (risk.decision ? [risk.decision] : []));
  const firstBy = decisions
    .map((decision) => decision.by)
    .filter((by): by is IsoDate => by !== null)
    .sort()[0];

  return (
    <Layout t={t} title={t.t('page.title', { project: summary.project.name })}>
      <div class="page">
        <header class="masthead">
          <div class="masthead__top">
            <p class="eyebrow">
              <span>{t.t('page.eyebrow')}</span>
              {label ? <span class="eyebrow__label">{label}</span> : null}
            </p>
            <LanguageSwitch t={t} languages={languages} />
          </div>
          <h1>{summary.project.name}</h1>
          <div class="status-row">
            <HealthBadge t={t} health={summary.overall.health} large />
            <p class="freshness">{freshness.line}</p>
          </div>
          {freshness.warning ? (
            <div class="notice notice--warning" role="note">
              <WarningIcon />
              <p>{freshness.warning}</p>
            </div>
          ) : null}
          {decisions.length > 0 ? (
            <div class="notice notice--decision" role="note">
              <DecisionIcon />
              <p>
                {t.t('page.decisions.callout', {
                  count: decisions.length,
                  by: firstBy ? t.date(firstBy) : 'none',
                })}{' '}
                <a href="#risks">{t.t('page.decisions.link')}</a>
              </p>
            </div>
          ) : null}
        </header>

        <main>
          <UpdateSection t={t} update={update} timeZone={timeZone} />
          <ProgressSection t={t} summary={summary} />
          <MilestonesSection t={t} summary={summary} timeZone={timeZone} />
          <BurnupSection t={t} summary={summary} />
          <RisksSection
            t={t}
            summary={summary}
            risks={risks}
            pmRisks={update?.content.risks ?? []}
            timeZone={timeZone}
          />
          <ChangesSection t={t} summary={summary} detail={detail} timeZone={timeZone} />
          {detail === 'detailed' ? <TasksSection t={t} summary={summary} /> : null}
          <HistorySection t={t} history={history} timeZone={timeZone} />
          {feedback ? <FeedbackSection t={t} timeZone={timeZone} feedback={feedback} /> : null}
        </main>

        <footer class="foot">
          <p>
            {label ? `${label} · ` : ''}
            {t.t('page.footer.generated', { dateTime: t.dateTime(summary.generatedAt, timeZone) })}
          </p>
          <p>{t.t('page.footer.private')}</p>
        </footer>
      </div>
    </Layout>
  );
}

function HealthBadge({
  t,
  health,
  large = false,
  icon = true,
}: {
  t: Translator;
  health: Health;
  large?: boolean;
  icon?: boolean;
}): VNode {
  return (
    <span class={`badge badge--${health}${large ? ' badge--large' : ''}`}>
      {icon ? <HealthIcon health={health} size={large ? 18 : 16} /> : null}
      {healthWord(t, health)}
    </span>
  );
}

function UpdateSection({
  t,
  update,
  timeZone,
}: {
  t: Translator;
  update: SharePageProps['update'];
  timeZone: string;
}): VNode {
  return (
    <section class="card" aria-labelledby="update-title">
      <div class="card__head">
        <h2 id="update-title">{t.t('page.update.title')}</h2>
        {update ? (
          <p class="meta">
            <time dateTime={update.publishedAt}>
              {t.t('page.update.published', { date: t.date(dayOf(update.publishedAt, timeZone)) })}
            </time>
          </p>
        ) : null}
      </div>
      {update ? (
        <div>
          <p class="headline">{update.content.headline}</p>
          {update.content.highlights.length > 0 ? (
            <div>
              <h3 class="label">{t.t('page.update.highlights')}</h3>
              <ul class="list">
                {update.content.highlights.map((text, index) => (
                  <li key={index}>{text}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {update.content.nextSteps.length > 0 ? (
            <div>
              <h3 class="label">{t.t('page.update.nextSteps')}</h3>
              <ul class="list">
                {update.content.nextSteps.map((text, index) => (
                  <li key={index}>{text}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : (
        <div>
          <p class="headline">{t.t('page.update.none')}</p>
          <p class="empty">{t.t('page.update.noneHint')}</p>
        </div>
      )}
    </section>
  );
}

function ProgressSection({ t, summary }: { t: Translator; summary: Summary }): VNode {
  const { byCount, byEstimate, health } = summary.overall;
  return (
    <section class="card" aria-labelledby="progress-title">
      <h2 id="progress-title">{t.t('page.progress.title')}</h2>
      {byCount.total > 0 ? (
        <div class="figure">
          <span class="figure__pct">{t.percent(byCount.ratio)}</span>
          <span class="figure__count">{progressText(t, byCount)}</span>
        </div>
      ) : null}
      <ProgressBar t={t} progress={byCount} tone={health} size="large" caption={byCount.total === 0} />
      {byEstimate && byEstimate.total > 0 ? (
        <div class="sub-progress">
          <ProgressBar t={t} progress={byEstimate} tone="neutral" measure="estimate" size="small" />
        </div>
      ) : null}
      <p class="sentence">{t.t('page.health.sentence', { health })}</p>
    </section>
  );
}

function MilestonesSection({
  t,
  summary,
  timeZone,
}: {
  t: Translator;
  summary: Summary;
  timeZone: string;
}): VNode {
  const today = dayOf(summary.generatedAt, timeZone);
  return (
    <section class="card" aria-labelledby="milestones-title">
      <h2 id="milestones-title">{t.t('page.milestones.title')}</h2>
      {summary.milestones.length === 0 ? (
        <p class="empty">{t.t('page.milestones.empty')}</p>
      ) : (
        <div>
          <div class="chart-frame chart--wide">
            <Timeline t={t} milestones={summary.milestones} today={today} size="wide" id="timeline-wide" />
          </div>
          <div class="chart-frame chart--compact">
            <Timeline
              t={t}
              milestones={summary.milestones}
              today={today}
              size="compact"
              id="timeline-compact"
            />
          </div>
          <TimelineLegend t={t} />
          <ol class="milestones">
            {summary.milestones.map((milestone) => (
              <MilestoneItem key={milestone.id} t={t} milestone={milestone} timeZone={timeZone} />
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function MilestoneItem({
  t,
  milestone: m,
  timeZone,
}: {
  t: Translator;
  milestone: MilestoneSummary;
  timeZone: string;
}): VNode {
  const slipped = m.plannedDate && m.dueDate && m.plannedDate !== m.dueDate ? m.plannedDate : null;
  const finished = m.health === 'done';
  const forecast = !finished && m.forecastDate && m.forecastMethod !== 'none' ? m.forecastDate : null;
  const forecastLate = forecast !== null && m.dueDate !== null && forecast > m.dueDate;
  return (
    <li class="ms">
      <span class="ms__dot">
        <HealthIcon health={m.health} size={20} />
      </span>
      <div class="ms__head">
        <h3 class="ms__name">
          <span class="ms__kind">{kindWord(t, m.kind)}</span>
          {m.name}
        </h3>
        <HealthBadge t={t} health={m.health} icon={false} />
      </div>
      <ProgressBar t={t} progress={m.progress} tone={m.health} size="small" />
      <dl class="dates">
        {slipped ? (
          <div>
            <dt>{t.t('page.milestones.planned')}</dt>
            <dd>
              <s>{t.date(slipped)}</s>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t.t('page.milestones.due')}</dt>
          <dd>{m.dueDate ? t.date(m.dueDate) : t.t('page.milestones.noDate')}</dd>
        </div>
        {finished && m.completedAt ? (
          <div>
            <dt>{t.t('page.milestones.completed')}</dt>
            <dd class="tone-done">{t.date(dayOf(m.completedAt, timeZone))}</dd>
          </div>
        ) : null}
        {forecast ? (
          <div>
            <dt>{t.t('page.milestones.forecast')}</dt>
            <dd class={forecastLate ? `tone-${m.health}` : undefined}>{t.date(forecast)}</dd>
          </div>
        ) : null}
      </dl>
      {forecast ? <p class="note">{forecastMethodText(t, m.forecastMethod)}</p> : null}
      {m.slips.length > 0 ? (
        <ul class="slips">
          {m.slips.map((slip) => (
            <li key={slip.at}>
              <ArrowIcon />
              <span>{slipSentence(t, slip)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function BurnupSection({ t, summary }: { t: Translator; summary: Summary }): VNode {
  const points = summary.burnup;
  return (
    <section class="card" aria-labelledby="burnup-title">
      <h2 id="burnup-title">{t.t('page.burnup.title')}</h2>
      {points.length === 0 ? (
        <p class="empty">{burnupSummary(t, points)}</p>
      ) : (
        <div>
          <div class="chart-frame chart--wide">
            <Burnup t={t} points={points} size="wide" id="burnup-wide" />
          </div>
          <div class="chart-frame chart--compact">
            <Burnup t={t} points={points} size="compact" id="burnup-compact" />
          </div>
          <BurnupLegend t={t} />
          <p class="caption">{burnupSummary(t, points)}</p>
        </div>
      )}
    </section>
  );
}

function RisksSection({
  t,
  summary,
  risks,
  pmRisks,
  timeZone,
}: {
  t: Translator;
  summary: Summary;
  risks: DetectedRisk[];
  pmRisks: UpdateRisk[];
  timeZone: string;
}): VNode {
  const context = {
    milestoneName: (id: string) => summary.milestones.find((m) => m.id === id)?.name,
    timeZone,
    source: summary.freshness.source,
  };
  return (
    <section class="card" id="risks" aria-labelledby="risks-title">
      <h2 id="risks-title">{t.t('page.risks.title')}</h2>
      {pmRisks.length === 0 && risks.length === 0 ? <p class="empty">{t.t('page.risks.none')}</p> : null}
      {pmRisks.length > 0 ? (
        <ul class="risks">
          {pmRisks.map((risk, index) => (
            <li key={index} class="risk">
              <p class="risk__problem">{risk.problem}</p>
              {risk.impact || risk.mitigation ? (
                <dl>
                  {risk.impact ? (
                    <div>
                      <dt>{t.t('page.risks.impact')}</dt>
                      <dd>{risk.impact}</dd>
                    </div>
                  ) : null}
                  {risk.mitigation ? (
                    <div>
                      <dt>{t.t('page.risks.mitigation')}</dt>
                      <dd>{risk.mitigation}</dd>
                    </div>
                  ) : null}
                </dl>
              ) : null}
              {risk.decision ? (
                <div class="decision">
                  <p class="decision__by">
                    {risk.decision.by
                      ? t.t('page.decision.by', { date: t.date(risk.decision.by) })
                      : t.t('page.decision.needed')}
                  </p>
                  <p class="decision__question">{risk.decision.question}</p>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {risks.length > 0 ? (
        <div>
          {pmRisks.length > 0 ? <h3 class="label">{t.t('page.risks.detected')}</h3> : null}
          <ul class="detected">
            {risks.map((risk, index) => {
              const sentence = riskSentence(t, risk, context);
              return (
                <li key={index}>
                  <WarningIcon size={16} />
                  <div>
                    <p>{sentence.text}</p>
                    {sentence.impact ? <p class="impact">{sentence.impact}</p> : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function ChangesSection({
  t,
  summary,
  detail,
  timeZone,
}: {
  t: Translator;
  summary: Summary;
  detail: DetailLevel;
  timeZone: string;
}): VNode | null {
  const { since, completed, added, slips } = summary.changes;
  if (since === null) return null;
  const nothing = completed.length === 0 && added.length === 0 && slips.length === 0;
  return (
    <section class="card" aria-labelledby="changes-title">
      <h2 id="changes-title">{t.t('page.changes.title', { date: t.date(dayOf(since, timeZone)) })}</h2>
      {nothing ? (
        <p class="empty">{t.t('page.changes.nothing')}</p>
      ) : (
        <div>
          <ul class="stats">
            <li class="stat">
              <strong>{t.t('page.chart.number', { value: completed.length })}</strong>
              <span>{t.t('page.changes.completed', { count: completed.length })}</span>
            </li>
            <li class="stat">
              <strong>{t.t('page.chart.number', { value: added.length })}</strong>
              <span>{t.t('page.changes.added', { count: added.length })}</span>
            </li>
            <li class="stat">
              <strong>{t.t('page.chart.number', { value: slips.length })}</strong>
              <span>{t.t('page.changes.moved', { count: slips.length })}</span>
            </li>
          </ul>
          {detail === 'detailed' && completed.length > 0 ? (
            <div>
              <h3 class="label">{t.t('page.changes.completedList')}</h3>
              <TaskList t={t} tasks={completed} status={false} />
            </div>
          ) : null}
          {detail === 'detailed' && added.length > 0 ? (
            <div>
              <h3 class="label">{t.t('page.changes.addedList')}</h3>
              <TaskList t={t} tasks={added} />
            </div>
          ) : null}
          {slips.length > 0 ? (
            <div>
              <h3 class="label">{t.t('page.changes.movedList')}</h3>
              <ul class="slips">
                {slips.map((slip) => (
                  <li key={`${slip.milestoneId}-${slip.at}`}>
                    <ArrowIcon />
                    <span>{slipSentence(t, slip)}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}

function TaskList({
  t,
  tasks,
  status = true,
}: {
  t: Translator;
  tasks: TaskRef[];
  /** Off where the list itself says the status ("Completed"). */
  status?: boolean;
}): VNode {
  return (
    <ul class="items">
      {tasks.map((task) => {
        const blocked = task.blocked && task.status !== 'done' && task.status !== 'cancelled';
        return (
          <li key={task.id}>
            <span>{task.title}</span>
            {status ? (
              <span class={`status status--${blocked ? 'blocked' : task.status}`}>
                {blocked ? t.t('page.tasks.blocked') : statusWord(t, task.status)}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function TasksSection({ t, summary }: { t: Translator; summary: Summary }): VNode {
  return (
    <section class="card" aria-labelledby="tasks-title">
      <h2 id="tasks-title">{t.t('page.tasks.title')}</h2>
      {summary.milestones.length === 0 && summary.unplanned.length === 0 ? (
        <p class="empty">{t.t('page.tasks.none')}</p>
      ) : null}
      {summary.milestones.map((milestone) => (
        <TaskGroup key={milestone.id} t={t} title={milestone.name} tasks={milestone.tasks} />
      ))}
      {summary.unplanned.length > 0 ? (
        <TaskGroup t={t} title={t.t('page.tasks.unplanned')} tasks={summary.unplanned} />
      ) : null}
    </section>
  );
}

/** Longer lists than this start folded, so a large project's page stays short; print shows them all. */
const OPEN_TASKS = 10;

/** One milestone's tasks: a native disclosure (works without script) headed by the name and the count. */
function TaskGroup({ t, title, tasks }: { t: Translator; title: string; tasks: TaskRef[] }): VNode {
  return (
    <details class="task-group" open={tasks.length <= OPEN_TASKS}>
      <summary>
        <h3>{title}</h3>
        <span class="muted">{t.t('page.tasks.count', { count: tasks.length })}</span>
      </summary>
      {tasks.length > 0 ? <TaskList t={t} tasks={tasks} /> : <p class="empty">{t.t('page.tasks.none')}</p>}
    </details>
  );
}

function HistorySection({
  t,
  history,
  timeZone,
}: {
  t: Translator;
  history: SharePageProps['history'];
  timeZone: string;
}): VNode | null {
  if (history.length === 0) return null;
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">{t.t('page.history.title')}</h2>
      <ol class="items history">
        {history.map((entry) => (
          <li key={entry.id}>
            <span>{entry.headline}</span>
            <time class="meta" dateTime={entry.publishedAt}>
              {t.date(dayOf(entry.publishedAt, timeZone))}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}
