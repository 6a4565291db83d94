import type { FeedbackKind, FeedbackStatus } from './feedback';
import type { IsoDate } from './model';
import { formatDay, parseIsoDay, zoneCalendar } from './summary/calendar';
import { compareNullable, compareText } from './summary/context';
import type { DetectedRisk, Health, Progress, Slip, Summary } from './summary/types';
import type { UpdateContent, UpdateRisk } from './update';

/**
 * The agenda a PM takes into the weekly client meeting, as language-neutral data: what moved since the last
 * published update, the risks and the decisions the client owes, the client's open questions and the next
 * steps. Pure: everything is loaded by the caller (`now` included); `render/agenda.md.ts` puts it into words.
 */

/** Feedback that waits for the PM in the meeting: questions, change requests and approvals not yet given. */
export const AGENDA_FEEDBACK_KINDS = [
  'question',
  'change_request',
  'approval',
] as const satisfies readonly FeedbackKind[];
export type AgendaFeedbackKind = (typeof AGENDA_FEEDBACK_KINDS)[number];

/** Completed tasks named one by one; the rest are counted. */
export const AGENDA_LISTED_TASKS = 10;
/** Upcoming milestones shown as next steps when the latest update lists none. */
export const AGENDA_NEXT_MILESTONES = 3;

export interface AgendaFeedbackInput {
  id: string;
  kind: FeedbackKind;
  status: FeedbackStatus;
  body: string | null;
  authorName: string;
  milestoneId: string | null;
  createdAt: Date;
  /** From the feedback service: the response target decides these, not the agenda. */
  answerDueAt: Date;
  overdue: boolean;
}

export interface AgendaInput {
  /** The project's current summary; its `changes` are since `lastPublished`. */
  summary: Summary;
  /** The last published update and the summary frozen with it. */
  lastPublished: { id: string; publishedAt: Date; snapshot: Summary | null } | null;
  /** The newest update, draft or published: the PM's latest risks, decisions and next steps. */
  latestUpdate: { id: string; status: 'draft' | 'published'; content: UpdateContent } | null;
  /** The project's feedback (any kind and status: the agenda picks what is open). */
  feedback: readonly AgendaFeedbackInput[];
  /** The zone the project's calendar dates are in (today, decisions past their date). */
  timeZone: string;
  now: Date;
}

export interface AgendaDecision {
  question: string;
  by: IsoDate | null;
  /** Its date is before today: the client is late with it. */
  overdue: boolean;
  /** The problem of the risk it belongs to. */
  risk: string;
}

export interface AgendaQuestion {
  id: string;
  kind: AgendaFeedbackKind;
  body: string | null;
  authorName: string;
  /** The milestone it is about, when it is one the client sees. */
  milestone: { id: string; name: string } | null;
  createdAt: string;
  answerDueAt: string;
  overdue: boolean;
}

export interface AgendaMilestone {
  id: string;
  name: string;
  dueDate: IsoDate | null;
  forecastDate: IsoDate | null;
  health: Health;
}

export interface AgendaData {
  project: { id: string; name: string };
  generatedAt: string;
  /** Today in the project's zone. */
  today: IsoDate;
  timeZone: string;
  freshness: Summary['freshness'];
  /** The client-facing names of the summary's milestones, for the sentences that name one. */
  milestoneNames: ReadonlyMap<string, string>;
  progress: {
    lastUpdate: { id: string; publishedAt: string } | null;
    now: Progress;
    /** Overall progress in the summary frozen with the last published update. */
    atLastUpdate: Progress | null;
    completed: { count: number; tasks: { id: string; title: string; completedAt: string | null }[] };
    /** Tasks added to the scope since the last update. */
    added: number;
    /** Milestones finished since the last update, in the order they finished. */
    milestonesDone: { id: string; name: string; completedAt: string | null }[];
    slips: Slip[];
  };
  risks: {
    detected: DetectedRisk[];
    /** The PM's risks, from the latest update. */
    update: { id: string; status: 'draft' | 'published'; risks: UpdateRisk[] } | null;
    /** Decisions the client must take, soonest first (undated last). */
    decisions: AgendaDecision[];
  };
  /** Open questions, change requests and approvals, oldest first. */
  questions: AgendaQuestion[];
  nextSteps:
    | { source: 'update'; steps: string[] }
    | { source: 'milestones'; milestones: AgendaMilestone[] }
    | { source: 'none' };
}

const isAgendaKind = (kind: FeedbackKind): kind is AgendaFeedbackKind =>
  (AGENDA_FEEDBACK_KINDS as readonly string[]).includes(kind);

