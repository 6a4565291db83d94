import { inScope } from '../domain/scope';
import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { safeEqual } from '../crypto';
import { addBusinessHours } from '../domain/business-time';
import {
  applyFeedbackPatch,
  isFeedbackKind,
  responseTargetHoursOf,
  validateFeedback,
  type FeedbackErrors,
  type FeedbackForm,
  type FeedbackKind,
  type FeedbackPatch,
} from '../domain/feedback';
import type { Locale } from '../domain/model';
import { createError, notFound } from '../errors';
import type { Db } from '../store/db';
import {
  answeredThread,
  insertFeedback,
  latestPublishedId,
  listFeedback,
  lockFeedback,
  projectWithZone,
  saveAnswer,
  type FeedbackFilter,
  type ThreadRow,
} from '../store/feedback.store';
import { newId } from '../store/ids';
import { listMilestones } from '../store/milestones.store';
import type { Page, PageRequest } from '../store/paging';
import type { FeedbackRow, ShareLinkRow } from '../store/schema';
import type { PageVersions } from './page-versions';
import { recordEvent, type EventInput } from './webhook-events.service';

export interface FeedbackLimits {
  /** Posts one share link accepts per hour, all senders together. */
  perLinkPerHour: number;
  /** Posts one address may send per hour, all links together. */
  perIpPerHour: number;
}

/** A feedback item as the PM sees it: the row plus what the response target makes of it. */
export interface FeedbackView {
  row: FeedbackRow;
  /** When an answer is due: the response target, in business hours, after it was sent. */
  answerDueAt: Date;
  /** Still open past `answerDueAt`. Never shown to clients. */
  overdue: boolean;
  /** answeredAt − createdAt, whole seconds; null until answered. */
  responseSeconds: number | null;
}

export type SubmitOutcome =
  | { result: 'sent'; kind: FeedbackKind }
  | { result: 'forbidden' }
  | { result: 'rate_limited'; retryAfterSeconds: number }
  | { result: 'invalid'; errors: FeedbackErrors };

/** The share page shows this many answered questions and comments, latest answer first. */
const THREAD_LENGTH = 20;
const HOUR_S = 3600;

/**
 * Client feedback (sent from share pages) and the PM's answers. A post is stored, with its
 * `feedback.created` outbox event, before the client is told it was sent. An answer replaces the
 * project's page version after it commits, so every process shows it on its very next request.
 */
