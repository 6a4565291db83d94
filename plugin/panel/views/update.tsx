import { useEffect, useState } from 'preact/hooks';
import type { ViewProps } from '../app';
import type { Update } from '../types';

interface Jargon {
  id: string;
  title: string;
  terms: string[];
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The weekly update: the pre-filled draft, edited and published; titles with jargon get client titles. */
export function UpdateView({ api, i18n, fail }: ViewProps) {
  const [updates, setUpdates] = useState<Update[] | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const load = () => api<{ items: Update[] }>('GET', '/updates').then((r) => setUpdates(r.items), fail);
  useEffect(() => void load(), []);
  if (!updates) return <p class="notice">{i18n.t('common.loading')}</p>;
  const draft = updates.find((u) => u.status === 'draft');
  const published = updates.find((u) => u.status === 'published');

  const create = () => api<Update>('POST', '/updates').then(() => load(), fail);
  return (
    <section class="update">
      {notice && (
        <p class="ok" role="status">
          {notice}
        </p>
      )}
      {published && (
        <p class="muted">{i18n.t('update.lastPublished', { when: i18n.when(published.publishedAt) })}</p>
      )}
      {draft ? (
        <DraftForm
          key={draft.id}
          draft={draft}
          {...{ api, i18n, fail }}
          onPublished={() => {
            setNotice(i18n.t('update.published'));
            void load();
          }}
        />
      ) : (
        <>
          <p>{i18n.t('update.none')}</p>
          <button type="button" class="primary" onClick={() => void create()}>
            {i18n.t('update.create')}
          </button>
        </>
      )}
      <JargonList {...{ api, i18n, fail }} />
    </section>
  );
}

function DraftForm(
  props: Pick<ViewProps, 'api' | 'i18n' | 'fail'> & { draft: Update; onPublished: () => void },
) {
  const { api, i18n, fail, draft } = props;
  const [headline, setHeadline] = useState(draft.content.headline);
  const [highlights, setHighlights] = useState(draft.content.highlights.join('\n'));
  const [nextSteps, setNextSteps] = useState(draft.content.nextSteps.join('\n'));
  const [saved, setSaved] = useState(false);
  const content = () => ({
    ...draft.content,
    headline,
    highlights: lines(highlights),
    nextSteps: lines(nextSteps),
  });
  const save = () => api<Update>('PATCH', `/updates/${draft.id}`, { content: content() });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save().then(() => setSaved(true), fail);
      }}
    >
      <label>
        {i18n.t('update.headline')}
        <input
          value={headline}
          maxLength={200}
          required
          onInput={(e) => setHeadline(e.currentTarget.value)}
        />
      </label>
      <label>
        {i18n.t('update.highlights')}
        <textarea rows={5} value={highlights} onInput={(e) => setHighlights(e.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('update.nextSteps')}
        <textarea rows={4} value={nextSteps} onInput={(e) => setNextSteps(e.currentTarget.value)} />
      </label>
      <div class="row">
        <button type="submit">{i18n.t('update.saveDraft')}</button>
        <button
          type="button"
          class="primary"
          onClick={() =>
            void save()
              .then(() => api<Update>('POST', `/updates/${draft.id}/publish`))
              .then(props.onPublished, fail)
          }
        >
          {i18n.t('update.publish')}
        </button>
        {saved && <span class="ok">{i18n.t('common.saved')}</span>}
      </div>
    </form>
  );
}

function JargonList({ api, i18n, fail }: Pick<ViewProps, 'api' | 'i18n' | 'fail'>) {
  const [items, setItems] = useState<Jargon[] | undefined>();
  const load = () =>
    api<{ items: Jargon[] }>('GET', `/jargon?lang=${i18n.locale}`).then((r) => setItems(r.items), fail);
  useEffect(() => void load(), [i18n.locale]);
  if (!items) return null;
  return (
    <section class="jargon">
      <h2>{i18n.t('update.jargon')}</h2>
      {items.length === 0 && <p class="muted">{i18n.t('update.jargon.none')}</p>}
      <ul>
        {items.map((item) => (
          <JargonItem key={item.id} item={item} {...{ api, i18n, fail }} onDone={() => void load()} />
        ))}
      </ul>
    </section>
  );
}

function JargonItem(props: Pick<ViewProps, 'api' | 'i18n' | 'fail'> & { item: Jargon; onDone: () => void }) {
  const { api, i18n, fail, item } = props;
  const [title, setTitle] = useState(item.title);
  return (
    <li>
      <strong>{item.title}</strong>
      <span class="muted"> {i18n.t('update.jargon.terms', { terms: item.terms.join(', ') })}</span>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          api('PATCH', `/tasks/${item.id}`, { clientTitle: title }).then(props.onDone, fail);
        }}
      >
        <input
          aria-label={i18n.t('update.jargon.title', { title: item.title })}
          value={title}
          maxLength={300}
          required
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        <button type="submit">{i18n.t('update.jargon.use')}</button>
      </form>
    </li>
  );
}
