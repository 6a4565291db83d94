import { useEffect, useState } from 'preact/hooks';
import type { Locale } from '../../../service/domain/model';
import type { ViewProps } from '../app';
import type { CreatedShareLink, ShareLink } from '../types';
import { DetailSelect, LANGUAGE_NAMES, LanguageSelect, type Detail } from './fields';

/** Share links: create (language, detail, expiry, passcode), copy once, revoke, see views. */
export function LinksView({ api, i18n, fail }: ViewProps) {
  const [links, setLinks] = useState<ShareLink[] | undefined>();
  const [created, setCreated] = useState<CreatedShareLink | undefined>();
  const load = () => api<{ items: ShareLink[] }>('GET', '/share-links').then((r) => setLinks(r.items), fail);
  useEffect(() => void load(), []);

  const revoke = (id: string) => api('DELETE', `/share-links/${id}`).then(() => load(), fail);
  return (
    <section class="links">
      <CreateLink
        {...{ api, i18n, fail }}
        onCreated={(link) => {
          setCreated(link);
          void load();
        }}
      />
      {created && <CopyOnce url={created.url} i18n={i18n} />}
      {links?.length === 0 && <p class="muted">{i18n.t('links.none')}</p>}
      <ul class="list">
        {links?.map((link) => (
          <li data-link={link.id} data-state={link.state}>
            <span>
              <strong>{link.label ?? i18n.t('links.unlabelled')}</strong> · {LANGUAGE_NAMES[link.language]} ·{' '}
              {i18n.t(`links.state.${link.state}`)} · {i18n.t('links.views', { count: link.viewCount })}
            </span>
            {link.state === 'active' && (
              <button type="button" onClick={() => void revoke(link.id)}>
                {i18n.t('links.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CreateLink(
  props: Pick<ViewProps, 'api' | 'i18n' | 'fail'> & { onCreated: (l: CreatedShareLink) => void },
) {
  const { api, i18n, fail } = props;
  const [label, setLabel] = useState('');
  const [language, setLanguage] = useState<Locale>(i18n.locale);
  const [detail, setDetail] = useState<Detail>('overview');
  const [expires, setExpires] = useState('');
  const [passcode, setPasscode] = useState('');
  return (
    <form
      class="create-link"
      onSubmit={(e) => {
        e.preventDefault();
        api<CreatedShareLink>('POST', '/share-links', {
          language,
          detail,
          ...(label ? { label } : {}),
          ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
          ...(passcode ? { passcode } : {}),
        }).then(props.onCreated, fail);
      }}
    >
      <h2>{i18n.t('links.create')}</h2>
      <div class="grid">
        <label>
          {i18n.t('links.label')}
          <input value={label} maxLength={120} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <LanguageSelect
          label={i18n.t('links.language')}
          value={language}
          onChange={(value) => setLanguage(value || i18n.locale)}
        />
        <DetailSelect label={i18n.t('links.detail')} value={detail} onChange={setDetail} i18n={i18n} />
        <label>
          {i18n.t('links.expires')}
          <input type="date" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} />
        </label>
        <label>
          {i18n.t('links.passcode')}
          <input
            type="password"
            autoComplete="new-password"
            value={passcode}
            maxLength={100}
            onInput={(e) => setPasscode(e.currentTarget.value)}
          />
        </label>
      </div>
      <button type="submit" class="primary">
        {i18n.t('links.create')}
      </button>
    </form>
  );
}

/** The new link, shown this once, with a copy button that works inside a sandboxed frame too. */
function CopyOnce({ url, i18n }: { url: string; i18n: ViewProps['i18n'] }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="created" role="status">
      <p>{i18n.t('links.created')}</p>
      <div class="row">
        <input id="created-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          onClick={() => {
            const input = document.getElementById('created-url') as HTMLInputElement;
            input.select();
            const done = () => setCopied(true);
            navigator.clipboard?.writeText(url).then(done, () => document.execCommand('copy') && done());
          }}
        >
          {copied ? i18n.t('links.copied') : i18n.t('links.copy')}
        </button>
      </div>
    </div>
  );
}
