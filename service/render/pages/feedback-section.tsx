import type { VNode } from 'preact';
import { unixToDate } from '../../domain/dates';
import {
  FEEDBACK_LIMITS,
  FORM_TOKEN_FIELD,
  HONEYPOT_FIELD,
  type FeedbackErrors,
  type FeedbackField,
  type FeedbackFormValues,
  type FeedbackKind,
  type FieldProblem,
} from '../../domain/feedback';
import type { Translator } from '../i18n/i18n';

/** An answered question or comment, as clients see it: no email, nothing about response targets. */
export interface ThreadItem {
  id: string;
  kind: FeedbackKind;
  body: string | null;
  authorName: string;
  reply: string | null;
  createdAt: Date;
  answeredAt: Date;
}

/** What the form shows: a confirmation after a post, or the post again with what is wrong. */
export type FeedbackFormState =
  | { sent: FeedbackKind }
  | {
      values: FeedbackFormValues;
      errors: FeedbackErrors;
      problem?: 'forbidden' | 'rate_limited' | undefined;
      retryAfterSeconds?: number | undefined;
    };

export interface FeedbackSectionProps {
  /** Where the form posts: `/s/:token/feedback?lang=…`. */
  action: string;
  /** The link's form token (share.routes.ts checks it with the Origin). */
  formToken: string;
  thread: readonly ThreadItem[];
  /** Milestones a client may approve or ask a change to. */
  milestones: readonly { id: string; name: string }[];
  /** Whether there is a published update to rate. */
  canRate: boolean;
  state: FeedbackFormState | null;
}

const EMPTY: FeedbackFormValues = { kind: '', body: '', name: '', email: '', rating: '', milestoneId: '' };

const dayOf = (instant: Date, timeZone: string) =>
  unixToDate(instant.getTime() / 1000, timeZone) ?? instant.toISOString().slice(0, 10);

/** One sentence per field and problem (literal keys, so the catalog check sees each one used). */
function fieldError(t: Translator, field: FeedbackField, problem: FieldProblem): string {
  switch (field) {
    case 'kind':
      return t.t('page.feedback.error.kind');
    case 'body':
      return t.t('page.feedback.error.body', { problem, max: FEEDBACK_LIMITS.body });
    case 'name':
      return t.t('page.feedback.error.name', { problem, max: FEEDBACK_LIMITS.name });
    case 'email':
      return t.t('page.feedback.error.email');
    case 'rating':
      return t.t('page.feedback.error.rating');
    case 'milestoneId':
      return t.t('page.feedback.error.milestoneId');
  }
}

/**
 * The client's way back to the PM (`#feedback`): answered questions and comments with their answers, then
 * one plain form posting to `/s/:token/feedback` (works without script; the route answers 303 back here
 * with `?sent=`). Errors are said in words next to their field and tied to it for screen readers.
 */