export function createFeedbackService(deps: {
  db: Db;
  redis: Redis;
  keyPrefix: string;
  secretKey: Buffer;
  versions: PageVersions;
  limits: FeedbackLimits;
  now?: () => Date;
}) {
  const { db, versions } = deps;
  const now = deps.now ?? (() => new Date());
  // Counted in Redis (shared by every API process); while Redis does not answer, in this process.
  const limiter = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: deps.redis,
      keyPrefix: `${deps.keyPrefix}:feedback-${name}`,
      points,
      duration: HOUR_S,
      insuranceLimiter: new RateLimiterMemory({ points, duration: HOUR_S }),
    });
  const perIp = limiter('ip', deps.limits.perIpPerHour);
  const perLink = limiter('link', deps.limits.perLinkPerHour);

  /** Bound to the link by the secret key: a post needs a form this service rendered for this link. */
  const formToken = (link: ShareLinkRow): string =>
    createHmac('sha256', deps.secretKey).update(`feedback-form:${link.id}`).digest('base64url');

  async function consume(ip: string, linkId: string): Promise<number | null> {
    try {
      await perIp.consume(ip);
      await perLink.consume(linkId);
      return null;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    }
  }

  async function zoneOf(workspaceId: string, projectId: string) {
    const found = await projectWithZone(db, workspaceId, projectId);
    if (!found) throw notFound('Project');
    return { timeZone: found.timeZone, targetHours: responseTargetHoursOf(found.project.clientSettings) };
  }

  return {
    formToken,

    /** What the share page shows: answered questions and comments (no emails, nothing about targets). */
    thread: (projectId: string): Promise<ThreadRow[]> => answeredThread(db, projectId, THREAD_LENGTH),

    async submit(input: {
      link: ShareLinkRow;
      locale: Locale;
      ip: string;
      form: FeedbackForm;
    }): Promise<SubmitOutcome> {
      const { link, form } = input;
      if (!safeEqual(form.formToken, formToken(link))) return { result: 'forbidden' };
      const retryAfterSeconds = await consume(input.ip, link.id);
      if (retryAfterSeconds !== null) return { result: 'rate_limited', retryAfterSeconds };
      // A robot filled the trap field: it is told it worked, and nothing is kept.
      if (form.honeypot)
        return { result: 'sent', kind: isFeedbackKind(form.values.kind) ? form.values.kind : 'comment' };

      const milestones = await listMilestones(db, link.projectId);
      const updateId = await latestPublishedId(db, link.projectId);
      const checked = validateFeedback(form.values, {
        milestoneIds: new Set(milestones.map((m) => m.id)),
        canRate: updateId !== undefined,
      });
      if (!checked.ok) return { result: 'invalid', errors: checked.errors };
      const { submission } = checked;
      await db.transaction(async (tx) => {
        const row = await insertFeedback(tx, {
          id: newId(),
          workspaceId: link.workspaceId,
          projectId: link.projectId,
          shareLinkId: link.id,
          ...submission,
          updateId: submission.kind === 'rating' ? (updateId ?? null) : null,
          locale: input.locale,
        });
        await recordEvent(tx, feedbackEvent(row, 'feedback.created')); // outbox: commits with it
      });
      // Open feedback is not on the page, so the page version stays: nothing a client sees changed.
      return { result: 'sent', kind: submission.kind };
    },

    async list(
      workspaceId: string,
      projectId: string,
      filter: FeedbackFilter,
      page: PageRequest,
    ): Promise<Page<FeedbackView>> {
      const zone = await zoneOf(workspaceId, projectId);
      const rows = await listFeedback(db, projectId, filter, page);
      const at = now();
      return { items: rows.items.map((row) => toView(row, zone, at)), nextCursor: rows.nextCursor };
    },

    /** The PM's reply and/or status. Idempotent: repeating it (after a Redis failure) re-announces it. */
    async answer(
      workspaceId: string,
      id: string,
      patch: FeedbackPatch,
      projectId?: string,
    ): Promise<FeedbackView> {
      const at = now();
      const row = await db.transaction(async (tx) => {
        const current = inScope(await lockFeedback(tx, workspaceId, id), projectId);
        if (!current) throw notFound('Feedback');
        const outcome = applyFeedbackPatch(current, patch, at);
        if (!outcome.ok)
          throw createError('reply_required', 409, 'Feedback can be marked answered only with a reply.', {
            errors: [{ field: 'reply', message: 'is required to mark feedback answered' }],
          });
        const saved = await saveAnswer(tx, id, outcome.next, at);
        if (outcome.answered) await recordEvent(tx, feedbackEvent(saved, 'feedback.answered'));
        return saved;
      });
      await versions.bump(row.projectId); // after the commit: the reply shows on the next page request
      return toView(row, await zoneOf(workspaceId, row.projectId), now());
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;

export function toView(
  row: FeedbackRow,
  zone: { timeZone: string; targetHours: number },
  at: Date,
): FeedbackView {
  const answerDueAt = addBusinessHours(row.createdAt, zone.targetHours, zone.timeZone);
  return {
    row,
    answerDueAt,
    overdue: row.status === 'open' && at.getTime() >= answerDueAt.getTime(),
    responseSeconds: row.answeredAt
      ? Math.max(0, Math.round((row.answeredAt.getTime() - row.createdAt.getTime()) / 1000))
      : null,
  };
}

/** The event body: everything but the client's email, which stays with the PM. */
function feedbackEvent(
  row: FeedbackRow,
  type: 'feedback.created' | 'feedback.answered',
): EventInput<'feedback.created' | 'feedback.answered'> {
  return {
    workspaceId: row.workspaceId,
    projectId: row.projectId,
    type,
    data: {
      feedback: {
        id: row.id,
        projectId: row.projectId,
        kind: row.kind,
        status: row.status,
        body: row.body,
        rating: row.rating,
        milestoneId: row.milestoneId,
        authorName: row.authorName,
        reply: row.reply,
        createdAt: row.createdAt.toISOString(),
        answeredAt: row.answeredAt?.toISOString() ?? null,
      },
    },
  };
}
