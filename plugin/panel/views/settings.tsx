import { useEffect, useState } from 'preact/hooks';
import { WEEKDAYS, type Weekday } from '../../../service/domain/cadence';
import type { ViewProps } from '../app';
import type { CommPlan } from '../types';

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** What the client sees (hidden types and labels, answer target) and the communication plan. */
export function SettingsView(props: ViewProps) {
  return (
    <section class="settings">
      <Visibility {...props} />
      <Plan {...props} />
    </section>
  );
}

function Visibility({ api, i18n, context, refresh, fail }: ViewProps) {
  const settings = context.project.clientSettings;
  const [types, setTypes] = useState(settings.hiddenTypes.join(', '));
  const [labels, setLabels] = useState(settings.hiddenLabels.join(', '));
  const [target, setTarget] = useState(String(settings.responseTargetHours));
  const [saved, setSaved] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const clientSettings = {
          hiddenTypes: list(types),
          hiddenLabels: list(labels),
          responseTargetHours: Number(target),
        };
        api('PATCH', '/settings', { clientSettings }).then(() => {
          setSaved(true);
          refresh();
        }, fail);
      }}
    >
      <h2>{i18n.t('settings.visibility')}</h2>
      <label>
        {i18n.t('settings.hiddenTypes')}
        <input value={types} onInput={(e) => setTypes(e.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('settings.hiddenLabels')}
        <input value={labels} onInput={(e) => setLabels(e.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('settings.responseTarget')}
        <input
          type="number"
          min={1}
          max={720}
          value={target}
          onInput={(e) => setTarget(e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <button type="submit">{i18n.t('common.save')}</button>
        {saved && <span class="ok">{i18n.t('common.saved')}</span>}
      </div>
    </form>
  );
}

type Frequency = 'weekly' | 'biweekly' | 'monthly';
const CHAT_TYPES = ['slack', 'teams', 'wecom', 'dingtalk', 'feishu'] as const;

function Plan({ api, i18n, fail }: ViewProps) {
  const [plan, setPlan] = useState<CommPlan | null | undefined>();
  useEffect(() => void api<CommPlan | null>('GET', '/comm-plan').then(setPlan, fail), []);
  if (plan === undefined) return <p class="notice">{i18n.t('common.loading')}</p>;
  return <PlanForm key={plan?.id ?? 'new'} plan={plan} onSaved={setPlan} {...{ api, i18n, fail }} />;
}

function PlanForm(
  props: Pick<ViewProps, 'api' | 'i18n' | 'fail'> & { plan: CommPlan | null; onSaved: (p: CommPlan) => void },
) {
  const { api, i18n, fail, plan } = props;
  const cadence = plan?.cadence;
  const [frequency, setFrequency] = useState<Frequency>(cadence?.frequency ?? 'weekly');
  const [weekday, setWeekday] = useState<Weekday>(
    cadence && 'weekday' in cadence ? cadence.weekday : 'friday',
  );
  const [day, setDay] = useState(String(cadence && 'dayOfMonth' in cadence ? cadence.dayOfMonth : 1));
  const [hour, setHour] = useState(String(cadence?.hour ?? 16));
  const [timezone, setTimezone] = useState(
    cadence?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const emails = plan?.channels.find((c) => c.type === 'email');
  const [clientEmails, setClientEmails] = useState(
    emails?.recipients?.map((r) => r.address).join(', ') ?? '',
  );
  const pm = plan?.pmNotify.find((c) => c.type === 'email');
  const [pmEmail, setPmEmail] = useState(pm?.recipients?.[0]?.address ?? '');
  const [chatType, setChatType] = useState<(typeof CHAT_TYPES)[number] | ''>('');
  const [chatUrl, setChatUrl] = useState('');
  const kept = plan?.channels.filter((c) => c.type !== 'email') ?? [];
  const weekdayName = (d: Weekday) =>
    new Intl.DateTimeFormat(i18n.locale, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(d))), // 2024-01-01 was a Monday
    );

  const body = () => ({
    cadence:
      frequency === 'monthly'
        ? { frequency, dayOfMonth: Number(day), hour: Number(hour), timezone }
        : { frequency, weekday, hour: Number(hour), timezone },
    language: i18n.locale,
    channels: [
      ...(list(clientEmails).length
        ? [
            {
              type: 'email',
              ...(emails ? { id: emails.id } : {}),
              recipients: list(clientEmails).map((address) => ({ address, locale: i18n.locale })),
            },
          ]
        : []),
      ...kept.map((c) => ({ id: c.id, type: c.type, webhookUrl: c.webhookUrl })),
      ...(chatType && chatUrl ? [{ type: chatType, webhookUrl: chatUrl.trim() }] : []),
    ],
    pmNotify: pmEmail
      ? [{ type: 'email', ...(pm ? { id: pm.id } : {}), recipients: [{ address: pmEmail.trim() }] }]
      : [],
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        api<CommPlan>('PUT', '/comm-plan', body()).then(props.onSaved, fail);
      }}
    >
      <h2>{i18n.t('settings.plan')}</h2>
      <p class="muted">
        {plan?.nextRunAt
          ? i18n.t('settings.plan.next', { when: i18n.when(plan.nextRunAt) })
          : !plan && i18n.t('settings.plan.none')}
      </p>
      <div class="grid">
        <label>
          {i18n.t('settings.plan.frequency')}
          <select value={frequency} onChange={(e) => setFrequency(e.currentTarget.value as Frequency)}>
            {(['weekly', 'biweekly', 'monthly'] as const).map((f) => (
              <option value={f}>{i18n.t(`settings.plan.${f}`)}</option>
            ))}
          </select>
        </label>
        {frequency === 'monthly' ? (
          <label>
            {i18n.t('settings.plan.dayOfMonth')}
            <input
              type="number"
              min={1}
              max={28}
              value={day}
              onInput={(e) => setDay(e.currentTarget.value)}
            />
          </label>
        ) : (
          <label>
            {i18n.t('settings.plan.weekday')}
            <select value={weekday} onChange={(e) => setWeekday(e.currentTarget.value as Weekday)}>
              {WEEKDAYS.map((d) => (
                <option value={d}>{weekdayName(d)}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          {i18n.t('settings.plan.hour')}
          <input
            type="number"
            min={0}
            max={23}
            value={hour}
            onInput={(e) => setHour(e.currentTarget.value)}
          />
        </label>
        <label>
          {i18n.t('settings.plan.timezone')}
          <input value={timezone} onInput={(e) => setTimezone(e.currentTarget.value)} />
        </label>
      </div>
      <label>
        {i18n.t('settings.plan.clientEmails')}
        <input value={clientEmails} onInput={(e) => setClientEmails(e.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('settings.plan.pmEmail')}
        <input type="email" value={pmEmail} onInput={(e) => setPmEmail(e.currentTarget.value)} />
      </label>
      {kept.length > 0 && (
        <p class="muted">
          {i18n.t('settings.plan.kept', {
            list: kept.map((c) => c.name ?? c.webhookUrl ?? c.type).join(', '),
          })}
        </p>
      )}
      <div class="grid">
        <label>
          {i18n.t('settings.plan.webhook')}
          <select
            value={chatType}
            onChange={(e) => setChatType(e.currentTarget.value as (typeof CHAT_TYPES)[number] | '')}
          >
            <option value="">{i18n.t('settings.plan.webhook.none')}</option>
            {CHAT_TYPES.map((type) => (
              <option value={type}>{type}</option>
            ))}
          </select>
        </label>
        {chatType && (
          <label>
            {i18n.t('settings.plan.webhookUrl')}
            <input type="url" value={chatUrl} onInput={(e) => setChatUrl(e.currentTarget.value)} />
          </label>
        )}
      </div>
      <button type="submit" class="primary">
        {i18n.t('settings.plan.save')}
      </button>
      {plan && plan.problems.length > 0 && (
        <div class="problems">
          <h3>{i18n.t('settings.plan.problems')}</h3>
          <ul>
            {plan.problems.map((p) => (
              <li data-delivery={p.id}>
                <strong>{p.channelName ?? p.channelType}</strong> ·{' '}
                {i18n.t(p.status === 'failed' ? 'settings.plan.failed' : 'settings.plan.retrying', {
                  when: i18n.when(p.nextAttemptAt),
                })}
                {p.lastError && <span class="muted"> {p.lastError.message}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
