import { z } from 'zod';
import { DEFAULT_RESPONSE_TARGET_HOURS, MAX_RESPONSE_TARGET_HOURS } from './business-time';

/**
 * Client feedback from a share page and the PM's answer to it: the rules, without I/O. The share page
 * posts a plain form (strings only); `validateFeedback` turns it into a submission or into one problem
 * per field, which the page shows next to that field in the reader's language.
 */
export const FEEDBACK_KINDS = ['question', 'comment', 'approval', 'change_request', 'rating'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const FEEDBACK_STATUSES = ['open', 'answered', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** Shown with their answer on the share page (approvals, change requests and ratings are for the PM). */
export const THREAD_KINDS: readonly FeedbackKind[] = ['question', 'comment'];

export const FEEDBACK_LIMITS = { body: 4000, name: 100, email: 254, reply: 4000 } as const;

export const isFeedbackKind = (value: unknown): value is FeedbackKind =>
  typeof value === 'string' && (FEEDBACK_KINDS as readonly string[]).includes(value);

export const FEEDBACK_FIELDS = ['kind', 'body', 'name', 'email', 'rating', 'milestoneId'] as const;
export type FeedbackField = (typeof FEEDBACK_FIELDS)[number];
export type FieldProblem = 'required' | 'too_long' | 'invalid';
export type FeedbackErrors = Partial<Record<FeedbackField, FieldProblem>>;

/** The form as posted, every field a string (echoed back into the form when something is wrong). */
export type FeedbackFormValues = Record<FeedbackField, string>;

export interface FeedbackForm {
  values: FeedbackFormValues;
  /** The hidden trap field was filled in: a robot. */
  honeypot: boolean;
  formToken: string;
}

export interface FeedbackSubmission {
  kind: FeedbackKind;
  body: string | null;
  authorName: string;
  authorEmail: string | null;
  rating: number | null;
  milestoneId: string | null;
}

/** The name of the hidden trap field: people never see it, form-filling robots fill it. */
export const HONEYPOT_FIELD = 'website';
export const FORM_TOKEN_FIELD = 'formToken';

/** A posted field as one string: a repeated field counts once, anything else is empty. */
function field(raw: Record<string, unknown>, name: string): string {
  const value = raw[name];
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : '';
}

export function readFeedbackForm(raw: Record<string, unknown>): FeedbackForm {
  const values = Object.fromEntries(
    FEEDBACK_FIELDS.map((name) => [name, field(raw, name)]),
  ) as FeedbackFormValues;
  return {
    values,
    honeypot: field(raw, HONEYPOT_FIELD).trim() !== '',
    formToken: field(raw, FORM_TOKEN_FIELD),
  };
}

const Email = z.email();

/**
 * Browsers send a textarea's line breaks as CRLF but count them as one character for `maxlength`, so the
 * length is checked on LF line breaks, as the client typed it.
 */
const text = (value: string): string => value.replace(/\r\n?/g, '\n').trim();

export interface FeedbackContext {
  /** The project's milestones a client may approve or ask a change to. */
  milestoneIds: ReadonlySet<string>;
  /** A rating is of the latest published update: without one there is nothing to rate. */
  canRate: boolean;
}

export function validateFeedback(
  values: FeedbackFormValues,
  context: FeedbackContext,
): { ok: true; submission: FeedbackSubmission } | { ok: false; errors: FeedbackErrors } {
  const errors: FeedbackErrors = {};
  const kind = isFeedbackKind(values.kind) ? values.kind : null;
  if (!kind || (kind === 'rating' && !context.canRate)) errors.kind = 'invalid';

  const body = text(values.body);
  const bodyRequired = kind === 'question' || kind === 'comment' || kind === 'change_request';
  if (body.length > FEEDBACK_LIMITS.body) errors.body = 'too_long';
  else if (bodyRequired && body === '') errors.body = 'required';

  const name = values.name.replace(/\s+/g, ' ').trim();
  if (name === '') errors.name = 'required';
  else if (name.length > FEEDBACK_LIMITS.name) errors.name = 'too_long';

  const email = values.email.trim();
  if (email !== '' && (email.length > FEEDBACK_LIMITS.email || !Email.safeParse(email).success))
    errors.email = 'invalid';

  let rating: number | null = null;
  if (kind === 'rating') {
    const given = values.rating.trim();
    if (given === '') errors.rating = 'required';
    else if (!/^[1-5]$/.test(given)) errors.rating = 'invalid';
    else rating = Number(given);
  }

  let milestoneId: string | null = null;
  if (kind === 'approval' || kind === 'change_request') {
    const given = values.milestoneId.trim();
    if (given === '') {
      if (kind === 'approval') errors.milestoneId = 'required';
    } else if (!context.milestoneIds.has(given)) errors.milestoneId = 'invalid';
    else milestoneId = given;
  }

  if (!kind || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    submission: {
      kind,
      body: body === '' ? null : body,
      authorName: name,
      authorEmail: email === '' ? null : email,
      rating,
      milestoneId,
    },
  };
}

/** The part of a feedback item the PM changes. */
export interface FeedbackAnswerState {
  status: FeedbackStatus;
  reply: string | null;
  answeredAt: Date | null;
}

export interface FeedbackPatch {
  /** A string answers; null removes the answer. */
  reply?: string | null | undefined;
  status?: FeedbackStatus | undefined;
}

export type PatchOutcome =
  { ok: true; next: FeedbackAnswerState; answered: boolean } | { ok: false; code: 'reply_required' };

/**
 * The PM's change. Setting a reply makes the item `answered` unless a status is given; removing it reopens
 * an answered item. `answeredAt` is when the current answer was first given, so the response time
 * (answeredAt − createdAt) is measured once and editing the wording does not move it. `answered` says
 * whether this change (re)answers the client: the `feedback.answered` event.
 */
export function applyFeedbackPatch(
  current: FeedbackAnswerState,
  patch: FeedbackPatch,
  now: Date,
): PatchOutcome {
  const reply = patch.reply === undefined ? current.reply : patch.reply;
  const status: FeedbackStatus =
    patch.status ??
    (patch.reply === undefined
      ? current.status
      : patch.reply === null
        ? current.status === 'answered'
          ? 'open'
          : current.status
        : 'answered');
  if (status === 'answered' && reply === null) return { ok: false, code: 'reply_required' };
  const answeredAt = reply === null ? null : (current.answeredAt ?? now);
  const answered = status === 'answered' && (current.status !== 'answered' || reply !== current.reply);
  return { ok: true, next: { status, reply, answeredAt }, answered };
}

/** The project's response target in business hours (client setting `responseTargetHours`). */
export function responseTargetHoursOf(clientSettings: Record<string, unknown>): number {
  const value = clientSettings.responseTargetHours;
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= MAX_RESPONSE_TARGET_HOURS
    ? value
    : DEFAULT_RESPONSE_TARGET_HOURS;
}
