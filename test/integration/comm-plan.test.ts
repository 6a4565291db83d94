import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createCommPlanService } from '../../service/services/comm-plan.service';
import { rawRows, STORES } from '../support/env';
import { startHarness, type Harness } from '../support/harness';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { sql } from 'drizzle-orm';

interface Channel {
  id: string;
  type: string;
  name: string | null;
  webhookUrl?: string;
  hasSecret?: boolean;
  recipients?: { address: string; locale?: string }[];
}
interface Delivery {
  id: string;
  updateId: string;
  purpose: 'draft_ready' | 'reminder' | 'update';
  channelId: string;
  channelType: string;
  status: string;
  attempts: number;
  lastError: { code: string; message: string } | null;
  sentAt: string | null;
}
interface Plan {
  id: string;
  cadence: Record<string, unknown>;
  language: string;
  channels: Channel[];
  pmNotify: Channel[];
  shareLinkId: string;
  nextRunAt: string | null;
  problems: Delivery[];
}

const ATTEMPTS = 3;

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await sleep(25);
  }
}

/** Wall-clock parts of an instant in a zone, read independently of the service's cadence code. */
const wallClock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

/**
 * The communication plan over the real service: real Redis (job schedulers, cadence and notify queues),
 * both stores, a real SMTP listener for email and real HTTP receivers standing in for Slack and Teams
 * webhooks on 127.0.0.1 (ALLOW_PRIVATE_UPSTREAMS, as in every integration test).
 */
