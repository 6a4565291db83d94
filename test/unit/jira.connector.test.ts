import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { ConnectorContext, Cursor, WebhookRequest } from '../../service/connectors/connector';
import { WebhookRejected } from '../../service/connectors/connector';
import { UpstreamHttp } from '../../service/connectors/http';
import {
  createJiraConnector,
  jiraConnector,
  verifyJiraWebhook,
} from '../../service/connectors/jira/jira.connector';
import type { JiraCredentials, JiraSettings } from '../../service/connectors/jira/jira.connector';
import { rejection } from '../support/assert';

const SITE = 'https://acme.atlassian.net';
const GATEWAY = 'https://api.atlassian.com';
const CLOUD_ID = '11223344-a1b2-3b33-c444-def123456789';
const EMAIL = 'mia@example.com';
const API_TOKEN = 'ATATT3xFfGF0T5JNjA-secret-api-token';
const ACCESS_TOKEN = 'eyJraWQiOiJhdXRoLmF0bGFzc2lhbi5jb20.secret-access-token';
const BASIC = `Basic ${Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64')}`;
const PROJECT = '10000';
const SEARCH = '/rest/api/3/search/jql';
const FIELDS = [
  'summary',
  'status',
  'issuetype',
  'duedate',
  'fixVersions',
  'labels',
  'assignee',
  'parent',
  'created',
  'updated',
  'resolutiondate',
  'resolution',
  'customfield_10021',
];
const FULL_JQL = 'project = 10000 ORDER BY key ASC';

type Ctx = ConnectorContext<JiraCredentials, JiraSettings>;
type Json = Record<string, unknown>;

