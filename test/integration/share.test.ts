import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

interface Link {
  id: string;
  url: string;
  state: string;
  viewCount: number;
  lastViewedAt: string | null;
}
interface UpdateBody {
  id: string;
  status: string;
  content: { headline: string; highlights: string[]; risks: { problem: string }[]; nextSteps: string[] };
}

const XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';

/** Updates, share links and the client page, over the real service. */
describe('client summary and share links', () => {
  let h: Harness;
  let projectId: string;
  const path = (url: string) => new URL(url).pathname + new URL(url).search;
  const page = (url: string, headers: Record<string, string> = {}) =>
    h.runtime.app!.inject({ method: 'GET', url: path(url), headers });

  beforeAll(async () => {
    h = await startHarness();
    const connection = await h.connect();
    projectId = connection.projects[0]!.id;
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
  });
  afterAll(() => h.close());

  test('the JSON twin: the summary with its sentences in the asked language', async () => {
    const en = (await h.api('GET', `/api/v1/projects/${projectId}/summary`)).json<{
      language: string;
      summary: { milestones: { health: string }[]; overall: { byCount: { total: number } } };
      text: { health: string; progress: string };
    }>();
    expect(en.language).toBe('en');
    expect(en.summary.milestones).toHaveLength(4);
    expect(en.summary.milestones.map((m) => m.health)).toContain('late');
    expect(en.summary.overall.byCount.total).toBeGreaterThan(200);
    const zh = (await h.api('GET', `/api/v1/projects/${projectId}/summary?lang=zh-CN`)).json<{
      text: { progress: string };
    }>();
    expect(zh.text.progress).not.toBe(en.text.progress);
    expect((await h.api('GET', `/api/v1/projects/${projectId}/summary?lang=de`)).statusCode).toBe(400);
  });

  test('the JSON twin carries an ETag: 304 while it is unchanged, a new body and tag once it changes', async () => {
    const get = (query: string, headers: Record<string, string> = {}) =>
      h.runtime.app!.inject({
        method: 'GET',
        url: `/api/v1/projects/${projectId}/summary${query}`,
        headers: { authorization: `Bearer ${h.apiKey}`, ...headers },
      });
    const first = await get('');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);

    const unchanged = await get('', { 'if-none-match': etag });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');
    expect(unchanged.headers.etag).toBe(etag);
    expect((await get('', { 'if-none-match': '"stale"' })).body).toBe(first.body);

    // Another language is another body with its own tag.
    const zh = await get('?lang=zh-CN', { 'if-none-match': etag });
    expect(zh.statusCode).toBe(200);
    expect(zh.headers.etag).not.toBe(etag);
    expect(zh.json<{ language: string }>().language).toBe('zh-CN');

    // A recomputed summary (as after a sync) answers in full again, with a new tag.
    await h.runtime.container.services.summaries.compute(projectId);
    const changed = await get('', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json<{ summary: { generatedAt: string } }>().summary.generatedAt).not.toBe(
      first.json<{ summary: { generatedAt: string } }>().summary.generatedAt,
    );
  });

  test('a draft is pre-filled, editable, and immutable once published', async () => {
    const draft = await h.api('POST', `/api/v1/projects/${projectId}/updates`);
    expect(draft.statusCode).toBe(201);
    const body = draft.json<UpdateBody>();
    expect(body.status).toBe('draft');
    expect(body.content.headline.length).toBeGreaterThan(5);
    expect(body.content.risks.length).toBeGreaterThan(0); // the late milestone at least
    expect(body.content.nextSteps.length).toBeGreaterThan(0);

    const edited = await h.api('PATCH', `/api/v1/updates/${body.id}`, {
      content: { ...body.content, headline: `Launch week ${XSS}`, highlights: [`Home page live ${XSS}`] },
    });
    expect(edited.statusCode).toBe(200);
    const bad = await h.api('PATCH', `/api/v1/updates/${body.id}`, { content: { headline: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors[0]!.field).toContain('headline');

    const published = await h.api('POST', `/api/v1/updates/${body.id}/publish`);
    expect(published.json()).toMatchObject({ status: 'published' });
    expect((await h.api('PATCH', `/api/v1/updates/${body.id}`, { content: body.content })).statusCode).toBe(
      409,
    );
    expect((await h.api('POST', `/api/v1/updates/${body.id}/publish`)).statusCode).toBe(409);
    const list = (await h.api('GET', `/api/v1/projects/${projectId}/updates`)).json<{
      items: UpdateBody[];
    }>();
    expect(list.items[0]).toMatchObject({ id: body.id, status: 'published' });
  });

  test('a link is shown once, opens the page with safe headers, counts views, and dies when revoked', async () => {
    const created = await h.api('POST', `/api/v1/projects/${projectId}/share-links`, {
      label: `ACME board ${XSS}`,
      language: 'fr',
      detail: 'detailed',
    });
    expect(created.statusCode).toBe(201);
    const link = created.json<Link>();
    const token = new URL(link.url).pathname.split('/').pop()!;
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const listed = (await h.api('GET', `/api/v1/projects/${projectId}/share-links`)).json<{
      items: object[];
    }>();
    expect(JSON.stringify(listed)).not.toContain(token);

    const res = await page(link.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['x-robots-tag']).toContain('noindex');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(res.body).toContain('<html lang="fr"');
    expect(res.body).not.toContain('<script');
    expect(res.body).not.toMatch(/<img[^>]*onerror/);
    expect(res.body).toContain('&lt;script'); // preact escapes < in text, which is what makes it inert
    expect(res.body).toContain('官网改版');

    const zh = await page(`${link.url}?lang=zh-CN`);
    expect(zh.body).toContain('<html lang="zh-CN"');

    const after = (await h.api('GET', `/api/v1/projects/${projectId}/share-links`)).json<{ items: Link[] }>();
    const seen = after.items.find((l) => l.id === link.id)!;
    expect(seen.viewCount).toBe(2);
    expect(seen.lastViewedAt).not.toBeNull();

    expect((await h.api('DELETE', `/api/v1/share-links/${link.id}`)).json()).toMatchObject({
      state: 'revoked',
    });
    const gone = await page(link.url);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('<html lang="fr"');
    expect(gone.body).not.toContain('官网改版');
  });

  test('an expired link answers 410; an unknown token 404, as plain pages', async () => {
    const link = (
      await h.api('POST', `/api/v1/projects/${projectId}/share-links`, {
        language: 'zh-CN',
        expiresAt: new Date(Date.now() + 1500).toISOString(),
      })
    ).json<Link>();
    expect((await page(link.url)).statusCode).toBe(200);
    await sleep(1600);
    const expired = await page(link.url);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('<html lang="zh-CN"');
    const unknown = await page('http://x/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {
      'accept-language': 'fr-FR,fr;q=0.9',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('<html lang="fr"');
    expect(
      (
        await h.api('POST', `/api/v1/projects/${projectId}/share-links`, {
          expiresAt: '2001-01-01T00:00:00Z',
        })
      ).statusCode,
    ).toBe(400);
  });

  test('a passcode guards the page; wrong tries are limited; the right one unlocks it', async () => {
    const link = (
      await h.api('POST', `/api/v1/projects/${projectId}/share-links`, {
        language: 'en',
        passcode: 'open sesame',
      })
    ).json<Link>();
    const url = path(link.url);
    const form = (passcode: string, headers: Record<string, string> = {}) =>
      h.runtime.app!.inject({
        method: 'POST',
        url: `${url}/unlock`,
        payload: `passcode=${encodeURIComponent(passcode)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
    const locked = await page(link.url);
    expect(locked.statusCode).toBe(200);
    expect(locked.body).toContain('name="passcode"');
    expect(locked.body).not.toContain('官网改版');

    expect((await form('wrong')).statusCode).toBe(403);
    expect((await form('open sesame', { origin: 'https://evil.example' })).statusCode).toBe(403);
    // A sandboxed frame elsewhere posts with Origin null too, but never as same-origin.
    expect((await form('open sesame', { origin: 'null', 'sec-fetch-site': 'cross-site' })).statusCode).toBe(
      403,
    );
    expect((await form('open sesame', { origin: 'null' })).statusCode).toBe(403);
    // Our own page, under Referrer-Policy no-referrer: Chromium sends Origin null with same-origin.
    expect((await form('open sesame', { origin: 'null', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(
      303,
    );
    const ok = await form('open sesame');
    expect(ok.statusCode).toBe(303);
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    expect(String(ok.headers['set-cookie'])).toContain('HttpOnly');
    const unlocked = await page(link.url, { cookie });
    expect(unlocked.body).toContain('官网改版');

    for (let i = 0; i < 5; i++) await form('nope');
    const limited = await form('open sesame');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  test('internal work is hidden from clients; client titles replace jargon', async () => {
    const summaryTotal = async () =>
      (await h.api('GET', `/api/v1/projects/${projectId}/summary`)).json<{
        summary: { overall: { byCount: { total: number } } };
      }>().summary.overall.byCount.total;
    const before = await summaryTotal();
    const bugs = (await h.api('GET', `/api/v1/projects/${projectId}/tasks?limit=200`))
      .json<{ items: { type: string }[] }>()
      .items.filter((t) => t.type === 'bug').length;
    expect(bugs).toBeGreaterThan(0);
    const patched = await h.api('PATCH', `/api/v1/projects/${projectId}`, {
      clientSettings: { hiddenTypes: ['bug'] },
    });
    expect(patched.json()).toMatchObject({ clientSettings: { hiddenTypes: ['bug'], hiddenLabels: [] } });
    await h.runtime.container.services.summaries.compute(projectId);
    expect(await summaryTotal()).toBeLessThan(before);

    const [task] = (
      await h.api('GET', `/api/v1/projects/${projectId}/tasks?limit=1&statusCategory=in_progress`)
    ).json<{
      items: { id: string }[];
    }>().items;
    const titled = await h.api('PATCH', `/api/v1/projects/${projectId}/tasks/${task!.id}`, {
      clientTitle: 'Fix the REST API timeout',
    });
    expect(titled.json()).toMatchObject({ clientTitle: 'Fix the REST API timeout' });
    const jargon = (await h.api('GET', `/api/v1/projects/${projectId}/jargon?lang=en`)).json<{
      items: { id: string; terms: string[] }[];
    }>();
    expect(jargon.items.find((j) => j.id === task!.id)?.terms).toContain('API');
    await h.api('PATCH', `/api/v1/projects/${projectId}/tasks/${task!.id}`, {
      clientTitle: 'Faster search page',
    });
    const after = (await h.api('GET', `/api/v1/projects/${projectId}/jargon?lang=en`)).json<{
      items: { id: string }[];
    }>();
    expect(after.items.find((j) => j.id === task!.id)).toBeUndefined();
    expect(
      (await h.api('PATCH', `/api/v1/projects/${projectId}/tasks/${task!.id}`, { clientTitle: '' }))
        .statusCode,
    ).toBe(400);
    await h.api('PATCH', `/api/v1/projects/${projectId}`, { clientSettings: { hiddenTypes: [] } });
  });

  test("another workspace cannot see or touch this project's updates and links", async () => {
    const other = await h.runtime.container.services.workspaces.create({ name: 'Other' });
    for (const [method, url] of [
      ['GET', `/api/v1/projects/${projectId}/summary`],
      ['GET', `/api/v1/projects/${projectId}/updates`],
      ['POST', `/api/v1/projects/${projectId}/updates`],
      ['GET', `/api/v1/projects/${projectId}/share-links`],
      ['POST', `/api/v1/projects/${projectId}/share-links`],
      ['GET', `/api/v1/projects/${projectId}/jargon`],
      ['PATCH', `/api/v1/projects/${projectId}`],
    ] as const)
      expect(
        (await h.api(method, url, method === 'GET' ? undefined : { clientSettings: {} }, other.key))
          .statusCode,
        url,
      ).toBe(404);
  });

  test("a failure behind the page answers a plain page in the reader's language, never JSON or a stack", async () => {
    const link = (
      await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { language: 'zh-CN' })
    ).json<Link>();
    const failing = vi
      .spyOn(h.runtime.container.services.summaries, 'forProject')
      .mockRejectedValue(new Error('database went away'));
    try {
      const res = await page(link.url, { 'accept-language': 'fr' });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<html lang="fr"');
      expect(res.body).not.toContain('database went away');
      expect(res.headers['cache-control']).toBe('no-store');
    } finally {
      failing.mockRestore();
    }
    const malformed = await page(`http://x/s/${'a'.repeat(90)}!`);
    expect(malformed.statusCode).toBe(404);
    expect(malformed.headers['content-type']).toContain('text/html');
  });

  test('share tokens never reach the logs', () => {
    expect(h.logLines.join('\n')).not.toMatch(/\/s\/[A-Za-z0-9_-]{20,}/);
  });
});
