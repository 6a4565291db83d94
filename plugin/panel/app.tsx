import { useEffect, useMemo, useState } from 'preact/hooks';
import { PanelApiError, type Api } from './api';
import { panelI18n, panelLocale, type PanelI18n } from './i18n';
import type { PanelContext } from './types';
import { FeedbackView } from './views/feedback';
import { LinksView } from './views/links';
import { PreviewView } from './views/preview';
import { SettingsView } from './views/settings';
import { SyncView } from './views/sync';
import { UpdateView } from './views/update';

const TABS = ['preview', 'sync', 'update', 'links', 'feedback', 'settings'] as const;
type Tab = (typeof TABS)[number];

export interface ViewProps {
  api: Api;
  i18n: PanelI18n;
  context: PanelContext;
  /** Reloads the context (project, connection, last run) after a change. */
  refresh: () => void;
  /** Shows an error in plain words at the top of the panel. */
  fail: (error: unknown) => void;
}

/** The message for a failed call, in the panel's language. */
export function problemText(i18n: PanelI18n, error: unknown): string {
  if (error instanceof PanelApiError) {
    if (error.status === 0) return i18n.t('error.network');
    if (error.status === 401) return i18n.t('error.expired');
    return i18n.t('error.generic', { detail: error.message });
  }
  return i18n.t('error.generic', { detail: String(error) });
}

export function App(props: { api: Api; hostLocale: string | undefined }) {
  const { api } = props;
  const [context, setContext] = useState<PanelContext | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [tab, setTab] = useState<Tab>('preview');
  const i18n = useMemo(
    () => panelI18n(panelLocale(props.hostLocale ?? context?.locale)),
    [props.hostLocale, context?.locale],
  );
  const fail = (e: unknown) => setError(problemText(i18n, e));
  const refresh = () => {
    api<PanelContext>('GET', '/context').then(setContext, fail);
  };
  useEffect(refresh, [api]);
  useEffect(() => void (document.documentElement.lang = i18n.locale), [i18n.locale]);

  if (!context)
    return error ? (
      <p class="error" role="alert">
        {error}
      </p>
    ) : (
      <p class="notice">{i18n.t('common.loading')}</p>
    );
  const view: ViewProps = { api, i18n, context, refresh, fail };
  return (
    <div class="panel">
      <header>
        <h1>{context.project.name}</h1>
        <nav role="tablist">
          {TABS.map((name) => (
            <button
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={tab === name}
              aria-controls="view"
              onClick={() => {
                setError(undefined);
                setTab(name);
              }}
            >
              {i18n.t(`tab.${name}`)}
            </button>
          ))}
        </nav>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <main id="view" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'preview' && <PreviewView {...view} />}
        {tab === 'sync' && <SyncView {...view} />}
        {tab === 'update' && <UpdateView {...view} />}
        {tab === 'links' && <LinksView {...view} />}
        {tab === 'feedback' && <FeedbackView {...view} />}
        {tab === 'settings' && <SettingsView {...view} />}
      </main>
    </div>
  );
}
