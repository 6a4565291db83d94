import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

/**
 * The panel's API and its page, in-process: every call acts on the one project the token names, ids of
 * another project (even in the same workspace) answer 404 and change nothing, and only the panel's page
 * may be framed, by the configured PM tools only.
 */
describe('panel API and page', () => {
  let h: Harness;
  let projectA: string;
  let projectB: string;
  let token: string;

  const panel = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    bearer = token,
  ) =>
    h.runtime.app!.inject({
      method,
      url: `/plugin/api${url}`,
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  beforeAll(async () => {
    h = await startHarness({
      env: { PANEL_HOST_ORIGINS: 'https://acme.worktile.com, https://*.pingcode.com' },
    });
    // Two connections to the same tool: two projects of one workspace.
    const a = await h.connect();
    const b = await h.connect({ name: 'Second account' });
    projectA = a.projects[0]!.id;
    projectB = b.projects[0]!.id;
    expect((await h.syncAndWait(a.id, projectA)).status).toBe('succeeded');
    expect((await h.syncAndWait(b.id, projectB)).status).toBe('succeeded');
    const res = await h.api('POST', '/api/v1/panel-tokens', { projectId: projectA, locale: 'fr' });
    expect(res.statusCode, res.body).toBe(201);
    token = res.json<{ token: string }>().token;
  });
  afterAll(() => h.close());

  test('the page may be framed by the configured PM tools only; every other route by nobody', async () => {
    const page = await h.runtime.app!.inject({ method: 'GET', url: '/plugin/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain('frame-ancestors https://acme.worktile.com https://*.pingcode.com');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).toContain(
      '<meta name="clientlens-hosts" content="https://acme.worktile.com https://*.pingcode.com" data-served>',
    );
    expect(page.body).not.toMatch(/token/i);
    const script = `/plugin/${/src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)![1]!}`;
    const asset = await h.runtime.app!.inject({ method: 'GET', url: script });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    for (const url of ['/healthz', '/api/v1/projects', '/plugin/api/context', '/s/nope'])
      expect(
        (await h.runtime.app!.inject({ method: 'GET', url })).headers['content-security-policy'],
        url,
      ).toContain("frame-ancestors 'none'");
  });

  test('the project comes from the token, never from the request', async () => {
    const context = await panel('GET', '/context');
    expect(context.statusCode, context.body).toBe(200);
    expect(context.json<{ project: { id: string }; locale: string }>()).toMatchObject({
      project: { id: projectA },
      locale: 'fr',
    });
    expect((await panel('GET', '/context', undefined, '')).statusCode).toBe(401);
    const preview = await panel('GET', '/preview?lang=zh-CN&detail=detailed');
    expect(preview.headers['content-type']).toContain('text/html');
    expect(preview.body).toContain('<html lang="zh-CN"');
    expect((await panel('GET', '/preview?lang=de')).statusCode).toBe(400);
    const health = await panel('GET', '/comm-health');
    expect(health.json<{ projectId: string; overdueFeedback: number }>()).toMatchObject({
      projectId: projectA,
      overdueFeedback: 0,
    });
  });

  test("another project's updates, links, feedback and runs are out of reach, and stay unchanged", async () => {
    const draftB = (await h.api('POST', `/api/v1/projects/${projectB}/updates`)).json<{ id: string }>();
    const linkB = (await h.api('POST', `/api/v1/projects/${projectB}/share-links`, { language: 'en' })).json<{
      id: string;
    }>();
    const runB = (await h.api('GET', `/api/v1/projects/${projectB}`)).json<{ connectionId: string }>();
    const runs = (await h.api('GET', `/api/v1/connections/${runB.connectionId}/syncs`)).json<{
      items: { id: string }[];
    }>().items;

    expect(
      (
        await panel('PATCH', `/updates/${draftB.id}`, {
          content: { headline: 'x', highlights: [], risks: [], nextSteps: [] },
        })
      ).statusCode,
    ).toBe(404);
    expect((await panel('POST', `/updates/${draftB.id}/publish`)).statusCode).toBe(404);
    expect((await panel('DELETE', `/share-links/${linkB.id}`)).statusCode).toBe(404);
    expect((await panel('GET', `/syncs/${runs[0]!.id}`)).statusCode).toBe(404);
    expect((await h.api('GET', `/api/v1/updates/${draftB.id}`)).json<{ status: string }>().status).toBe(
      'draft',
    );
    const links = (await h.api('GET', `/api/v1/projects/${projectB}/share-links`)).json<{
      items: { id: string; state: string }[];
    }>().items;
    expect(links.find((l) => l.id === linkB.id)!.state).toBe('active');
    const own = (await panel('GET', '/updates')).json<{ items: { id: string }[] }>().items;
    expect(own.map((u) => u.id)).not.toContain(draftB.id);
  });

  test('the PM flows through the panel API: sync, draft, publish, link, settings, plan', async () => {
    const run = await panel('POST', '/syncs');
    expect(run.statusCode).toBe(202);
    const finished = await h.waitForRun(run.json<{ id: string }>().id);
    expect(finished.status).toBe('succeeded');
    expect((await panel('GET', `/syncs/${finished.id}`)).json<{ status: string }>().status).toBe('succeeded');

    const draft = (await panel('POST', '/updates')).json<{ id: string; content: Record<string, unknown> }>();
    const edited = await panel('PATCH', `/updates/${draft.id}`, {
      content: { ...draft.content, headline: 'From the panel' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await panel('POST', `/updates/${draft.id}/publish`)).json<{ status: string }>().status).toBe(
      'published',
    );

    const link = await panel('POST', '/share-links', { language: 'fr', label: 'Panel link' });
    expect(link.statusCode).toBe(201);
    expect(link.json<{ url: string }>().url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
    const bad = await panel('POST', '/share-links', { language: 'xx' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('language');

    const settings = await panel('PATCH', '/settings', { clientSettings: { hiddenLabels: ['internal'] } });
    expect(
      settings.json<{ clientSettings: { hiddenLabels: string[] } }>().clientSettings.hiddenLabels,
    ).toEqual(['internal']);
    expect((await panel('GET', '/comm-plan')).json()).toBeNull();
    const plan = await panel('PUT', '/comm-plan', {
      cadence: { frequency: 'weekly', weekday: 'monday', hour: 9, timezone: 'Asia/Shanghai' },
    });
    expect(plan.statusCode, plan.body).toBe(200);
    expect((await panel('GET', '/comm-plan')).json<{ id: string }>().id).toBe(plan.json<{ id: string }>().id);
    expect((await h.api('GET', `/api/v1/projects/${projectA}/comm-plan`)).statusCode).toBe(200);
  });
});