export function buildAgenda(input: AgendaInput): AgendaData {
  const { summary, lastPublished, latestUpdate } = input;
  const todayDay = zoneCalendar(input.timeZone).dayOf(input.now) ?? 0;
  const milestoneNames = new Map(summary.milestones.map((m) => [m.id, m.name]));

  return {
    project: summary.project,
    generatedAt: input.now.toISOString(),
    today: formatDay(todayDay),
    timeZone: input.timeZone,
    freshness: summary.freshness,
    milestoneNames,
    progress: {
      lastUpdate: lastPublished
        ? { id: lastPublished.id, publishedAt: lastPublished.publishedAt.toISOString() }
        : null,
      now: summary.overall.byCount,
      atLastUpdate: lastPublished?.snapshot?.overall.byCount ?? null,
      completed: {
        count: summary.changes.completed.length,
        tasks: summary.changes.completed
          .slice(0, AGENDA_LISTED_TASKS)
          .map(({ id, title, completedAt }) => ({ id, title, completedAt })),
      },
      added: summary.changes.added.length,
      milestonesDone: milestonesDoneSince(summary, lastPublished),
      slips: summary.changes.slips,
    },
    risks: {
      detected: summary.risks,
      update: latestUpdate
        ? { id: latestUpdate.id, status: latestUpdate.status, risks: latestUpdate.content.risks }
        : null,
      decisions: decisionsOf(latestUpdate?.content.risks ?? [], todayDay),
    },
    questions: input.feedback
      .filter((item) => item.status === 'open')
      .flatMap((item) => (isAgendaKind(item.kind) ? [{ item, kind: item.kind }] : []))
      .sort(
        (a, b) =>
          a.item.createdAt.getTime() - b.item.createdAt.getTime() || compareText(a.item.id, b.item.id),
      )
      .map(({ item, kind }) => {
        const name = item.milestoneId === null ? undefined : milestoneNames.get(item.milestoneId);
        return {
          id: item.id,
          kind,
          body: item.body,
          authorName: item.authorName,
          milestone: item.milestoneId !== null && name !== undefined ? { id: item.milestoneId, name } : null,
          createdAt: item.createdAt.toISOString(),
          answerDueAt: item.answerDueAt.toISOString(),
          overdue: item.overdue,
        };
      }),
    nextSteps: nextStepsOf(summary, latestUpdate),
  };
}

/**
 * Done now and not done in the frozen snapshot (a milestone the snapshot does not know is new). Without a
 * snapshot, finished after the update was published. Before the first update there is nothing to compare.
 */
function milestonesDoneSince(
  summary: Summary,
  lastPublished: AgendaInput['lastPublished'],
): AgendaData['progress']['milestonesDone'] {
  if (!lastPublished) return [];
  const before = lastPublished.snapshot
    ? new Map(lastPublished.snapshot.milestones.map((m) => [m.id, m.health]))
    : null;
  const since = lastPublished.publishedAt.getTime();
  return summary.milestones
    .filter(
      (m) =>
        m.health === 'done' &&
        (before ? before.get(m.id) !== 'done' : m.completedAt !== null && Date.parse(m.completedAt) > since),
    )
    .map(({ id, name, completedAt }) => ({ id, name, completedAt }))
    .sort(
      (a, b) =>
        compareNullable(instantMs(a.completedAt), instantMs(b.completedAt)) || compareText(a.id, b.id),
    );
}

function decisionsOf(risks: readonly UpdateRisk[], todayDay: number): AgendaDecision[] {
  return risks
    .flatMap((risk) =>
      risk.decision && risk.decision.question.trim() !== '' ? [{ risk, ...risk.decision }] : [],
    )
    .map(({ risk, question, by }) => {
      const day = parseIsoDay(by);
      return { question, by, overdue: day !== null && day < todayDay, risk: risk.problem, day };
    })
    .sort((a, b) => compareNullable(a.day, b.day))
    .map(({ day: _day, ...decision }) => decision);
}

function nextStepsOf(summary: Summary, latestUpdate: AgendaInput['latestUpdate']): AgendaData['nextSteps'] {
  const steps = (latestUpdate?.content.nextSteps ?? []).map((step) => step.trim()).filter((s) => s !== '');
  if (steps.length > 0) return { source: 'update', steps };
  // Summary milestones are in due-date order (undated last), so the first not done are the next due.
  const milestones = summary.milestones
    .filter((m) => m.health !== 'done')
    .slice(0, AGENDA_NEXT_MILESTONES)
    .map(({ id, name, dueDate, forecastDate, health }) => ({ id, name, dueDate, forecastDate, health }));
  return milestones.length > 0 ? { source: 'milestones', milestones } : { source: 'none' };
}

const instantMs = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
