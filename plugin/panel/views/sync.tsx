import { useEffect, useState } from 'preact/hooks';
import type { ViewProps } from '../app';
import type { SyncRun } from '../types';

const ACTIVE = ['queued', 'running'];
const POLL_MS = 500;

/** Connection status, the last run in plain words, and "Sync now" with a live progress bar until it ends. */
export function SyncView({ api, i18n, context, refresh, fail }: ViewProps) {
  const [run, setRun] = useState<SyncRun | null>(context.lastRun);
  const active = run !== null && ACTIVE.includes(run.status);
  useEffect(() => {
    if (!run || !active) return;
    const timer = setTimeout(() => {
      api<SyncRun>('GET', `/syncs/${run.id}`).then((next) => {
        setRun(next);
        if (!ACTIVE.includes(next.status)) refresh();
      }, fail);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [run]);

  const start = () => api<SyncRun>('POST', '/syncs').then(setRun, fail);
  const { connection } = context;
  return (
    <section class="sync">
      <p>{i18n.t('sync.connection', { name: connection.name, provider: connection.provider })}</p>
      <p>
        {run?.finishedAt
          ? i18n.t('sync.last', { when: i18n.when(run.finishedAt) })
          : !run && i18n.t('sync.never')}
      </p>
      <button type="button" class="primary" disabled={active} onClick={() => void start()}>
        {i18n.t('sync.now')}
      </button>
      {run && <RunStatus run={run} i18n={i18n} />}
    </section>
  );
}

function RunStatus({ run, i18n }: { run: SyncRun; i18n: ViewProps['i18n'] }) {
  const { done, total, waitingUntil } = run.progress;
  const message = run.error?.message ?? '';
  const status = i18n.t(`sync.status.${run.status}`, { count: run.counts.fetched, message });
  return (
    <div class="run" data-status={run.status}>
      {ACTIVE.includes(run.status) && (
        <>
          <progress
            aria-label={i18n.t('sync.status.running')}
            max={total ?? undefined}
            value={total ? Math.min(done, total) : undefined}
          />
          {total !== null && <p class="muted">{i18n.t('sync.progress', { done, total })}</p>}
        </>
      )}
      {waitingUntil && <p class="muted">{i18n.t('sync.waiting', { when: i18n.when(waitingUntil) })}</p>}
      <p role="status" class={run.status === 'succeeded' ? 'ok' : ACTIVE.includes(run.status) ? '' : 'error'}>
        {status}
      </p>
    </div>
  );
}