function raw(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/jira/${name}`, import.meta.url));
}
function fixture(name: string): Json {
  return JSON.parse(raw(name).toString('utf8')) as Json;
}

const basicCreds: JiraCredentials = { type: 'basic', email: EMAIL, apiToken: API_TOKEN };
const oauthCreds: JiraCredentials = { type: 'oauth', accessToken: ACCESS_TOKEN };

function makeCtx(
  patch: {
    baseUrl?: string;
    creds?: JiraCredentials;
    settings?: Partial<JiraSettings>;
    timezone?: string;
  } = {},
): Ctx {
  const baseUrl = patch.baseUrl ?? SITE;
  return {
    connectionId: 'conn-jira',
    baseUrl,
    creds: patch.creds ?? basicCreds,
    settings: { ...jiraConnector.settingsSchema.parse({}), ...patch.settings },
    timezone: patch.timezone ?? 'Europe/Paris',
    http: new UpstreamHttp({
      toolName: 'Jira',
      baseUrl,
      allowPrivate: false,
      timeoutMs: 2_000,
      retryAfterMs: (headers) => jiraConnector.retryAfterMs(headers),
    }),
  };
}

function searchBody(jql: string, nextPageToken?: string, fields = FIELDS) {
  return { jql, fields, maxResults: 100, ...(nextPageToken ? { nextPageToken } : {}) };
}
function issue(id: string, patch: Json = {}): Json {
  const [first] = fixture('search-page-1.json').issues as [Json];
  return { ...first, id, key: `EX-${id}`, ...patch };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  vi.useRealTimers();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('static facts and schemas', () => {
  test('defaults', () => {
    expect(jiraConnector.provider).toBe('jira');
    expect(jiraConnector.defaults).toEqual({
      baseUrl: 'https://your-domain.atlassian.net',
      requestsPerMinute: 120,
      pageSize: 100,
    });
  });

  test('settings defaults', () => {
    expect(jiraConnector.settingsSchema.parse({})).toEqual({
      flaggedField: 'customfield_10021',
      blockedLabels: ['blocked'],
      cancelledResolutions: ["Won't Do", "Won't Fix", 'Duplicate', 'Cannot Reproduce'],
    });
  });

  test.each([
    { settings: { flaggedField: ' customfield_10100 ' }, ok: true },
    { settings: { flaggedField: 'summary' }, ok: false },
    { settings: { flaggedField: 'customfield_1; DROP' }, ok: false },
    { settings: { blockedLabels: [' waiting '] }, ok: true },
    { settings: { blockedLabels: [''] }, ok: false },
    { settings: { siteUrl: 'https://acme.atlassian.net' }, ok: true },
    { settings: { siteUrl: 'http://acme.atlassian.net' }, ok: false },
    { settings: { siteUrl: 'acme' }, ok: false },
  ])('settings $settings valid: $ok', ({ settings, ok }) => {
    expect(jiraConnector.settingsSchema.safeParse(settings).success).toBe(ok);
  });

  test.each([
    {
      creds: { type: 'basic', email: ' mia@example.com ', apiToken: ' tok ' },
      expected: { type: 'basic', email: 'mia@example.com', apiToken: 'tok' },
    },
    { creds: { type: 'oauth', accessToken: ' at ' }, expected: { type: 'oauth', accessToken: 'at' } },
    { creds: { type: 'basic', email: 'not-an-email', apiToken: 'tok' }, expected: null },
    { creds: { type: 'basic', email: EMAIL, apiToken: '  ' }, expected: null },
    { creds: { type: 'basic', email: EMAIL }, expected: null },
    { creds: { type: 'oauth' }, expected: null },
    { creds: { type: 'pat', token: 'x' }, expected: null },
    { creds: { email: EMAIL, apiToken: 'tok' }, expected: null },
  ])('credentials $creds → $expected', ({ creds, expected }) => {
    const parsed = jiraConnector.credentialsSchema.safeParse(creds);
    expect(parsed.success ? parsed.data : null).toEqual(expected);
  });
});

describe('authentication', () => {
  test('basic: Authorization is "Basic base64(email:api token)" on the site URL', async () => {
    const scope = nock(SITE, { reqheaders: { authorization: BASIC } })
      .get('/rest/api/3/myself')
      .reply(200, fixture('myself.json'));
    await createJiraConnector().checkCredentials(makeCtx());
    scope.done();
  });

  test('oauth: Authorization is "Bearer <token>" through the gateway with the cloud id', async () => {
    const scope = nock(GATEWAY, {
      reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` },
      badheaders: ['cookie'],
    })
      .get(`/ex/jira/${CLOUD_ID}/rest/api/3/myself`)
      .reply(200, fixture('myself.json'));
    await createJiraConnector().checkCredentials(
      makeCtx({ baseUrl: `${GATEWAY}/ex/jira/${CLOUD_ID}`, creds: oauthCreds }),
    );
    scope.done();
  });

  test('401 with basic auth → auth_failed, plainly worded, without the token', async () => {
    const scope = nock(SITE)
      .get('/rest/api/3/myself')
      .reply(401, raw('unauthorized.txt').toString('utf8'), { 'content-type': 'text/plain' });
    const error = await rejection(createJiraConnector().checkCredentials(makeCtx()));
    expect([error.code, error.retryable, error.status]).toEqual(['auth_failed', false, 401]);
    expect(error.message).toMatch(/^Jira refused the email and API token \(HTTP 401\)/);
    expect(error.message).not.toContain(API_TOKEN);
    scope.done();
  });

  test('401 with an OAuth token → auth_failed saying the token expired or was revoked', async () => {
    const base = `${GATEWAY}/ex/jira/${CLOUD_ID}`;
    const scope = nock(GATEWAY)
      .get(`/ex/jira/${CLOUD_ID}/rest/api/3/project/search`)
      .query(true)
      .reply(401, { code: 401, message: 'Unauthorized' });
    const error = await rejection(
      collect(createJiraConnector().listProjects(makeCtx({ baseUrl: base, creds: oauthCreds }))),
    );
    expect([error.code, error.retryable]).toEqual(['auth_failed', false]);
    expect(error.message).toMatch(/OAuth access token \(HTTP 401\): it has expired or was revoked/);
    expect(error.message).not.toContain(ACCESS_TOKEN);
    scope.done();
  });

  test('403 → auth_failed naming the missing permission', async () => {
    const scope = nock(SITE)
      .get(`/rest/api/3/project/${PROJECT}`)
      .reply(403, { errorMessages: ['You do not have permission to view this project.'], errors: {} });
    const error = await rejection(createJiraConnector().getProject(makeCtx(), PROJECT));
    expect([error.code, error.status]).toEqual(['auth_failed', 403]);
    expect(error.message).toContain("'Browse projects' permission");
    scope.done();
  });

  test('an OAuth token against a site URL is refused before any request', async () => {
    const error = await rejection(createJiraConnector().checkCredentials(makeCtx({ creds: oauthCreds })));
    expect([error.code, error.retryable]).toEqual(['bad_request', false]);
    expect(error.message).toContain('https://api.atlassian.com/ex/jira/<cloud id>');
  });

  test('the placeholder default base URL is refused before any request', async () => {
    const ctx = makeCtx({ baseUrl: jiraConnector.defaults.baseUrl });
    const error = await rejection(createJiraConnector().checkCredentials(ctx));
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('https://acme.atlassian.net');
  });

  test('a token echoed in an upstream message is redacted', async () => {
    const scope = nock(SITE)
      .get(`/rest/api/3/project/${PROJECT}`)
      .reply(400, { message: `header ${API_TOKEN} is malformed` });
    const error = await rejection(createJiraConnector().getProject(makeCtx(), PROJECT));
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(API_TOKEN);
    scope.done();
  });
});