export function FeedbackSection({
  t,
  timeZone,
  feedback,
}: {
  t: Translator;
  timeZone: string;
  feedback: FeedbackSectionProps;
}): VNode {
  const { state } = feedback;
  const sent = state && 'sent' in state ? state.sent : null;
  const failed = state && 'errors' in state ? state : null;
  const values = failed?.values ?? EMPTY;
  const errors = failed?.errors ?? {};
  const kinds: FeedbackKind[] = [
    'question',
    'comment',
    ...(feedback.milestones.length > 0 ? (['approval'] as const) : []),
    'change_request',
    ...(feedback.canRate ? (['rating'] as const) : []),
  ];
  const checkedKind = kinds.find((kind) => kind === values.kind) ?? 'question';
  const alert = failed?.problem
    ? failed.problem === 'forbidden'
      ? t.t('page.feedback.forbidden')
      : t.t('page.feedback.rateLimited', {
          minutes: Math.max(1, Math.ceil((failed.retryAfterSeconds ?? 60) / 60)),
        })
    : Object.keys(errors).length > 0
      ? t.t('page.feedback.errorSummary')
      : null;
  const error = (field: FeedbackField) => {
    const problem = errors[field];
    return problem ? { id: `fb-${field}-error`, text: fieldError(t, field, problem) } : null;
  };
  const described = (field: FeedbackField, hint?: string) =>
    [hint, errors[field] ? `fb-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const ErrorText = ({ field }: { field: FeedbackField }) => {
    const e = error(field);
    return e ? (
      <p class="fb-error" id={e.id}>
        {e.text}
      </p>
    ) : null;
  };

  return (
    <section class="card" id="feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title">{t.t('page.feedback.title')}</h2>
      <p class="fb-intro">{t.t('page.feedback.intro')}</p>
      {sent ? (
        <div class="notice notice--sent" role="status">
          <p>{t.t('page.feedback.sent', { kind: sent })}</p>
        </div>
      ) : null}

      {feedback.thread.length > 0 ? (
        <div>
          <h3 class="label">{t.t('page.feedback.answered')}</h3>
          <ul class="fb-thread">
            {feedback.thread.map((item) => (
              <li key={item.id} class="fb-item">
                <p class="fb-meta">
                  {t.t('page.feedback.asked', {
                    kind: item.kind,
                    name: item.authorName,
                    date: t.date(dayOf(item.createdAt, timeZone)),
                  })}
                </p>
                {item.body ? <p class="fb-text">{item.body}</p> : null}
                <div class="fb-reply">
                  <p class="fb-meta">
                    {t.t('page.feedback.reply', { date: t.date(dayOf(item.answeredAt, timeZone)) })}
                  </p>
                  <p class="fb-text">{item.reply}</p>
                </div>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <form class="fb-form" method="post" action={feedback.action}>
        <h3>{t.t('page.feedback.formTitle')}</h3>
        {alert ? (
          <p class="error" role="alert">
            {alert}
          </p>
        ) : null}
        <input type="hidden" name={FORM_TOKEN_FIELD} value={feedback.formToken} />

        <fieldset aria-describedby={described('kind')}>
          <legend>{t.t('page.feedback.kindLegend')}</legend>
          <div class="fb-choices">
            {kinds.map((kind) => (
              <label key={kind} class="fb-choice" for={`fb-kind-${kind}`}>
                <input
                  type="radio"
                  id={`fb-kind-${kind}`}
                  name="kind"
                  value={kind}
                  checked={kind === checkedKind}
                />
                <span>{t.t('page.feedback.kind', { kind })}</span>
              </label>
            ))}
          </div>
          <ErrorText field="kind" />
        </fieldset>

        {feedback.milestones.length > 0 ? (
          <div class="fb-field fb-when fb-when--milestone">
            <label class="fb-label" for="fb-milestone">
              {t.t('page.feedback.milestone')}
            </label>
            <select
              id="fb-milestone"
              name="milestoneId"
              aria-invalid={errors.milestoneId ? 'true' : undefined}
              aria-describedby={described('milestoneId', 'fb-milestone-hint')}
            >
              <option value="">{t.t('page.feedback.milestoneChoose')}</option>
              {feedback.milestones.map((m) => (
                <option key={m.id} value={m.id} selected={m.id === values.milestoneId}>
                  {m.name}
                </option>
              ))}
            </select>
            <p class="fb-hint" id="fb-milestone-hint">
              {t.t('page.feedback.milestoneHint')}
            </p>
            <ErrorText field="milestoneId" />
          </div>
        ) : null}

        {feedback.canRate ? (
          <fieldset class="fb-when fb-when--rating" aria-describedby={described('rating', 'fb-rating-hint')}>
            <legend>{t.t('page.feedback.ratingLegend')}</legend>
            <div class="fb-choices">
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} class="fb-choice" for={`fb-rating-${n}`}>
                  <input
                    type="radio"
                    id={`fb-rating-${n}`}
                    name="rating"
                    value={String(n)}
                    checked={values.rating === String(n)}
                  />
                  <span>{t.t('page.chart.number', { value: n })}</span>
                </label>
              ))}
            </div>
            <p class="fb-hint" id="fb-rating-hint">
              {t.t('page.feedback.ratingHint')}
            </p>
            <ErrorText field="rating" />
          </fieldset>
        ) : null}

        <div class="fb-field">
          <label class="fb-label" for="fb-body">
            {t.t('page.feedback.body')}
          </label>
          <textarea
            id="fb-body"
            name="body"
            rows={6}
            maxlength={FEEDBACK_LIMITS.body}
            aria-invalid={errors.body ? 'true' : undefined}
            aria-describedby={described('body', 'fb-body-hint')}
            value={values.body}
          />
          <p class="fb-hint" id="fb-body-hint">
            {t.t('page.feedback.bodyHint', { max: FEEDBACK_LIMITS.body })}
          </p>
          <ErrorText field="body" />
        </div>

        <div class="fb-row">
          <div class="fb-field">
            <label class="fb-label" for="fb-name">
              {t.t('page.feedback.name')}
            </label>
            <input
              class="fb-input"
              id="fb-name"
              name="name"
              type="text"
              required
              maxlength={FEEDBACK_LIMITS.name}
              autocomplete="name"
              aria-invalid={errors.name ? 'true' : undefined}
              aria-describedby={described('name')}
              value={values.name}
            />
            <ErrorText field="name" />
          </div>
          <div class="fb-field">
            <label class="fb-label" for="fb-email">
              {t.t('page.feedback.email')}
            </label>
            <input
              class="fb-input"
              id="fb-email"
              name="email"
              type="email"
              maxlength={FEEDBACK_LIMITS.email}
              autocomplete="email"
              aria-invalid={errors.email ? 'true' : undefined}
              aria-describedby={described('email', 'fb-email-hint')}
              value={values.email}
            />
            <p class="fb-hint" id="fb-email-hint">
              {t.t('page.feedback.emailHint')}
            </p>
            <ErrorText field="email" />
          </div>
        </div>

        {/* The trap: out of sight and out of the tab order; people leave it empty, robots fill it. */}
        <div class="fb-trap" aria-hidden="true">
          <label for="fb-website">{t.t('page.feedback.trap')}</label>
          <input
            id="fb-website"
            name={HONEYPOT_FIELD}
            type="text"
            tabindex={-1}
            autocomplete="off"
            value=""
          />
        </div>

        <button type="submit">{t.t('page.feedback.submit')}</button>
        <p class="fb-privacy">{t.t('page.feedback.privacy')}</p>
      </form>
    </section>
  );
}