describe.each(STORES)('communication plan on %s', (store) => {
  let h: Harness;
  let smtp: SmtpListener;
  let projectId: string;
  const receivers: WebhookReceiver[] = [];
  const receiver = async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  };

  const put = (body: unknown, key?: string) =>
    h.api('PUT', `/api/v1/projects/${projectId}/comm-plan`, body, key);
  const putOk = async (body: unknown) => {
    const res = await put(body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Plan>();
  };
  const deliveries = async (query = '') =>
    (await h.api('GET', `/api/v1/projects/${projectId}/deliveries${query}`)).json<{ items: Delivery[] }>()
      .items;
  const settled = (updateId: string, count: number) =>
    until(
      'deliveries settled',
      () => deliveries(`?updateId=${updateId}&limit=100`),
      (items) => items.length >= count && items.every((d) => d.status === 'sent' || d.status === 'failed'),
    );
  const publish = async (id?: string) => {
    const draftId =
      id ?? (await h.api('POST', `/api/v1/projects/${projectId}/updates`)).json<{ id: string }>().id;
    const res = await h.api('POST', `/api/v1/updates/${draftId}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ id: string; content: { headline: string } }>();
  };
  const schedulers = () => h.runtime.container.queues.cadence.getJobSchedulers(0, -1, true);
  const weekly = { frequency: 'weekly', weekday: 'friday', hour: 16, timezone: 'Europe/Paris' };
  const pmEmail = { type: 'email', recipients: [{ address: 'pm@agency.example', locale: 'en' }] };

  beforeAll(async () => {
    smtp = await startSmtpListener();
    h = await startHarness({
      store,
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: '"ClientLens" <updates@clientlens.test>',
        NOTIFY_ATTEMPTS: String(ATTEMPTS),
        NOTIFY_BACKOFF_MS: '100',
        NOTIFY_TIMEOUT_MS: '2000',
        NOTIFY_POLL_MS: '100',
      },
    });
    const connection = await h.connect();
    projectId = connection.projects[0]!.id;
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
  });
  afterEach(async () => {
    await h.api('DELETE', `/api/v1/projects/${projectId}/comm-plan`);
    if (!h.runtime.notifyOutbox!.running) h.runtime.notifyOutbox!.start();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    smtp.received.length = 0;
    smtp.refuse.clear();
  });
  afterAll(async () => {
    await h.close();
    await smtp.close();
  });

  test('PUT sets the plan: one job scheduler per plan, URLs write-only, its own share link; DELETE stops it', async () => {
    const slack = await receiver();
    const slackUrl = `${slack.url}/services/T000/B000/secret-part`;
    const plan = await putOk({
      cadence: weekly,
      language: 'fr',
      channels: [
        { type: 'slack', name: '#atlas-client', webhookUrl: slackUrl },
        { type: 'dingtalk', webhookUrl: `${slack.url}/robot/send?access_token=abc`, secret: 'SECdingtalk' },
      ],
      pmNotify: [pmEmail],
    });
    expect(plan.language).toBe('fr');
    expect(plan.channels.map((c) => c.webhookUrl)).toEqual([
      `${new URL(slack.url).origin}/…`,
      `${new URL(slack.url).origin}/…`,
    ]);
    expect(plan.channels[1]!.hasSecret).toBe(true);
    expect(JSON.stringify(plan)).not.toContain('secret-part');
    expect(JSON.stringify(plan)).not.toContain('SECdingtalk');
    // The next run: a Friday at 16:00 in Paris, within the coming week.
    const next = new Date(plan.nextRunAt!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    expect(wallClock(plan.nextRunAt!, 'Europe/Paris')).toBe('Friday 16:00');
    expect((await schedulers()).map((s) => [s.key, s.pattern, s.tz])).toEqual([
      [plan.id, '0 16 * * 5', 'Europe/Paris'],
    ]);
    const links = (await h.api('GET', `/api/v1/projects/${projectId}/share-links`)).json<{
      items: { id: string; label: string; language: string }[];
    }>().items;
    expect(links.find((l) => l.id === plan.shareLinkId)).toMatchObject({
      label: 'Envoyé avec les points',
      language: 'fr',
    });
    // Stored sealed: neither the URL nor the secret is readable in the database.
    const [row] = await rawRows<{ channels: string }>(
      h.runtime.container.database.db,
      sql`select channels from comm_plan where id = ${plan.id}`,
    );
    expect(row!.channels).not.toContain('secret-part');

    // Saved again with the redacted URL sent back (as GET shows it) and a new hour: same channel, same
    // link, still one scheduler, now at 9.
    const again = await putOk({
      cadence: { ...weekly, hour: 9 },
      language: 'fr',
      channels: plan.channels.map((c) => ({ id: c.id, type: c.type, webhookUrl: c.webhookUrl })),
      pmNotify: [pmEmail],
    });
    expect(again.id).toBe(plan.id);
    expect(again.shareLinkId).toBe(plan.shareLinkId);
    expect(again.channels.map((c) => c.id)).toEqual(plan.channels.map((c) => c.id));
    expect(again.channels[1]!.hasSecret).toBe(true);
    expect((await schedulers()).map((s) => s.pattern)).toEqual(['0 9 * * 5']);
    // Concurrent saves leave one plan and one scheduler.
    const results = await Promise.all([1, 2, 3].map((hour) => put({ cadence: { ...weekly, hour } })));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(await schedulers()).toHaveLength(1);
    expect((await h.api('GET', `/api/v1/projects/${projectId}/comm-plan`)).json<Plan>().id).toBe(plan.id);

    expect((await h.api('DELETE', `/api/v1/projects/${projectId}/comm-plan`)).statusCode).toBe(204);
    expect((await h.api('GET', `/api/v1/projects/${projectId}/comm-plan`)).statusCode).toBe(404);
    expect(await schedulers()).toEqual([]);
  });

  test('bad plans are refused with the field named; another workspace sees 404', async () => {
    const problem = async (body: unknown) => {
      const res = await put(body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    };
    expect(await problem({ cadence: { ...weekly, timezone: 'Mars/Olympus' } })).toEqual(['cadence.timezone']);
    expect(
      await problem({ cadence: { frequency: 'monthly', dayOfMonth: 31, hour: 9, timezone: 'UTC' } }),
    ).toEqual(['cadence.dayOfMonth']);
    expect(await problem({ cadence: { ...weekly, hour: 24 } })).toEqual(['cadence.hour']);
    expect(
      await problem({
        cadence: weekly,
        channels: [{ type: 'slack', webhookUrl: 'https://hooks.slack.com/…' }],
      }),
    ).toEqual(['channels.0.webhookUrl']);
    expect(
      await problem({
        cadence: weekly,
        pmNotify: [{ type: 'email', recipients: [{ address: 'not-an-email' }] }],
      }),
    ).toEqual(['pmNotify.0.recipients.0.address']);

    // A server without SMTP_URL refuses email channels with 422, saying what to set.
    const { db } = h.runtime.container.database;
    const noMail = createCommPlanService({
      db,
      secretKey: h.runtime.container.config.SECRET_KEY,
      shareLinks: h.runtime.container.services.shareLinks,
      schedules: h.runtime.container.commPlanSchedules,
      emailEnabled: false,
      allowPrivateUrls: true,
    });
    const refused = await noMail
      .put(h.workspaceId, projectId, {
        cadence: weekly as never,
        channels: [],
        pmNotify: [pmEmail as never],
        graceHours: 24,
      })
      .catch((error: unknown) => error as { status: number; code: string; message: string });
    expect(refused).toMatchObject({ status: 422, code: 'email_not_configured' });
    expect((refused as { message: string }).message).toContain('SMTP_URL');

    const other = await h.runtime.container.services.workspaces.create({ name: 'Other agency' });
    expect((await put({ cadence: weekly }, other.key)).statusCode).toBe(404);
    await putOk({ cadence: weekly });
    for (const path of ['comm-plan', 'deliveries'])
      expect(
        (await h.api('GET', `/api/v1/projects/${projectId}/${path}`, undefined, other.key)).statusCode,
      ).toBe(404);
    expect(
      (await h.api('DELETE', `/api/v1/projects/${projectId}/comm-plan`, undefined, other.key)).statusCode,
    ).toBe(404);
    expect((await h.api('GET', `/api/v1/projects/${projectId}/comm-plan`)).statusCode).toBe(200);
  });

  test('at cadence time a pre-filled draft is made and the PM told; after the grace period, one reminder', async () => {
    const plan = await putOk({ cadence: weekly, graceHours: 2, pmNotify: [pmEmail] });
    const { queues } = h.runtime.container;
    // What the job scheduler adds at 16:00 on Friday, added now.
    await queues.cadence.add('cadence', { kind: 'cycle', planId: plan.id });
    const [notice] = await smtp.waitFor(1);
    expect(notice!.envelopeTo).toEqual(['pm@agency.example']);
    expect(notice!.mail.subject).toMatch(/^Your update for .+ is ready to review$/);
    expect(notice!.mail.text).toContain('/s/');
    const drafts = (await h.api('GET', `/api/v1/projects/${projectId}/updates`)).json<{
      items: { id: string; status: string; content: { headline: string; highlights: string[] } }[];
    }>().items;
    const draft = drafts.find((u) => u.status === 'draft')!;
    expect(draft.content.headline.length).toBeGreaterThan(0); // pre-filled from the summary
    expect(notice!.mail.html).toContain(draft.content.headline.replace(/&/g, '&amp;'));

    // The reminder waits for the grace period: one delayed job per draft.
    const reminder = (await queues.cadence.getJob(`reminder-${draft.id}`))!;
    expect(reminder.opts.delay).toBe(2 * 3_600_000);
    expect(await reminder.getState()).toBe('delayed');
    // The same cycle run again (a retried job) reuses the draft and notifies nobody twice.
    await queues.cadence.add('cadence', { kind: 'cycle', planId: plan.id });
    await sleep(500);
    expect(smtp.received).toHaveLength(1);
    const after = (await h.api('GET', `/api/v1/projects/${projectId}/updates`)).json<{
      items: { status: string }[];
    }>().items;
    expect(after.filter((u) => u.status === 'draft')).toHaveLength(
      drafts.filter((u) => u.status === 'draft').length,
    );

    await reminder.promote(); // the grace period is over
    const [, second] = await smtp.waitFor(2);
    expect(second!.mail.subject).toMatch(/^Reminder: your update for .+ is still a draft$/);
    const notices = await deliveries(`?updateId=${draft.id}`);
    expect(notices.map((d) => [d.purpose, d.status]).sort()).toEqual([
      ['draft_ready', 'sent'],
      ['reminder', 'sent'],
    ]);

    // Published: a reminder that fires now sends nothing.
    await publish(draft.id);
    expect(await h.runtime.container.commPlanCycle.remind(plan.id, draft.id)).toBe(0);
  });

  test('a biweekly plan skips the week in between', async () => {
    const plan = await putOk({ cadence: { ...weekly, frequency: 'biweekly' } });
    const { commPlanCycle } = h.runtime.container;
    const next = new Date(plan.nextRunAt!);
    const offWeek = new Date(next.getTime() + 7 * 86_400_000);
    expect(await commPlanCycle.runCycle(plan.id, { at: offWeek })).toEqual({ kind: 'off_week' });
    const scheduled = await commPlanCycle.runCycle(plan.id, {
      at: new Date(next.getTime() + 14 * 86_400_000),
    });
    expect(scheduled.kind === 'drafted' || scheduled.kind === 'reused').toBe(true);
  });

  test('publishing sends the update to every channel of the plan, each in its format, with the link', async () => {
    const slack = await receiver();
    const teams = await receiver();
    const plan = await putOk({
      cadence: weekly,
      language: 'en',
      channels: [
        {
          type: 'email',
          recipients: [
            { address: 'chloe@client.example', locale: 'fr' },
            { address: 'li@client.example', locale: 'zh-CN' },
          ],
        },
        { type: 'slack', webhookUrl: `${slack.url}/services/T1/B1/x` },
        { type: 'teams', webhookUrl: `${teams.url}/workflows/run` },
      ],
    });
    const update = await publish();
    const sent = await settled(update.id, 3);
    expect(sent.map((d) => [d.channelType, d.status, d.attempts]).sort()).toEqual([
      ['email', 'sent', 1],
      ['slack', 'sent', 1],
      ['teams', 'sent', 1],
    ]);

    const [slackPost] = await slack.waitFor(1);
    const block = JSON.parse(slackPost!.body) as { text: string; blocks: Record<string, unknown>[] };
    expect(block.text).toContain(update.content.headline);
    const button = JSON.stringify(block.blocks);
    const linkMatch = /"url":"([^"]+\/s\/[^"]+)"/.exec(button);
    expect(linkMatch).not.toBeNull();
    const shareUrl = linkMatch![1]!;
    // The link every message carries opens the client page.
    const page = await h.runtime.app!.inject({ method: 'GET', url: new URL(shareUrl).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      update.content.headline.replace(/&/g, '&amp;').replace(/'/g, '&#39;').slice(0, 20),
    );

    const [teamsPost] = await teams.waitFor(1);
    const card = JSON.parse(teamsPost!.body) as { type: string; attachments: { contentType: string }[] };
    expect(card.type).toBe('message');
    expect(card.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teamsPost!.body).toContain(shareUrl);

    // Email: each recipient in their language, HTML and text, the link opening the page in it.
    const mails = await smtp.waitFor(2);
    const fr = mails.find((m) => m.envelopeTo.includes('chloe@client.example'))!;
    const zh = mails.find((m) => m.envelopeTo.includes('li@client.example'))!;
    expect(fr.mail.html).toContain(`${shareUrl}?lang=fr`);
    expect(fr.mail.text).toContain(`${shareUrl}?lang=fr`);
    expect(zh.mail.text).toContain(`${shareUrl}?lang=zh-CN`);
    expect(fr.mail.text).toContain('jalons');
    expect(zh.mail.text).toContain('客户页面');
    expect(plan.channels).toHaveLength(3);
  });

  test('failed sends are retried as the vendor asks and shown to the PM; nothing is lost while the queue is away', async () => {
    const slack = await receiver();
    const teams = await receiver();
    slack.script({ status: 500 }, { status: 429, headers: { 'retry-after': '1' } });
    teams.script({ status: 404 });
    smtp.refuse.set('gone@client.example', 550);
    await putOk({
      cadence: weekly,
      channels: [
        { type: 'slack', webhookUrl: `${slack.url}/services/T1/B1/x` },
        { type: 'teams', webhookUrl: `${teams.url}/workflows/run` },
        { type: 'email', recipients: [{ address: 'gone@client.example', locale: 'en' }] },
      ],
    });
    // The dispatcher is stopped, as when Redis is away: the sends wait in the database.
    await h.runtime.notifyOutbox!.stop();
    const update = await publish();
    await sleep(300);
    expect((await deliveries(`?updateId=${update.id}`)).map((d) => d.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    h.runtime.notifyOutbox!.start();
    const settledRows = await settled(update.id, 3);
    const byType = Object.fromEntries(settledRows.map((d) => [d.channelType, d]));
    expect(byType.slack).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    const gaps = slack.received.slice(1).map((r, i) => r.at - slack.received[i]!.at);
    expect(gaps[1]).toBeGreaterThanOrEqual(950); // Retry-After: 1
    expect(byType.teams).toMatchObject({ status: 'failed', attempts: 1 });
    expect(byType.teams!.lastError!.message).toContain('Teams');
    expect(teams.received).toHaveLength(1); // not retried: another attempt cannot change a 404
    expect(byType.email).toMatchObject({ status: 'failed' });
    const plan = (await h.api('GET', `/api/v1/projects/${projectId}/comm-plan`)).json<Plan>();
    expect(plan.problems.map((p) => p.channelType).sort()).toEqual(['email', 'teams']);
    expect((await deliveries('?status=failed')).length).toBeGreaterThanOrEqual(2);
  });
});