describe('listProjects and getProject', () => {
  test('pages project/search by startAt/maxResults until isLast', async () => {
    const scope = nock(SITE)
      .get('/rest/api/3/project/search')
      .query({ startAt: 0, maxResults: 50 })
      .reply(200, fixture('projects.json'))
      .get('/rest/api/3/project/search')
      .query({ startAt: 2, maxResults: 50 })
      .reply(200, fixture('projects-last.json'));
    const pages = await collect(createJiraConnector().listProjects(makeCtx()));
    expect(pages.map((p) => p.map((project) => project.key))).toEqual([['EX', 'ABC'], ['SD']]);
    expect(pages[0]?.[0]).toEqual({
      externalId: '10000',
      key: 'EX',
      name: 'Example',
      url: 'https://acme.atlassian.net/browse/EX',
      type: 'software',
      startDate: null,
      endDate: null,
      archived: false,
    });
    scope.done();
  });

  test('without isLast, total decides; an empty page always ends the listing', async () => {
    const values = (fixture('projects.json').values as Json[]).slice(0, 1);
    const scope = nock(SITE)
      .get('/rest/api/3/project/search')
      .query({ startAt: 0, maxResults: 50 })
      .reply(200, { startAt: 0, maxResults: 1, total: 5, values })
      .get('/rest/api/3/project/search')
      .query({ startAt: 1, maxResults: 50 })
      .reply(200, { startAt: 1, maxResults: 1, total: 5, values: [] });
    expect((await collect(createJiraConnector().listProjects(makeCtx()))).flat()).toHaveLength(1);
    scope.done();
  });

  test('through the OAuth gateway, links use settings.siteUrl (or none)', async () => {
    const base = `${GATEWAY}/ex/jira/${CLOUD_ID}`;
    const scope = nock(GATEWAY)
      .get(`/ex/jira/${CLOUD_ID}/rest/api/3/project/${PROJECT}`)
      .times(2)
      .reply(200, fixture('project.json'));
    const connector = createJiraConnector();
    const withSite = makeCtx({ baseUrl: base, creds: oauthCreds, settings: { siteUrl: SITE } });
    expect((await connector.getProject(withSite, PROJECT)).url).toBe('https://acme.atlassian.net/browse/EX');
    expect(
      (await connector.getProject(makeCtx({ baseUrl: base, creds: oauthCreds }), PROJECT)).url,
    ).toBeNull();
    scope.done();
  });

  test('a project without a key → bad_payload naming the field', async () => {
    const scope = nock(SITE)
      .get('/rest/api/3/project/search')
      .query(true)
      .reply(200, { ...fixture('projects-last.json'), values: [{ id: '1', name: 'No key' }] });
    const error = await rejection(collect(createJiraConnector().listProjects(makeCtx())));
    expect([error.code, error.retryable]).toEqual(['bad_payload', true]);
    expect(error.message).toContain('values.0.key');
    scope.done();
  });
});

