import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startRuntime, type Runtime } from '../../service/runtime';
import { createPageVersions } from '../../service/services/page-versions';
import { createSharePagesService } from '../../service/services/share-pages.service';
import { createSummariesService } from '../../service/services/summaries.service';
import { loadSummary } from '../../service/store/summaries.store';
import { createLogger } from '../../service/logger';
import { startHarness, type Harness } from '../support/harness';
import { testConfig, uniqueName } from '../support/env';

interface Link {
  id: string;
  url: string;
  viewCount: number;
}

/**
 * Client pages are kept in memory per process (share-pages.service.ts). What a client and a PM rely on,
 * with two API processes on one PostgreSQL and one Redis: every change made through one process shows on
 * the very next request to the other, and nothing is lost or served stale.
 */
describe('client pages kept in memory, across two API processes', () => {
  let h: Harness;
  let other: Runtime;
  let projectId: string;
  let externalId: string;
  const prefix = uniqueName('cltest');

  const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
  const pageOn = (runtime: Runtime, url: string) => runtime.app!.inject({ method: 'GET', url: pathOf(url) });
  const newLink = async (body: Record<string, unknown> = {}) =>
    (
      await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { language: 'en', ...body })
    ).json<Link>();
  async function eventually(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
    for (const deadline = Date.now() + ms; !(await check()); await sleep(100))
      if (Date.now() > deadline) throw new Error('the condition did not hold in time');
  }

  beforeAll(async () => {
    h = await startHarness({ store: 'postgres', env: { QUEUE_PREFIX: prefix } });
    const connection = await h.connect();
    projectId = connection.projects[0]!.id;
    externalId = connection.projects[0]!.externalId;
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
    // The second process: API only, same database and Redis, its own memory.
    other = await startRuntime(
      testConfig({ RUN_MODE: 'api', DATABASE_URL: h.databaseUrl!, QUEUE_PREFIX: prefix }),
      createLogger('silent'),
    );
  });
  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  test('a link revoked through one process is dead on the next request to the other', async () => {
    const link = await newLink();
    for (let i = 0; i < 3; i++) expect((await pageOn(other, link.url)).statusCode).toBe(200);
    expect((await h.api('DELETE', `/api/v1/share-links/${link.id}`)).statusCode).toBe(200);
    const gone = await pageOn(other, link.url);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('<html lang="en"');
    expect((await pageOn(h.runtime, link.url)).statusCode).toBe(410);
  });

  test('a published update shows on the next request to the other process', async () => {
    const link = await newLink();
    expect((await pageOn(other, link.url)).statusCode).toBe(200);
    const headline = `Checkout goes live ${uniqueName('h')}`;
    const draft = (await h.api('POST', `/api/v1/projects/${projectId}/updates`)).json<{
      id: string;
      content: Record<string, unknown>;
    }>();
    await h.api('PATCH', `/api/v1/updates/${draft.id}`, { content: { ...draft.content, headline } });
    expect((await pageOn(other, link.url)).body).not.toContain(headline); // a draft is not shown
    expect((await h.api('POST', `/api/v1/updates/${draft.id}/publish`)).statusCode).toBe(200);
    expect((await pageOn(other, link.url)).body).toContain(headline);
  });

  test('hiding internal work reaches the cached page of the other process once the summary is recomputed', async () => {
    const link = await newLink({ detail: 'detailed' });
    const bug = h.dataset.workItems.find(
      (item) =>
        item.project.id === externalId &&
        item.type === 'bug' &&
        item.state.type !== 'closed' &&
        /^[\p{L}\p{N} ]+$/u.test(item.title),
    )!;
    expect(bug).toBeDefined();
    await eventually(async () => (await pageOn(other, link.url)).body.includes(bug.title));
    await h.api('PATCH', `/api/v1/projects/${projectId}`, { clientSettings: { hiddenTypes: ['bug'] } });
    try {
      await eventually(async () => !(await pageOn(other, link.url)).body.includes(bug.title));
    } finally {
      await h.api('PATCH', `/api/v1/projects/${projectId}`, { clientSettings: { hiddenTypes: [] } });
    }
  });

  test('views served from memory are counted, also those of the other process', async () => {
    const link = await newLink();
    for (let i = 0; i < 3; i++) await pageOn(other, link.url);
    for (let i = 0; i < 2; i++) await pageOn(h.runtime, link.url);
    const count = async () =>
      (await h.api('GET', `/api/v1/projects/${projectId}/share-links`))
        .json<{ items: Link[] }>()
        .items.find((l) => l.id === link.id)!.viewCount;
    await eventually(async () => (await count()) === 5, 5_000);
    await sleep(1_200); // a later flush adds nothing twice
    expect(await count()).toBe(5);
  });

  test('with Redis not answering, pages are served from the database and a revoke still holds', async () => {
    const link = await newLink();
    expect((await pageOn(other, link.url)).statusCode).toBe(200);
    const down = vi
      .spyOn(other.container.pagesRedis, 'get')
      .mockRejectedValue(new Error('Connection is closed.'));
    try {
      expect((await pageOn(other, link.url)).statusCode).toBe(200);
      expect((await h.api('DELETE', `/api/v1/share-links/${link.id}`)).statusCode).toBe(200);
      expect((await pageOn(other, link.url)).statusCode).toBe(410);
    } finally {
      down.mockRestore();
    }
    expect((await pageOn(other, link.url)).statusCode).toBe(410);
  });

  test('a page kept past its validUntil (the next local midnight) is rebuilt with a new summary', async () => {
    const { db } = h.runtime.container.database;
    const versions = createPageVersions(h.runtime.container.pagesRedis, prefix);
    let clock = new Date();
    const now = () => clock;
    const summaries = createSummariesService({ db, versions, now });
    const pages = createSharePagesService({
      db,
      versions,
      summaries,
      feedback: h.runtime.container.services.feedback,
      logger: createLogger('silent'),
      now,
    });
    const link = await newLink();
    const token = new URL(link.url).pathname.split('/').pop()!;

    const opened = (await pages.open(token))!;
    const first = await pages.page(token, opened, 'en');
    expect(await pages.page(token, opened, 'en')).toBe(first); // the same bytes, from memory
    const stored = (await loadSummary(db, projectId))!;
    clock = new Date(Date.parse(stored.validUntil) + 1_000);
    const reopened = (await pages.open(token))!;
    const next = await pages.page(token, reopened, 'en');
    expect(next).not.toBe(first);
    expect((await loadSummary(db, projectId))!.generatedAt).toBe(clock.toISOString());
  });
});
