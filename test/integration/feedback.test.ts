import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../service/logger';
import { pageTranslator } from '../../service/render/page-translators';
import { startRuntime, type Runtime } from '../../service/runtime';
import { rawRows, STORES, testConfig, uniqueName } from '../support/env';
import { startHarness, type Harness } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

interface Link {
  id: string;
  url: string;
}
interface Item {
  id: string;
  kind: string;
  body: string | null;
  status: string;
  reply: string | null;
  rating: number | null;
  updateId: string | null;
  milestoneId: string | null;
  shareLinkId: string | null;
  authorName: string;
  authorEmail: string | null;
  language: string;
  overdue: boolean;
  answerDueAt: string;
  responseSeconds: number | null;
  createdAt: string;
  answeredAt: string | null;
}
interface ItemPage {
  items: Item[];
  nextCursor: string | null;
}

const HOST = 'clientlens.test';
const ORIGIN = `https://${HOST}`;
const XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
let ipCounter = 0;
/** A fresh client address, so one test's posts never count against another's limit. */
const nextIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** What a client does through a share link with a plain browser form, over app.inject. */
function clientOf(runtime: () => Runtime) {
  const pathOf = (url: string) => new URL(url).pathname;
  const page = (url: string, query = '', headers: Record<string, string> = {}) =>
    runtime().app!.inject({
      method: 'GET',
      url: `${pathOf(url)}${query}`,
      headers: { host: HOST, ...headers },
    });
  /** The form token the page carries (a real client reads it from the form). */
  async function formToken(url: string, headers: Record<string, string> = {}): Promise<string> {
    const res = await page(url, '', headers);
    const token = /name="formToken" value="([^"]+)"/.exec(res.body)?.[1];
    if (!token) throw new Error(`no form on the page: ${res.statusCode}`);
    return token;
  }
  async function post(
    url: string,
    fields: Record<string, string>,
    options: { headers?: Record<string, string>; ip?: string; query?: string; token?: string | null } = {},
  ): Promise<LightMyRequestResponse> {
    const token = options.token === undefined ? await formToken(url, options.headers) : options.token;
    const body = new URLSearchParams({ ...(token === null ? {} : { formToken: token }), ...fields });
    return runtime().app!.inject({
      method: 'POST',
      url: `${pathOf(url)}/feedback${options.query ?? ''}`,
      payload: body.toString(),
      remoteAddress: options.ip ?? nextIp(),
      headers: {
        host: HOST,
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
        ...options.headers,
      },
    });
  }
  return { page, post, formToken };
}

const question = (extra: Record<string, string> = {}) => ({
  kind: 'question',
  body: 'When can we try the checkout?',
  name: 'Ana Lima',
  email: 'ana@client.example',
  ...extra,
});