describe('pullMilestones', () => {
  test('project versions (expand=issuesstatus, paged) become version milestones', async () => {
    const path = `/rest/api/3/project/${PROJECT}/version`;
    const scope = nock(SITE)
      .get(path)
      .query({ expand: 'issuesstatus', startAt: 0, maxResults: 50 })
      .reply(200, fixture('versions.json'))
      .get(path)
      .query({ expand: 'issuesstatus', startAt: 2, maxResults: 50 })
      .reply(200, fixture('versions-last.json'));
    const batches = await collect(createJiraConnector().pullMilestones(makeCtx(), PROJECT));
    expect(batches.map((b) => b.map((m) => `${m.externalId}:${m.status}`))).toEqual([
      ['version:10000:done', 'version:10010:in_progress'],
      ['version:10020:cancelled', 'version:10030:planned'],
    ]);
    expect(batches[1]?.[1]).toMatchObject({
      kind: 'version',
      startDate: '2025-04-01',
      dueDate: '2025-06-30',
    });
    scope.done();
  });

  test('tasks link to those milestones through fixVersions', async () => {
    const path = `/rest/api/3/project/${PROJECT}/version`;
    const scope = nock(SITE)
      .get(path)
      .query({ expand: 'issuesstatus', startAt: 0, maxResults: 50 })
      .reply(200, fixture('versions.json'))
      .get(path)
      .query({ expand: 'issuesstatus', startAt: 2, maxResults: 50 })
      .reply(200, fixture('versions-last.json'))
      .post(SEARCH, searchBody(FULL_JQL))
      .reply(200, fixture('search-page-1.json'))
      .post(SEARCH, searchBody(FULL_JQL, 'CAEaAggD'))
      .reply(200, fixture('search-page-2.json'));
    const connector = createJiraConnector();
    const ctx = makeCtx();
    const milestones = new Set(
      (await collect(connector.pullMilestones(ctx, PROJECT))).flat().map((m) => m.externalId),
    );
    const pages = await collect(
      connector.pullTasks(ctx, PROJECT, { cursor: undefined, updatedSince: undefined }),
    );
    const links = pages.flatMap((p) => p.tasks.map((t) => [t.identifier, t.milestoneExternalIds]));
    expect(links).toEqual([
      ['EX-1', ['version:10010']],
      ['EX-2', ['version:10010']],
      ['EX-3', ['version:10000', 'version:10010']],
      ['EX-4', ['version:10000']],
      ['EX-5', []],
    ]);
    expect(links.flatMap(([, ids]) => ids as string[]).every((id) => milestones.has(id))).toBe(true);
    scope.done();
  });

  test('a missing project fails the pull (no silent empty list)', async () => {
    const scope = nock(SITE)
      .get(`/rest/api/3/project/99999/version`)
      .query(true)
      .reply(404, { errorMessages: ["No project could be found with key '99999'."], errors: {} });
    const error = await rejection(collect(createJiraConnector().pullMilestones(makeCtx(), '99999')));
    expect([error.code, error.retryable]).toEqual(['not_found', false]);
    scope.done();
  });
});

