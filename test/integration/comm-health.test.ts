import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCommHealthService } from '../../service/services/comm-health.service';
import { STORES } from '../support/env';
import { startHarness, type Harness } from '../support/harness';

interface UpdateHealth {
  id: string;
  publishedAt: string;
  headline: string;
  views: number;
  ratings: number;
  averageRating: number | null;
}
interface CommHealthBody {
  projectId: string;
  updates: UpdateHealth[];
  medianResponseHours: number | null;
  answeredFeedback: number;
  openFeedback: number;
  overdueFeedback: number;
  daysSinceLastUpdate: number | null;
  lastPublishedAt: string | null;
  timeZone: string;
}
interface Link {
  id: string;
  url: string;
  viewCount: number;
}
interface Item {
  id: string;
  body: string | null;
  overdue: boolean;
}

const HOST = 'clientlens.test';
const ORIGIN = `https://${HOST}`;

describe.each(STORES)('%s: communication health per project', (store) => {
  let h: Harness;
  let projectId: string;
  let updateA: { id: string; publishedAt: string };
  let updateB: { id: string; publishedAt: string };
  const pathOf = (url: string) => new URL(url).pathname;
  const health = async (query = '') => {
    const res = await h.api('GET', `/api/v1/projects/${projectId}/comm-health${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CommHealthBody>();
  };
  const newLink = async () =>
    (await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { language: 'en' })).json<Link>();
  /** Opens the client page `times` times; returns the feedback form token it carries. */
  async function open(link: Link, times: number): Promise<string> {
    let token = '';
    for (let i = 0; i < times; i++) {
      const res = await h.runtime.app!.inject({
        method: 'GET',
        url: pathOf(link.url),
        headers: { host: HOST },
      });
      expect(res.statusCode).toBe(200);
      token = /name="formToken" value="([^"]+)"/.exec(res.body)?.[1] ?? token;
    }
    return token;
  }
  /** A client's post through the page's form (no page view: the form token is the one already shown). */
  async function send(link: Link, formToken: string, fields: Record<string, string>): Promise<void> {
    const res = await h.runtime.app!.inject({
      method: 'POST',
      url: `${pathOf(link.url)}/feedback`,
      payload: new URLSearchParams({ formToken, name: 'Ana Lima', body: '', ...fields }).toString(),
      headers: { host: HOST, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode, res.body).toBe(303);
  }
  async function publish(headline: string): Promise<{ id: string; publishedAt: string }> {
    const draft = (await h.api('POST', `/api/v1/projects/${projectId}/updates`)).json<{
      id: string;
      content: Record<string, unknown>;
    }>();
    await h.api('PATCH', `/api/v1/updates/${draft.id}`, { content: { ...draft.content, headline } });
    const published = await h.api('POST', `/api/v1/updates/${draft.id}/publish`);
    expect(published.statusCode).toBe(200);
    return published.json<{ id: string; publishedAt: string }>();
  }
  const flush = () => h.runtime.container.services.shareLinks.flushViews();
  const db = () => h.runtime.container.database.db;

  beforeAll(async () => {
    h = await startHarness({
      store,
      env: { FEEDBACK_LIMIT_PER_LINK: '1000', FEEDBACK_LIMIT_PER_IP: '1000' },
    });
    const connection = await h.connect();
    projectId = connection.projects[0]!.id;
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
  });
  afterAll(async () => {
    await h?.close();
  });

  test('before any publication: no updates, no days, no median; views of the page go to the link only', async () => {
    const link = await newLink();
    await open(link, 2);
    await flush();
    const body = await health();
    expect(body).toMatchObject({
      projectId,
      updates: [],
      medianResponseHours: null,
      answeredFeedback: 0,
      openFeedback: 0,
      overdueFeedback: 0,
      daysSinceLastUpdate: null,
      lastPublishedAt: null,
      timeZone: 'Asia/Shanghai',
    });
    const links = (await h.api('GET', `/api/v1/projects/${projectId}/share-links`)).json<{ items: Link[] }>();
    expect(links.items.find((l) => l.id === link.id)!.viewCount).toBe(2);
  });

  test('views and ratings go to the update that was the latest published when they came', async () => {
    updateA = await publish('Design signed off');
    const board = await newLink();
    const sponsor = await newLink();
    const boardToken = await open(board, 2);
    const sponsorToken = await open(sponsor, 1);
    await send(board, boardToken, { kind: 'rating', rating: '4' });
    await send(sponsor, sponsorToken, { kind: 'rating', rating: '5' });
    await flush();

    updateB = await publish('Checkout is in testing');
    // A draft is never current: the next views still belong to B.
    await h.api('POST', `/api/v1/projects/${projectId}/updates`);
    await open(board, 2);
    await send(board, boardToken, { kind: 'rating', rating: '3' });
    await flush();

    const body = await health();
    expect(body.updates).toEqual([
      {
        id: updateB.id,
        publishedAt: updateB.publishedAt,
        headline: 'Checkout is in testing',
        views: 2,
        ratings: 1,
        averageRating: 3,
      },
      {
        id: updateA.id,
        publishedAt: updateA.publishedAt,
        headline: 'Design signed off',
        views: 3,
        ratings: 2,
        averageRating: 4.5,
      },
    ]);
    expect(body.lastPublishedAt).toBe(updateB.publishedAt);
    expect(body.daysSinceLastUpdate).toBeGreaterThanOrEqual(0);
    expect(body.daysSinceLastUpdate).toBeLessThanOrEqual(1); // just published (1 only across midnight)
    // The links' own counts are unchanged by the attribution.
    const links = (await h.api('GET', `/api/v1/projects/${projectId}/share-links`)).json<{ items: Link[] }>();
    expect(links.items.find((l) => l.id === board.id)!.viewCount).toBe(4);
    expect(links.items.find((l) => l.id === sponsor.id)!.viewCount).toBe(1);

    // Views not written yet are written before reading, as the share-link list does.
    await open(sponsor, 1);
    expect((await health()).updates[0]!.views).toBe(3);
    await flush(); // a later flush adds nothing twice
    expect((await health()).updates.map((u) => u.views)).toEqual([3, 3]);
  });

  test('concurrent views of several links all count, for the update and for each link', async () => {
    const links = await Promise.all([newLink(), newLink(), newLink()]);
    const before = (await health()).updates[0]!.views;
    await Promise.all(links.flatMap((link) => Array.from({ length: 5 }, () => open(link, 1))));
    // Two flushes at once (the timer's and a reader's) split the batch, never count it twice.
    await Promise.all([flush(), flush(), health()]);
    expect((await health()).updates[0]!.views).toBe(before + 15);
    const listed = (await h.api('GET', `/api/v1/projects/${projectId}/share-links`)).json<{
      items: Link[];
    }>();
    for (const link of links) expect(listed.items.find((l) => l.id === link.id)!.viewCount).toBe(5);
  });

  test('?limit= keeps the latest updates; out of range is 400', async () => {
    const first = await health('?limit=1');
    expect(first.updates.map((u) => u.id)).toEqual([updateB.id]);
    expect(first.lastPublishedAt).toBe(updateB.publishedAt);
    for (const bad of ['?limit=0', '?limit=51', '?limit=many']) {
      const res = await h.api('GET', `/api/v1/projects/${projectId}/comm-health${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  test('median response time over answered feedback; open and overdue as the feedback list flags them', async () => {
    const link = await newLink();
    const token = await open(link, 1);
    for (const body of ['Q 2h', 'Q 5h', 'Q 30h', 'Q open', 'Q old open'])
      await send(link, token, { kind: 'question', body });
    const items = (await h.api('GET', `/api/v1/projects/${projectId}/feedback?kind=question`)).json<{
      items: Item[];
    }>().items;
    const byBody = (body: string) => items.find((i) => i.body === body)!.id;
    for (const body of ['Q 2h', 'Q 5h', 'Q 30h'])
      expect(
        (await h.api('PATCH', `/api/v1/feedback/${byBody(body)}`, { reply: 'Answered.' })).statusCode,
      ).toBe(200);
    for (const [body, hours] of [
      ['Q 2h', 2],
      ['Q 5h', 5],
      ['Q 30h', 30],
    ] as const)
      await db().execute(
        sql`update feedback set created_at = answered_at - make_interval(hours => ${hours}) where id = ${byBody(body)}`,
      );
    await db().execute(
      sql`update feedback set created_at = now() - interval '30 days' where id = ${byBody('Q old open')}`,
    );

    const body = await health();
    expect(body.medianResponseHours).toBe(5);
    expect(body.answeredFeedback).toBe(3);
    // Open: the three ratings (nobody closed them) and two questions; overdue: the 30-day-old question.
    expect(body.openFeedback).toBe(5);
    expect(body.overdueFeedback).toBe(1);
    const listed = (await h.api('GET', `/api/v1/projects/${projectId}/feedback?status=open&limit=200`)).json<{
      items: Item[];
    }>().items;
    expect(body.openFeedback).toBe(listed.length);
    expect(body.overdueFeedback).toBe(listed.filter((i) => i.overdue).length);

    // Closing an answered item keeps its response time; a fourth answer moves the median.
    await h.api('PATCH', `/api/v1/feedback/${byBody('Q 30h')}`, { status: 'closed' });
    await h.api('PATCH', `/api/v1/feedback/${byBody('Q old open')}`, { reply: 'Sorry, late.' });
    const after = await health();
    expect(after.answeredFeedback).toBe(4);
    expect(after.medianResponseHours).toBe((30 + 5) / 2); // 2, 5, 30 and ~720 hours
    expect(after).toMatchObject({ openFeedback: 4, overdueFeedback: 0 });
  });

  test('days since the last update: whole days in the project’s zone, by the service’s clock', async () => {
    await db().execute(
      sql`update "update" set published_at = '2026-03-02T10:00:00Z' where id = ${updateA.id}`,
    );
    await db().execute(
      sql`update "update" set published_at = '2026-03-10T15:30:00Z' where id = ${updateB.id}`,
    );
    const service = createCommHealthService({
      db: db(),
      views: h.runtime.container.services.shareLinks,
      now: () => new Date('2026-03-13T16:00:00Z'),
    });
    // 23:30 on the 10th to 00:00 on the 14th in Shanghai (the connection's zone, from the workspace).
    const shanghai = await service.forProject(h.workspaceId, projectId, { limit: 10 });
    expect(shanghai).toMatchObject({
      daysSinceLastUpdate: 4,
      lastPublishedAt: new Date('2026-03-10T15:30:00Z'),
      timeZone: 'Asia/Shanghai',
    });
    const connectionId = (await h.api('GET', `/api/v1/projects/${projectId}`)).json<{
      connectionId: string;
    }>().connectionId;
    const moved = await h.api('PATCH', `/api/v1/connections/${connectionId}`, { timezone: 'UTC' });
    expect(moved.statusCode, moved.body).toBe(200);
    try {
      const utc = await service.forProject(h.workspaceId, projectId, { limit: 10 });
      expect(utc).toMatchObject({ daysSinceLastUpdate: 3, timeZone: 'UTC' });
      expect(utc.updates.map((u) => u.id)).toEqual([updateB.id, updateA.id]);
    } finally {
      await h.api('PATCH', `/api/v1/connections/${connectionId}`, { timezone: 'Asia/Shanghai' });
    }
  });

  test('another workspace’s project, an unknown one, or no key', async () => {
    const other = await h.runtime.container.services.workspaces.create({ name: 'Other' });
    const cross = await h.api('GET', `/api/v1/projects/${projectId}/comm-health`, undefined, other.key);
    expect(cross.statusCode).toBe(404);
    expect(cross.headers['content-type']).toContain('application/problem+json');
    expect(cross.body).not.toContain(updateB.id);
    const unknown = await h.api('GET', `/api/v1/projects/0192f3a4-5b6c-7d8e-9f01-23456789abcd/comm-health`);
    expect(unknown.statusCode).toBe(404);
    expect((await h.api('GET', `/api/v1/projects/not-an-id/comm-health`)).statusCode).toBe(400);
    expect(
      (await h.api('GET', `/api/v1/projects/${projectId}/comm-health`, undefined, null)).statusCode,
    ).toBe(401);
  });
});