describe('client feedback from the share page, and the PM’s answers (PGlite, real Redis)', () => {
  let h: Harness;
  let projectId: string;
  let milestoneId: string;
  let updateId: string;
  let receiver: WebhookReceiver;
  const client = clientOf(() => h.runtime);
  const newLink = async (body: Record<string, unknown> = {}) =>
    (
      await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { language: 'en', ...body })
    ).json<Link>();
  const list = async (query = '') =>
    (await h.api('GET', `/api/v1/projects/${projectId}/feedback${query}`)).json<ItemPage>();
  const rowsOf = async (linkId: string) =>
    Number(
      (
        await rawRows<{ n: string }>(
          h.runtime.container.database.db,
          sql`select count(*) as n from feedback where share_link_id = ${linkId}`,
        )
      )[0]!.n,
    );

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    h = await startHarness({
      env: { FEEDBACK_LIMIT_PER_IP: '5', FEEDBACK_LIMIT_PER_LINK: '8', WEBHOOK_POLL_MS: '100' },
    });
    const connection = await h.connect();
    projectId = connection.projects[0]!.id;
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
    const draft = (await h.api('POST', `/api/v1/projects/${projectId}/updates`)).json<{ id: string }>();
    expect((await h.api('POST', `/api/v1/updates/${draft.id}/publish`)).statusCode).toBe(200);
    updateId = draft.id;
    milestoneId = (await h.api('GET', `/api/v1/projects/${projectId}/milestones`)).json<{
      items: { id: string }[];
    }>().items[0]!.id;
    const subscribed = await h.api('POST', '/api/v1/webhook-subscriptions', {
      url: receiver.url,
      events: ['feedback.created', 'feedback.answered'],
    });
    expect(subscribed.statusCode).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  test('a plain form post answers 303 back to the page, which confirms it; the feedback is stored first', async () => {
    const link = await newLink({ language: 'fr' });
    const token = new URL(link.url).pathname.split('/').pop()!;
    const before = await client.page(link.url);
    expect(before.body).toContain(`action="/s/${token}/feedback?lang=fr"`);
    expect(before.body).not.toContain('<script');

    const res = await client.post(link.url, question(), { query: '?lang=fr' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/s/${token}?lang=fr&sent=question#feedback`);
    expect(await rowsOf(link.id)).toBe(1); // stored before the answer left

    const confirmed = await client.page(link.url, '?lang=fr&sent=question');
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('<html lang="fr"');
    expect(confirmed.body).toContain('role="status"');
    const t = pageTranslator('fr');
    expect(confirmed.body).toContain(t.t('page.feedback.sent', { kind: 'question' }));
    // Open questions are for the PM: not on the page, and never the email.
    expect(confirmed.body).not.toContain('When can we try the checkout?');
    expect(confirmed.body).not.toContain('ana@client.example');

    const [item] = (await list()).items;
    expect(item).toMatchObject({
      kind: 'question',
      body: 'When can we try the checkout?',
      status: 'open',
      authorName: 'Ana Lima',
      authorEmail: 'ana@client.example',
      language: 'fr',
      shareLinkId: link.id,
      overdue: false,
      reply: null,
      answeredAt: null,
      responseSeconds: null,
    });
  });

  test('bad input answers the page in the page’s language with each field’s error, the text kept; nothing stored', async () => {
    const link = await newLink({ language: 'zh-CN' });
    const long = `${'很'.repeat(4001)}`;
    const fr = await client.post(link.url, question({ name: '', body: long, email: 'ana@' }), {
      query: '?lang=fr',
    });
    expect(fr.statusCode).toBe(400);
    expect(fr.headers['content-type']).toContain('text/html');
    expect(fr.body).toContain('<html lang="fr"');
    const t = pageTranslator('fr');
    expect(fr.body).toContain(t.t('page.feedback.error.name', { problem: 'required', max: 100 }));
    expect(fr.body).toContain(t.t('page.feedback.error.email'));
    expect(fr.body).toContain('id="fb-body-error"');
    expect(fr.body).toContain(long); // the client's text is not lost
    expect(fr.headers['cache-control']).toBe('no-store');

    const zh = await client.post(link.url, question({ kind: 'approval', body: '' }));
    expect(zh.statusCode).toBe(400);
    expect(zh.body).toContain('<html lang="zh-CN"');
    expect(zh.body).toContain(pageTranslator('zh-CN').t('page.feedback.error.milestoneId'));
    const rating = await client.post(link.url, question({ kind: 'rating', rating: '9' }));
    expect(rating.statusCode).toBe(400);
    expect(await rowsOf(link.id)).toBe(0);
  });

  test('a post from another site, without a form token or with a wrong one, is refused with 403; nothing stored', async () => {
    const link = await newLink();
    const cases: [string, Parameters<typeof client.post>[2]][] = [
      ['another origin', { headers: { origin: 'https://evil.example' } }],
      ['a malformed origin', { headers: { origin: 'not a url' } }],
      ['no origin, cross-site fetch metadata', { headers: { origin: '', 'sec-fetch-site': 'cross-site' } }],
      ['an opaque origin from another site', { headers: { origin: 'null', 'sec-fetch-site': 'cross-site' } }],
      ['no form token', { token: null }],
      ['another link’s form token', { token: await client.formToken((await newLink()).url) }],
    ];
    for (const [what, options] of cases) {
      const res = await client.post(link.url, question({ body: XSS }), options);
      expect(res.statusCode, what).toBe(403);
      expect(res.body, what).toContain('<html lang="en"');
      expect(res.body, what).toContain(pageTranslator('en').t('page.feedback.forbidden'));
      expect(res.body, what).not.toContain('&lt;script>alert(1)'); // a refused post is not echoed back
    }
    expect(await rowsOf(link.id)).toBe(0);
    // Our pages say no-referrer, so browsers post their own forms with `Origin: null` and fetch metadata.
    const opaque = await client.post(link.url, question(), {
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin' },
    });
    expect(opaque.statusCode).toBe(303);
    // Without Origin, a same-origin browser request (or an old browser sending neither) is accepted.
    const same = await client.post(link.url, question(), {
      headers: { origin: '', 'sec-fetch-site': 'same-origin' },
    });
    expect(same.statusCode).toBe(303);
    expect(await rowsOf(link.id)).toBe(2);
  });

  test('a filled honeypot is answered like a success and not stored', async () => {
    const link = await newLink();
    const res = await client.post(link.url, question({ website: 'https://spam.example' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('sent=question');
    expect(await rowsOf(link.id)).toBe(0);
  });

  test('posts are limited per address and per link: 429 with Retry-After, the text kept', async () => {
    const link = await newLink();
    const ip = nextIp();
    for (let i = 0; i < 5; i++)
      expect((await client.post(link.url, question(), { ip })).statusCode).toBe(303);
    const limited = await client.post(link.url, question({ body: 'One more thing' }), { ip });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(60);
    expect(limited.body).toContain('<html lang="en"');
    expect(limited.body).toContain('One more thing</textarea>');
    expect(limited.body).toMatch(/try again in \d+ minutes/);
    // Another address to another link still gets through; the per-address count spans links.
    const other = await newLink();
    expect((await client.post(other.url, question(), { ip })).statusCode).toBe(429);
    expect((await client.post(other.url, question())).statusCode).toBe(303);
    // The link's own limit (8 per hour), from fresh addresses.
    for (let i = 0; i < 3; i++) expect((await client.post(link.url, question())).statusCode).toBe(303);
    expect((await client.post(link.url, question())).statusCode).toBe(429);
    expect(await rowsOf(link.id)).toBe(8);
  });

  test('a passcode link takes feedback only with its unlock cookie; a revoked link answers 410', async () => {
    const link = await newLink({ passcode: 'open sesame' });
    const token = new URL(link.url).pathname.split('/').pop()!;
    const locked = await client.post(link.url, question(), { token: 'x' });
    expect(locked.statusCode).toBe(403);
    expect(locked.body).toContain('name="passcode"');
    const unlocked = await h.runtime.app!.inject({
      method: 'POST',
      url: `/s/${token}/unlock`,
      payload: 'passcode=open%20sesame',
      headers: { host: HOST, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    });
    const cookie = String(unlocked.headers['set-cookie']).split(';')[0]!;
    const sent = await client.post(link.url, question(), { headers: { cookie } });
    expect(sent.statusCode).toBe(303);
    expect(await rowsOf(link.id)).toBe(1);

    const revoked = await newLink({ language: 'fr' });
    const formToken = await client.formToken(revoked.url);
    await h.api('DELETE', `/api/v1/share-links/${revoked.id}`);
    const gone = await client.post(revoked.url, question(), { token: formToken });
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('<html lang="fr"');
    expect(await rowsOf(revoked.id)).toBe(0);
  });

  test('the PM lists feedback by kind and status, pages through it, and answers; the answer is on the page at once', async () => {
    const link = await newLink({ label: 'ACME board' });
    const sent = [
      question({ body: `Can we see a demo? ${XSS}`, name: `Bo ${XSS}`, email: 'bo@client.example' }),
      { kind: 'comment', body: 'Nice progress.', name: 'Cy' },
      { kind: 'approval', body: '', name: 'Di', milestoneId },
      { kind: 'change_request', body: 'Add PayPal, please.', name: 'Ed' },
      { kind: 'rating', body: '', name: 'Fa', rating: '4' },
    ];
    for (const fields of sent) expect((await client.post(link.url, fields)).statusCode).toBe(303);

    const ratings = await list('?kind=rating');
    expect(ratings.items).toHaveLength(1);
    expect(ratings.items[0]).toMatchObject({ rating: 4, updateId, body: null });
    expect((await list('?kind=approval')).items[0]).toMatchObject({ milestoneId, authorName: 'Di' });
    const firstPage = await list('?limit=2');
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.items[0]!.kind).toBe('rating'); // newest first
    const secondPage = await list(`?limit=2&cursor=${firstPage.nextCursor}`);
    expect(firstPage.items[1]!.kind).toBe('change_request');
    expect(secondPage.items.map((i) => i.kind)).toEqual(['approval', 'comment']);
    expect((await h.api('GET', `/api/v1/projects/${projectId}/feedback?kind=praise`)).statusCode).toBe(400);

    const asked = (await list('?kind=question')).items.find((i) => i.authorEmail === 'bo@client.example')!;
    const approval = (await list('?kind=approval')).items[0]!;
    // Cached in memory: two views, the second from memory.
    for (let i = 0; i < 2; i++)
      expect((await client.page(link.url)).body).not.toContain('We will demo it Friday');

    expect((await h.api('PATCH', `/api/v1/feedback/${asked.id}`, { status: 'answered' })).statusCode).toBe(
      409,
    );
    expect((await h.api('PATCH', `/api/v1/feedback/${asked.id}`, {})).statusCode).toBe(400);
    expect((await h.api('PATCH', `/api/v1/feedback/${asked.id}`, { reply: '' })).statusCode).toBe(400);
    const answered = await h.api('PATCH', `/api/v1/feedback/${asked.id}`, {
      reply: `We will demo it Friday. ${XSS}`,
    });
    expect(answered.statusCode).toBe(200);
    const body = answered.json<Item>();
    expect(body).toMatchObject({ status: 'answered', overdue: false });
    expect(Date.parse(body.answeredAt!)).toBeGreaterThanOrEqual(Date.parse(body.createdAt));
    expect(body.responseSeconds).toBe(
      Math.round((Date.parse(body.answeredAt!) - Date.parse(body.createdAt)) / 1000),
    );
    await h.api('PATCH', `/api/v1/feedback/${approval.id}`, { reply: 'Thanks, noted.' });

    const shown = await client.page(link.url);
    expect(shown.body).toContain('We will demo it Friday.');
    expect(shown.body).toContain('Can we see a demo?');
    expect(shown.body).toContain(pageTranslator('en').t('page.feedback.answered'));
    expect(shown.body).not.toContain('bo@client.example');
    expect(shown.body).not.toContain('Thanks, noted.'); // approvals are between the client and the PM
    expect(shown.body).not.toMatch(/<script>alert|<img/);
    expect(shown.body).not.toMatch(/overdue/i);
    // Every link of the project shows the answer.
    expect((await client.page((await newLink({ language: 'zh-CN' })).url)).body).toContain(
      'We will demo it Friday.',
    );

    // Removing the reply reopens the question and takes it off the page.
    const reopened = await h.api('PATCH', `/api/v1/feedback/${asked.id}`, { reply: null });
    expect(reopened.json()).toMatchObject({ status: 'open', reply: null, answeredAt: null });
    expect((await client.page(link.url)).body).not.toContain('We will demo it Friday.');
    expect((await list('?status=answered')).items.map((i) => i.id)).toEqual([approval.id]);
  });

  test('open feedback past the project’s response target is overdue for the PM', async () => {
    const link = await newLink();
    await client.post(link.url, question({ body: 'Old question' }));
    await client.post(link.url, question({ body: 'Old answered question' }));
    const db = h.runtime.container.database.db;
    await db.execute(
      sql`update feedback set created_at = now() - interval '30 days' where share_link_id = ${link.id}`,
    );
    const [answered, old] = (await list('?limit=2')).items;
    await h.api('PATCH', `/api/v1/feedback/${answered!.id}`, { reply: 'Done.' });
    const flagged = (await list('?limit=2')).items;
    expect(flagged.find((i) => i.id === old!.id)).toMatchObject({ status: 'open', overdue: true });
    expect(flagged.find((i) => i.id === answered!.id)).toMatchObject({ status: 'answered', overdue: false });
    expect(flagged[0]!.responseSeconds).toBeGreaterThan(29 * 86_400);

    // The target is a client setting; other settings are kept when it alone changes.
    await h.api('PATCH', `/api/v1/projects/${projectId}`, { clientSettings: { hiddenTypes: ['bug'] } });
    const patched = await h.api('PATCH', `/api/v1/projects/${projectId}`, {
      clientSettings: { responseTargetHours: 720 },
    });
    expect(patched.json()).toMatchObject({
      clientSettings: { hiddenTypes: ['bug'], hiddenLabels: [], responseTargetHours: 720 },
    });
    const item = (await list('?limit=2')).items.find((i) => i.id === old!.id)!;
    expect(Date.parse(item.answerDueAt) - Date.parse(item.createdAt)).toBeGreaterThan(30 * 86_400_000);
    expect(item.overdue).toBe(false); // 720 business hours have not passed in 30 days
    expect(
      (await h.api('PATCH', `/api/v1/projects/${projectId}`, { clientSettings: { responseTargetHours: 0 } }))
        .statusCode,
    ).toBe(400);
    await h.api('PATCH', `/api/v1/projects/${projectId}`, {
      clientSettings: { hiddenTypes: [], responseTargetHours: 24 },
    });
    expect((await h.api('GET', `/api/v1/projects/${projectId}`)).json()).toMatchObject({
      clientSettings: { responseTargetHours: 24 },
    });
  });

  test('another workspace’s ids answer 404 and change nothing', async () => {
    const link = await newLink();
    await client.post(link.url, question());
    const [item] = (await list('?limit=1')).items;
    const other = await h.runtime.container.services.workspaces.create({ name: 'Other' });
    expect(
      (await h.api('GET', `/api/v1/projects/${projectId}/feedback`, undefined, other.key)).statusCode,
    ).toBe(404);
    const patch = await h.api('PATCH', `/api/v1/feedback/${item!.id}`, { reply: 'Hijacked' }, other.key);
    expect(patch.statusCode).toBe(404);
    expect(patch.headers['content-type']).toContain('application/problem+json');
    expect((await list('?limit=1')).items[0]).toMatchObject({ id: item!.id, reply: null, status: 'open' });
    expect((await h.api('GET', `/api/v1/projects/${projectId}/feedback`, undefined, null)).statusCode).toBe(
      401,
    );
  });

  test('feedback.created and feedback.answered are written to the outbox with the change and delivered, without the email', async () => {
    const link = await newLink();
    const db = h.runtime.container.database.db;
    await client.post(link.url, question({ body: 'Outbox question' }));
    const [item] = (await list('?limit=1')).items;
    const events = async () =>
      rawRows<{ type: string; body: string }>(
        db,
        sql`select type, body from webhook_event where body like ${`%${item!.id}%`} order by id`,
      );
    const created = await events();
    expect(created.map((e) => e.type)).toEqual(['feedback.created']);
    const payload = JSON.parse(created[0]!.body) as {
      projectId: string;
      data: { feedback: Record<string, unknown> };
    };
    expect(payload.projectId).toBe(projectId);
    expect(payload.data.feedback).toMatchObject({
      id: item!.id,
      kind: 'question',
      status: 'open',
      body: 'Outbox question',
    });
    expect(created[0]!.body).not.toContain('ana@client.example');

    await h.api('PATCH', `/api/v1/feedback/${item!.id}`, { reply: 'Outbox answer' });
    await h.api('PATCH', `/api/v1/feedback/${item!.id}`, { reply: 'Outbox answer' }); // the same again: no event
    await h.api('PATCH', `/api/v1/feedback/${item!.id}`, { status: 'closed' }); // closing: no event
    const all = await events();
    expect(all.map((e) => e.type)).toEqual(['feedback.created', 'feedback.answered']);
    expect(JSON.parse(all[1]!.body)).toMatchObject({
      type: 'feedback.answered',
      data: { feedback: { status: 'answered', reply: 'Outbox answer' } },
    });

    // Delivered through the outbox to the subscriber (other tests' events arrive there too).
    const mine = () => receiver.received.filter((r) => r.body.includes(item!.id));
    for (const deadline = Date.now() + 15_000; mine().length < 2 && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const bodies = mine().map((r) => JSON.parse(r.body) as { type: string });
    expect(bodies.map((b) => b.type).sort()).toEqual(['feedback.answered', 'feedback.created']);
    expect(JSON.stringify(bodies)).not.toContain('@client.example');
    expect(receiver.received.map((r) => r.body).join('\n')).not.toContain('@client.example');
  });

  test('share tokens never reach the logs', () => {
    expect(h.logLines.join('\n')).not.toMatch(/\/s\/[A-Za-z0-9_-]{20,}/);
  });
});

describe.each(STORES)('%s: concurrent posts, and answers on cached pages', (store) => {
  let h: Harness;
  let other: Runtime | undefined;
  let projectId: string;
  const prefix = uniqueName('cltest');
  const client = clientOf(() => h.runtime);
  const otherClient = clientOf(() => other ?? h.runtime);

  beforeAll(async () => {
    h = await startHarness({ store, env: { QUEUE_PREFIX: prefix, FEEDBACK_LIMIT_PER_LINK: '1000' } });
    const connection = await h.connect();
    projectId = connection.projects[0]!.id;
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
    // PostgreSQL: a second API process on the same database and Redis, with its own page memory.
    if (store === 'postgres')
      other = await startRuntime(
        testConfig({ RUN_MODE: 'api', DATABASE_URL: h.databaseUrl!, QUEUE_PREFIX: prefix }),
        createLogger('silent'),
      );
  });
  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  test('50 concurrent posts make 50 rows, each answered 303 only once stored', async () => {
    const link = (
      await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { language: 'en' })
    ).json<Link>();
    const token = await client.formToken(link.url);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        client.post(link.url, question({ body: `Question ${i}` }), { token }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(303));
    const items = (await h.api('GET', `/api/v1/projects/${projectId}/feedback?limit=200`)).json<ItemPage>()
      .items;
    const bodies = items.filter((i) => i.shareLinkId === link.id).map((i) => i.body);
    expect(bodies).toHaveLength(50);
    expect(new Set(bodies).size).toBe(50);
  });

  test('a reply shows on the very next request, also on a page kept in memory (and in another process)', async () => {
    const link = (
      await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { language: 'en' })
    ).json<Link>();
    expect((await client.post(link.url, question({ body: 'Cached question?' }))).statusCode).toBe(303);
    const [item] = (await h.api('GET', `/api/v1/projects/${projectId}/feedback?limit=1`)).json<ItemPage>()
      .items;
    for (const c of [client, otherClient])
      for (let i = 0; i < 3; i++) expect((await c.page(link.url)).body).not.toContain('Cached answer.');
    expect(
      (await h.api('PATCH', `/api/v1/feedback/${item!.id}`, { reply: 'Cached answer.' })).statusCode,
    ).toBe(200);
    expect((await otherClient.page(link.url)).body).toContain('Cached answer.');
    expect((await client.page(link.url)).body).toContain('Cached answer.');
    await h.api('PATCH', `/api/v1/feedback/${item!.id}`, { reply: 'Cached answer, reworded.' });
    expect((await otherClient.page(link.url)).body).toContain('Cached answer, reworded.');
  });
});