describe('pullTasks', () => {
  test('full run: POST search/jql with the exact body, paged by nextPageToken until it is absent', async () => {
    const bodies: unknown[] = [];
    const record = (body: unknown) => {
      bodies.push(body);
      return true;
    };
    const scope = nock(SITE, { reqheaders: { authorization: BASIC, 'content-type': /application\/json/ } })
      .post(SEARCH, record)
      .reply(200, fixture('search-page-1.json'))
      .post(SEARCH, record)
      .reply(200, fixture('search-page-2.json'));
    const pages = await collect(
      createJiraConnector().pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined }),
    );
    expect(bodies.map((b) => JSON.stringify(b))).toEqual([
      `{"jql":"project = 10000 ORDER BY key ASC","fields":${JSON.stringify(FIELDS)},"maxResults":100}`,
      `{"jql":"project = 10000 ORDER BY key ASC","fields":${JSON.stringify(FIELDS)},"maxResults":100,"nextPageToken":"CAEaAggD"}`,
    ]);
    expect(pages.map((p) => [p.tasks.map((t) => t.identifier), p.next, p.scanned, p.total])).toEqual([
      [['EX-1', 'EX-2', 'EX-3'], { nextPageToken: 'CAEaAggD' }, 3, null],
      [['EX-4', 'EX-5'], undefined, 2, null],
    ]);
    expect(pages.flatMap((p) => p.tasks.map((t) => [t.identifier, t.statusCategory, t.blocked]))).toEqual([
      ['EX-1', 'planned', false],
      ['EX-2', 'in_progress', true],
      ['EX-3', 'in_progress', true],
      ['EX-4', 'done', false],
      ['EX-5', 'cancelled', false],
    ]);
    scope.done();
  });

  test('follows a chain of tokens to the end, not just one', async () => {
    const scope = nock(SITE)
      .post(SEARCH, searchBody(FULL_JQL))
      .reply(200, { issues: [issue('1')], nextPageToken: 'T1', isLast: false })
      .post(SEARCH, searchBody(FULL_JQL, 'T1'))
      .reply(200, { issues: [issue('2')], nextPageToken: 'T2', isLast: false })
      .post(SEARCH, searchBody(FULL_JQL, 'T2'))
      .reply(200, { issues: [issue('3')], nextPageToken: 'T3', isLast: false })
      .post(SEARCH, searchBody(FULL_JQL, 'T3'))
      .reply(200, { issues: [issue('4')] });
    const pages = await collect(
      createJiraConnector().pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined }),
    );
    expect(pages.map((p) => [p.tasks[0]?.externalId, p.next])).toEqual([
      ['1', { nextPageToken: 'T1' }],
      ['2', { nextPageToken: 'T2' }],
      ['3', { nextPageToken: 'T3' }],
      ['4', undefined],
    ]);
    scope.done();
  });

  test('isLast: true ends the listing even if a token comes with it', async () => {
    const scope = nock(SITE)
      .post(SEARCH, searchBody(FULL_JQL))
      .reply(200, { issues: [issue('1')], nextPageToken: 'ignored', isLast: true });
    const pages = await collect(
      createJiraConnector().pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined }),
    );
    expect(pages.map((p) => p.next)).toEqual([undefined]);
    scope.done();
  });

  test.each([
    {
      zone: 'Europe/Paris',
      since: '2025-03-05T10:00:00Z',
      // One hour of overlap, written in the connection's zone (UTC+1 in March).
      clause: 'updated >= "2025-03-05 10:00"',
    },
    { zone: 'UTC', since: '2025-03-05T10:00:59.999Z', clause: 'updated >= "2025-03-05 09:00"' },
    { zone: 'Asia/Shanghai', since: '2025-03-05T00:30:00Z', clause: 'updated >= "2025-03-05 07:30"' },
  ])('incremental run in $zone adds $clause', async ({ zone, since, clause }) => {
    const jql = `project = 10000 AND ${clause} ORDER BY key ASC`;
    const scope = nock(SITE)
      .post(SEARCH, searchBody(jql))
      .reply(200, { issues: [issue('7')], isLast: true });
    const pages = await collect(
      createJiraConnector().pullTasks(makeCtx({ timezone: zone }), PROJECT, {
        cursor: undefined,
        updatedSince: new Date(since),
      }),
    );
    expect(pages.flatMap((p) => p.tasks.map((t) => t.externalId))).toEqual(['7']);
    scope.done();
  });

  test('a configured Flagged field is what the fields list asks for', async () => {
    const fields = [...FIELDS.slice(0, -1), 'customfield_10100'];
    const scope = nock(SITE)
      .post(SEARCH, searchBody(FULL_JQL, undefined, fields))
      .reply(200, {
        issues: [
          issue('8', {
            fields: { ...(issue('8').fields as Json), customfield_10100: [{ value: 'Impediment' }] },
          }),
        ],
      });
    const ctx = makeCtx({ settings: { flaggedField: 'customfield_10100' } });
    const pages = await collect(
      createJiraConnector().pullTasks(ctx, PROJECT, { cursor: undefined, updatedSince: undefined }),
    );
    expect(pages[0]?.tasks[0]?.blocked).toBe(true);
    scope.done();
  });

  test('resumes at the cursor token', async () => {
    const scope = nock(SITE)
      .post(SEARCH, searchBody(FULL_JQL, 'CAEaAggD'))
      .reply(200, fixture('search-page-2.json'));
    const pages = await collect(
      createJiraConnector().pullTasks(makeCtx(), PROJECT, {
        cursor: { nextPageToken: 'CAEaAggD' },
        updatedSince: undefined,
      }),
    );
    expect(pages.flatMap((p) => p.tasks.map((t) => t.identifier))).toEqual(['EX-4', 'EX-5']);
    scope.done();
  });

  test('a token Jira no longer accepts (400, expired after 7 days) restarts the listing once', async () => {
    const scope = nock(SITE)
      .post(SEARCH, searchBody(FULL_JQL, 'stale'))
      .reply(400, fixture('error-collection.json'))
      .post(SEARCH, searchBody(FULL_JQL))
      .reply(200, fixture('search-page-1.json'))
      .post(SEARCH, searchBody(FULL_JQL, 'CAEaAggD'))
      .reply(200, fixture('search-page-2.json'));
    const pages = await collect(
      createJiraConnector().pullTasks(makeCtx(), PROJECT, {
        cursor: { nextPageToken: 'stale' },
        updatedSince: undefined,
      }),
    );
    expect(pages.flatMap((p) => p.tasks)).toHaveLength(5);
    scope.done();
  });

  test('a 400 on a fresh listing is not retried', async () => {
    const scope = nock(SITE).post(SEARCH, searchBody(FULL_JQL)).reply(400, fixture('error-collection.json'));
    const error = await rejection(
      collect(
        createJiraConnector().pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined }),
      ),
    );
    expect([error.code, error.retryable]).toEqual(['bad_request', false]);
    scope.done();
  });

  test.each<{ name: string; cursor: Cursor }>([
    { name: 'an older cursor shape', cursor: { mode: 'list', pageIndex: 2 } },
    { name: 'an empty token', cursor: { nextPageToken: '' } },
  ])('$name restarts from the first page', async ({ cursor }) => {
    const scope = nock(SITE).post(SEARCH, searchBody(FULL_JQL)).reply(200, { issues: [], isLast: true });
    const pages = await collect(
      createJiraConnector().pullTasks(makeCtx(), PROJECT, { cursor, updatedSince: undefined }),
    );
    expect(pages.map((p) => [p.tasks.length, p.next])).toEqual([[0, undefined]]);
    scope.done();
  });

  test('the same token twice is bad_payload, not an endless loop', async () => {
    const scope = nock(SITE)
      .post(SEARCH, searchBody(FULL_JQL))
      .reply(200, { issues: [issue('1')], nextPageToken: 'T1', isLast: false })
      .post(SEARCH, searchBody(FULL_JQL, 'T1'))
      .reply(200, { issues: [issue('2')], nextPageToken: 'T1', isLast: false });
    const error = await rejection(
      collect(
        createJiraConnector().pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined }),
      ),
    );
    expect([error.code, error.retryable]).toEqual(['bad_payload', true]);
    scope.done();
  });

  test('an unknown status category fails the page as bad_payload', async () => {
    const bad = issue('9', {
      fields: {
        ...(issue('9').fields as Json),
        status: { name: 'Odd', statusCategory: { key: 'in-flight' } },
      },
    });
    const scope = nock(SITE)
      .post(SEARCH, searchBody(FULL_JQL))
      .reply(200, { issues: [bad] });
    const error = await rejection(
      collect(
        createJiraConnector().pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined }),
      ),
    );
    expect(error.code).toBe('bad_payload');
    expect(error.message).toContain('issues.0.fields.status.statusCategory.key');
    scope.done();
  });
});

