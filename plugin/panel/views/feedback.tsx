import { useEffect, useState } from 'preact/hooks';
import type { ViewProps } from '../app';
import type { CommHealth, Feedback } from '../types';

const FILTERS = ['open', 'answered', 'closed', 'all'] as const;
type Filter = (typeof FILTERS)[number];

/** The client feedback inbox: oldest problems first in sight (overdue flagged), answer, close, reopen. */
export function FeedbackView({ api, i18n, fail }: ViewProps) {
  const [filter, setFilter] = useState<Filter>('open');
  const [items, setItems] = useState<Feedback[] | undefined>();
  const [health, setHealth] = useState<CommHealth | undefined>();
  const load = () =>
    api<{ items: Feedback[] }>(
      'GET',
      `/feedback?limit=100${filter === 'all' ? '' : `&status=${filter}`}`,
    ).then((r) => setItems(r.items), fail);
  useEffect(() => void load(), [filter]);
  useEffect(() => void api<CommHealth>('GET', '/comm-health').then(setHealth, fail), [items]);
  const patch = (id: string, body: { reply?: string; status?: string }) =>
    api('PATCH', `/feedback/${id}`, body).then(() => load(), fail);

  return (
    <section class="feedback">
      {health && <HealthLine health={health} i18n={i18n} />}
      <label>
        {i18n.t('feedback.filter')}
        <select value={filter} onChange={(e) => setFilter(e.currentTarget.value as Filter)}>
          {FILTERS.map((f) => (
            <option value={f}>
              {f === 'all' ? i18n.t('feedback.filter.all') : i18n.t(`feedback.status.${f}`)}
            </option>
          ))}
        </select>
      </label>
      {items?.length === 0 && <p class="muted">{i18n.t('feedback.none')}</p>}
      <ul class="list">
        {items?.map((item) => (
          <FeedbackItem key={item.id} item={item} i18n={i18n} patch={patch} />
        ))}
      </ul>
    </section>
  );
}

function FeedbackItem(props: {
  item: Feedback;
  i18n: ViewProps['i18n'];
  patch: (id: string, body: { reply?: string; status?: string }) => Promise<void>;
}) {
  const { item, i18n, patch } = props;
  const [reply, setReply] = useState(item.reply ?? '');
  return (
    <li class={item.overdue ? 'overdue' : ''} data-feedback={item.id}>
      <p>
        <strong>{i18n.t(`feedback.kind.${item.kind}`)}</strong> · {i18n.t(`feedback.status.${item.status}`)} ·{' '}
        <span class="muted">
          {i18n.t('feedback.from', { name: item.authorName, when: i18n.when(item.createdAt) })}
        </span>
      </p>
      {item.rating !== null && <p>{i18n.t('feedback.rating', { rating: item.rating })}</p>}
      {item.body && <blockquote>{item.body}</blockquote>}
      {item.status === 'open' && (
        <p class={item.overdue ? 'error' : 'muted'}>
          {i18n.t(item.overdue ? 'feedback.overdue' : 'feedback.due', { when: i18n.when(item.answerDueAt) })}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void patch(item.id, { reply: reply.trim() });
        }}
      >
        <label>
          {i18n.t('feedback.reply')}
          <textarea
            rows={3}
            maxLength={4000}
            required
            value={reply}
            onInput={(e) => setReply(e.currentTarget.value)}
          />
        </label>
        <div class="row">
          <button type="submit" class="primary">
            {i18n.t('feedback.send')}
          </button>
          {item.status === 'open' ? (
            <button type="button" onClick={() => void patch(item.id, { status: 'closed' })}>
              {i18n.t('feedback.close')}
            </button>
          ) : (
            <button type="button" onClick={() => void patch(item.id, { status: 'open' })}>
              {i18n.t('feedback.reopen')}
            </button>
          )}
        </div>
      </form>
    </li>
  );
}

/** How the relationship is going: overdue answers, answer time, days since the last update, last rating. */
function HealthLine({ health, i18n }: { health: CommHealth; i18n: ViewProps['i18n'] }) {
  const latest = health.updates[0];
  const parts = [
    i18n.t('health.overdue', { count: health.overdueFeedback }),
    health.medianResponseHours === null
      ? null
      : i18n.t('health.response', { hours: health.medianResponseHours }),
    health.daysSinceLastUpdate === null ? null : i18n.t('health.days', { days: health.daysSinceLastUpdate }),
    latest?.averageRating == null
      ? null
      : i18n.t('health.rating', { rating: latest.averageRating, views: latest.views }),
  ].filter((part): part is string => part !== null);
  return (
    <p class={health.overdueFeedback > 0 ? 'health error' : 'health muted'} data-health>
      {parts.join(' · ')}
    </p>
  );
}