describe('rate limits and upstream failures', () => {
  const pull = () =>
    collect(
      createJiraConnector().pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined }),
    );

  test('429 with Retry-After: 30 → rate_limited, retry after 30 000 ms', async () => {
    const scope = nock(SITE).post(SEARCH).reply(429, '', {
      'retry-after': '30',
      'x-ratelimit-reset': '2099-01-01T00:00Z',
      'ratelimit-reason': 'jira-burst-based',
    });
    const error = await rejection(pull());
    expect([error.code, error.retryable, error.retryAfterMs, error.status]).toEqual([
      'rate_limited',
      true,
      30_000,
      429,
    ]);
    scope.done();
  });

  test('429 with only X-RateLimit-Reset → the wait until that instant', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-05T12:00:00Z'));
    const scope = nock(SITE).post(SEARCH).reply(429, '', { 'x-ratelimit-reset': '2025-03-05T12:02Z' });
    const error = await rejection(pull());
    expect([error.code, error.retryable, error.retryAfterMs]).toEqual(['rate_limited', true, 120_000]);
    scope.done();
  });

  test('429 without either header → the generic one-minute wait', async () => {
    const scope = nock(SITE).post(SEARCH).reply(429, '');
    const error = await rejection(pull());
    expect([error.code, error.retryAfterMs]).toEqual(['rate_limited', 60_000]);
    scope.done();
  });

  test('503 with Retry-After → upstream_unavailable carrying the wait', async () => {
    const scope = nock(SITE).post(SEARCH).reply(503, '', { 'retry-after': '5' });
    const error = await rejection(pull());
    expect([error.code, error.retryable, error.retryAfterMs]).toEqual(['upstream_unavailable', true, 5_000]);
    scope.done();
  });

  test('malformed JSON → bad_payload, retryable', async () => {
    const scope = nock(SITE)
      .post(SEARCH)
      .reply(200, '{"issues":[{"id":', { 'content-type': 'application/json' });
    const error = await rejection(pull());
    expect([error.code, error.retryable]).toEqual(['bad_payload', true]);
    scope.done();
  });
});

describe('verifyWebhook', () => {
  const SECRET = 'It is a Jira webhook secret, 32+ chars';
  const body = raw('webhook-issue-updated.json');
  const sign = (bytes: Buffer, secret = SECRET) =>
    `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;
  function request(patch: Partial<WebhookRequest> = {}, headers: Record<string, string | undefined> = {}) {
    return {
      headers: {
        'content-type': 'application/json',
        'x-atlassian-webhook-identifier': '1234567890',
        'x-hub-signature': sign(patch.rawBody ?? body),
        ...headers,
      },
      rawBody: body,
      secret: SECRET,
      now: new Date('2025-03-05T09:25:01Z'),
      ...patch,
    };
  }
  function rejectedReason(req: WebhookRequest): string {
    try {
      verifyJiraWebhook(req);
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookRejected);
      return (error as WebhookRejected).reason;
    }
    throw new Error('expected a WebhookRejected');
  }

  test('a valid signature: delivery id from the header, event and project from the body', () => {
    expect(jiraConnector.verifyWebhook?.(request())).toEqual({
      deliveryId: '1234567890',
      event: 'jira:issue_updated',
      projectExternalIds: ['10000'],
    });
  });

  test('upper-case hex is the same signature', () => {
    const header = sign(body)
      .replace(/[a-f]/g, (c) => c.toUpperCase())
      .replace('SHA256', 'sha256');
    expect(verifyJiraWebhook(request({}, { 'x-hub-signature': header })).event).toBe('jira:issue_updated');
  });

  test('without X-Atlassian-Webhook-Identifier the delivery id is the SHA-256 of the body', () => {
    const event = verifyJiraWebhook(request({}, { 'x-atlassian-webhook-identifier': undefined }));
    expect(event.deliveryId).toBe(createHash('sha256').update(body).digest('hex'));
  });

  test('an identifier that is not a plain short token is not trusted as the key', () => {
    const event = verifyJiraWebhook(request({}, { 'x-atlassian-webhook-identifier': 'a b'.repeat(100) }));
    expect(event.deliveryId).toBe(createHash('sha256').update(body).digest('hex'));
  });

  test('a version event names its project through version.projectId', () => {
    const version = raw('webhook-version-released.json');
    expect(verifyJiraWebhook(request({ rawBody: version }))).toMatchObject({
      event: 'jira:version_released',
      projectExternalIds: ['10000'],
    });
  });

  test('the documented example (no project in it) asks for every project', () => {
    const documented = raw('webhook-issue-documented.json');
    expect(verifyJiraWebhook(request({ rawBody: documented })).projectExternalIds).toEqual([]);
  });

  test.each<{ name: string; req: () => WebhookRequest; reason: string }>([
    {
      name: 'a tampered body',
      req: () => ({ ...request(), rawBody: Buffer.from(body.toString('utf8').replace('10000', '10001')) }),
      reason: 'signature',
    },
    {
      name: 'a tampered signature',
      req: () => request({}, { 'x-hub-signature': sign(body).replace(/.$/, (c) => (c === '0' ? '1' : '0')) }),
      reason: 'signature',
    },
    {
      name: 'the wrong secret',
      req: () => request({}, { 'x-hub-signature': sign(body, 'other') }),
      reason: 'signature',
    },
    {
      name: 'a missing signature',
      req: () => request({}, { 'x-hub-signature': undefined }),
      reason: 'signature',
    },
    {
      name: 'another algorithm',
      req: () =>
        request({}, { 'x-hub-signature': `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}` }),
      reason: 'signature',
    },
    {
      name: 'a bare hex digest',
      req: () => request({}, { 'x-hub-signature': createHmac('sha256', SECRET).update(body).digest('hex') }),
      reason: 'signature',
    },
    {
      name: 'a truncated digest',
      req: () => request({}, { 'x-hub-signature': sign(body).slice(0, -2) }),
      reason: 'signature',
    },
    { name: 'no secret configured', req: () => request({ secret: null }), reason: 'no_secret' },
    { name: 'an empty secret', req: () => request({ secret: '' }), reason: 'no_secret' },
    {
      name: 'a signed body that is not JSON',
      req: () => request({ rawBody: Buffer.from('webhookEvent=jira:issue_updated') }),
      reason: 'payload',
    },
    {
      name: 'a signed body without webhookEvent',
      req: () => request({ rawBody: Buffer.from('{"timestamp":1741166700123}') }),
      reason: 'payload',
    },
  ])('$name → WebhookRejected($reason)', ({ req, reason }) => {
    expect(rejectedReason(req())).toBe(reason);
  });

  test('no secret is checked first: an unsigned delivery to a connection without one is no_secret', () => {
    expect(rejectedReason(request({ secret: null }, { 'x-hub-signature': undefined }))).toBe('no_secret');
  });
});
