import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PcWorkItem } from '../../scripts/fake-pingcode/types';
import type { Locale } from '../../service/domain/model';
import type { Progress, Summary } from '../../service/domain/summary/types';
import type { Agenda } from '../../service/render/agenda.md';
import { agendaMessages } from '../../service/render/agenda.messages';
import { coreMessages } from '../../service/render/i18n/core.messages';
import { createTranslator } from '../../service/render/i18n/i18n';
import { rawRows, uniqueName } from '../support/env';
import { startHarness, type Harness } from '../support/harness';

const HOST = 'clientlens.test';
const XSS = '<script>alert(1)</script>';

interface FeedbackItem {
  id: string;
  kind: string;
  status: string;
  overdue: boolean;
  answerDueAt: string;
  createdAt: string;
}

describe('GET /projects/:id/agenda (PGlite, real Redis, fake PingCode)', () => {
  let h: Harness;
  let projectId: string;
  let pcProjectId: string;
  let connectionId: string;
  let publishedId: string;
  let draftId: string;
  let shareUrl: string;
  const agendaUrl = (query = '') => `/api/v1/projects/${projectId}/agenda${query}`;
  const agenda = async (query = ''): Promise<Agenda> => {
    const res = await h.api('GET', agendaUrl(query));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    return res.json<Agenda>();
  };
  const summary = async () =>
    (await h.api('GET', `/api/v1/projects/${projectId}/summary`)).json<{ summary: Summary }>().summary;
  const feedback = async () =>
    (await h.api('GET', `/api/v1/projects/${projectId}/feedback?status=open&limit=200`)).json<{
      items: FeedbackItem[];
    }>().items;

  /** A client's post through the share page's plain form, over app.inject. */
  async function postFeedback(fields: Record<string, string>): Promise<void> {
    const path = new URL(shareUrl).pathname;
    const page = await h.runtime.app!.inject({ method: 'GET', url: path, headers: { host: HOST } });
    const formToken = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1];
    if (!formToken) throw new Error(`no form on the page: ${page.statusCode}`);
    const res = await h.runtime.app!.inject({
      method: 'POST',
      url: `${path}/feedback`,
      payload: new URLSearchParams({ formToken, ...fields }).toString(),
      headers: {
        host: HOST,
        origin: `https://${HOST}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(res.statusCode, res.body).toBe(303);
  }

  beforeAll(async () => {
    h = await startHarness({ env: { QUEUE_PREFIX: uniqueName('cltest') } });
    const connection = await h.connect();
    projectId = connection.projects[0]!.id;
    pcProjectId = connection.projects[0]!.externalId;
    connectionId = connection.id;
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
    shareUrl = (await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { language: 'en' })).json<{
      url: string;
    }>().url;
  });
  afterAll(async () => {
    await h?.close();
  });

  test('before any update: the figures to date, the next milestones due, nothing to compare', async () => {
    const body = await agenda();
    const current = await summary();
    expect(body.language).toBe('en');
    expect(body.project).toEqual({ id: projectId, name: current.project.name });
    expect(body.progress).toMatchObject({
      lastUpdate: null,
      atLastUpdate: null,
      now: current.overall.byCount,
      completed: { count: 0, tasks: [] },
      milestonesDone: [],
    });
    expect(body.risks.update).toBeNull();
    expect(body.risks.items.map((r) => r.kind)).toEqual(current.risks.map((r) => r.kind));
    const upcoming = current.milestones.filter((m) => m.health !== 'done').slice(0, 3);
    expect(body.nextSteps.source).toBe('milestones');
    expect(body.nextSteps.items.map((i) => i.milestone?.id)).toEqual(upcoming.map((m) => m.id));

    const md = await h.api('GET', agendaUrl('?format=md'));
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    const t = createTranslator('en', coreMessages, agendaMessages);
    expect(md.body).toContain(`\n${t.t('agenda.progress.first')}\n`);
    expect(md.body).toContain(`\n${t.t('agenda.next.upcoming')}\n`);
  });

  test('after a publish, new work and a slip: progress against the snapshot, the latest draft’s risks and next steps, open feedback oldest first', async () => {
    const published = (await h.api('POST', `/api/v1/projects/${projectId}/updates`)).json<{ id: string }>();
    expect((await h.api('POST', `/api/v1/updates/${published.id}/publish`)).statusCode).toBe(200);
    publishedId = published.id;
    // Straight after the publish the agenda names it as the last update.
    expect((await agenda()).progress.lastUpdate?.id).toBe(publishedId);
    // Upstream instants are whole seconds: what is finished next must be after the publication's second.
    await sleep(1100);

    // Upstream, two open tasks are finished and an open release moves a week later.
    const nowS = Math.floor(Date.now() / 1000);
    const doneState = h.dataset.workItems.find((i) => i.state.type === 'completed')!.state;
    const open = h.dataset.workItems.filter(
      (i: PcWorkItem) =>
        i.project.id === pcProjectId &&
        !i.is_deleted &&
        i.state.type === 'in_progress' &&
        (i.versions.length > 0 || i.sprint !== null),
    );
    const finished = open.slice(0, 2);
    for (const item of finished) {
      item.state = doneState;
      item.completed_at = nowS;
    }
    h.fake.touch(
      finished.map((i) => i.id),
      nowS,
    );
    const release = h.dataset.versions.find((v) => v.stage.type === 'in_progress')!;
    release.end_at = release.end_at! + 7 * 86400;
    expect((await h.syncAndWait(connectionId, projectId)).status).toBe('succeeded');
    // The render job recomputes the stored summary after the sync.
    let current = await summary();
    for (
      const deadline = Date.now() + 15_000;
      current.changes.completed.length < 2 && Date.now() < deadline;
    ) {
      await sleep(100);
      current = await summary();
    }
    expect(current.changes.completed.length).toBeGreaterThanOrEqual(2);
    expect(current.changes.slips.length).toBeGreaterThanOrEqual(1);

    // The PM's next draft: a risk with a decision already past its date, and next steps.
    const draft = await h.api('POST', `/api/v1/projects/${projectId}/updates`, {
      content: {
        headline: 'Week 12',
        highlights: [],
        risks: [
          {
            problem: 'The payment provider has not opened our test account.',
            impact: 'Card payments cannot be tested end to end.',
            mitigation: 'We test against their sandbox meanwhile.',
            decision: { question: 'Ship without PayPal?', by: '2020-01-06' },
          },
          {
            problem: 'Copy for the product pages is late.',
            impact: 'Layouts use placeholder text.',
            mitigation: '',
            decision: { question: 'Who writes the German copy?', by: null },
          },
        ],
        nextSteps: ['Demo the CMS on Friday', `Collect feedback ${XSS}`],
      },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    draftId = draft.json<{ id: string }>().id;

    // Client feedback: the oldest question is a month old (overdue), a comment is not agenda material.
    const milestoneId = current.milestones[0]!.id;
    await postFeedback({ kind: 'question', body: 'When can we see the CMS?', name: 'Ana Lima' });
    await postFeedback({ kind: 'comment', body: 'Looks great.', name: 'Cy' });
    await postFeedback({ kind: 'change_request', body: `Add a blog ${XSS}`, name: 'Ed' });
    await postFeedback({ kind: 'approval', body: '', name: 'Di', milestoneId });
    await postFeedback({ kind: 'question', body: 'Already answered?', name: 'Bo' });
    const db = h.runtime.container.database.db;
    await db.execute(
      sql`update feedback set created_at = now() - interval '30 days' where body = 'When can we see the CMS?'`,
    );
    const answered = (await feedback()).find((i) => i.kind === 'question' && i.overdue === false)!;
    expect((await h.api('PATCH', `/api/v1/feedback/${answered.id}`, { reply: 'Yes.' })).statusCode).toBe(200);

    const body = await agenda();
    const snapshot = (
      await rawRows<{ summary: Summary | string }>(
        db,
        sql`select summary from "update" where id = ${publishedId}`,
      )
    )[0]!.summary;
    const frozen: Progress = (typeof snapshot === 'string' ? (JSON.parse(snapshot) as Summary) : snapshot)
      .overall.byCount;
    current = await summary();

    // 1. Progress since the last published update.
    expect(body.progress.lastUpdate?.id).toBe(publishedId);
    expect(body.progress.atLastUpdate).toEqual(frozen);
    expect(body.progress.now).toEqual(current.overall.byCount);
    expect(body.progress.now.done).toBeGreaterThan(frozen.done);
    expect(body.progress.completed.count).toBe(current.changes.completed.length);
    expect(body.progress.completed.tasks.map((t) => t.id)).toEqual(
      current.changes.completed.slice(0, 10).map((t) => t.id),
    );
    expect(body.progress.slips.map((s) => s.milestoneId)).toEqual(
      current.changes.slips.map((s) => s.milestoneId),
    );
    expect(body.progress.slips[0]!.days).toBe(7);

    // 2. Risks: the detected ones and the latest update’s (the draft), decisions soonest first.
    expect(body.risks.update).toEqual({ id: draftId, status: 'draft' });
    expect(body.risks.items.filter((r) => r.source === 'update').map((r) => r.text)).toEqual([
      'The payment provider has not opened our test account.',
      'Copy for the product pages is late.',
    ]);
    expect(body.risks.items.filter((r) => r.source === 'detected').map((r) => r.kind)).toEqual(
      current.risks.map((r) => r.kind),
    );
    expect(body.risks.decisions).toEqual([
      {
        question: 'Ship without PayPal?',
        by: '2020-01-06',
        overdue: true,
        risk: 'The payment provider has not opened our test account.',
      },
      {
        question: 'Who writes the German copy?',
        by: null,
        overdue: false,
        risk: 'Copy for the product pages is late.',
      },
    ]);

    // 3. Open questions, change requests and approvals, oldest first, overdue as the feedback list says.
    const openFeedback = new Map((await feedback()).map((i) => [i.id, i]));
    expect(body.questions.map((q) => [q.kind, q.authorName])).toEqual([
      ['question', 'Ana Lima'],
      ['change_request', 'Ed'],
      ['approval', 'Di'],
    ]);
    for (const q of body.questions) {
      expect(openFeedback.get(q.id)).toMatchObject({
        overdue: q.overdue,
        answerDueAt: q.answerDueAt,
        createdAt: q.createdAt,
      });
    }
    expect(body.questions.map((q) => q.overdue)).toEqual([true, false, false]);
    expect(body.questions[2]!.milestone).toEqual({ id: milestoneId, name: current.milestones[0]!.name });

    // 4. Next steps: the draft’s.
    expect(body.nextSteps).toEqual({
      source: 'update',
      items: [
        { text: 'Demo the CMS on Friday', milestone: null },
        { text: `Collect feedback ${XSS}`, milestone: null },
      ],
    });
  });

  test.each<Locale>(['en', 'zh-CN', 'fr'])(
    'format=md&lang=%s: Markdown in that language, client text escaped',
    async (lang) => {
      const res = await h.api('GET', agendaUrl(`?format=md&lang=${lang}`));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
      const md = res.body;
      const t = createTranslator(lang, coreMessages, agendaMessages);
      const name = (await summary()).project.name;
      expect(md.startsWith(`# ${t.t('agenda.title', { project: name })}\n`)).toBe(true);
      for (const key of [
        'agenda.progress.heading',
        'agenda.risks.heading',
        'agenda.questions.heading',
        'agenda.next.heading',
      ])
        expect(md).toContain(`\n## ${t.t(key)}\n`);
      expect(md).toContain(`\n### ${t.t('agenda.decisions.heading')}\n`);
      expect(md).toContain(
        `- **${t.t('agenda.decision', { question: 'Ship without PayPal?', by: t.date('2020-01-06'), overdue: 'yes' })}**`,
      );
      expect(md).toContain('\n  - When can we see the CMS?\n');
      expect(md).toContain('\n- Demo the CMS on Friday\n');
      expect(md).toContain('Add a blog \\<script\\>alert(1)\\</script\\>');
      expect(md).not.toContain('<script>');
      expect(md).not.toContain('Looks great.'); // comments are not agenda items
      expect(md).not.toContain('Already answered?');
    },
  );

  test('the default language is the project’s communication plan’s, else the workspace’s', async () => {
    expect((await agenda()).language).toBe('en');
    const plan = await h.api('PUT', `/api/v1/projects/${projectId}/comm-plan`, {
      cadence: { frequency: 'weekly', weekday: 'friday', hour: 16, timezone: 'Asia/Shanghai' },
      language: 'zh-CN',
    });
    expect(plan.statusCode, plan.body).toBe(200);
    expect((await agenda()).language).toBe('zh-CN');
    const md = await h.api('GET', agendaUrl('?format=md'));
    expect(md.body).toContain(`## ${createTranslator('zh-CN', agendaMessages).t('agenda.next.heading')}\n`);
    expect((await agenda('?lang=fr')).language).toBe('fr');
    expect((await h.api('DELETE', `/api/v1/projects/${projectId}/comm-plan`)).statusCode).toBe(204);
    expect((await agenda()).language).toBe('en');
  });

  test('another workspace’s project and an unknown one are 404; a bad format or language is 400 naming the field; no key is 401', async () => {
    const other = await h.runtime.container.services.workspaces.create({ name: 'Other' });
    for (const format of ['', '?format=md']) {
      const res = await h.api('GET', agendaUrl(format), undefined, other.key);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
    expect(
      (await h.api('GET', '/api/v1/projects/0193a000-0000-7000-8000-000000000000/agenda')).statusCode,
    ).toBe(404);

    const bad = await h.api('GET', agendaUrl('?format=pdf'));
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'format', message: 'must be one of json, md' }],
    });
    expect((await h.api('GET', agendaUrl('?lang=de'))).json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'lang' }],
    });
    expect((await h.api('GET', agendaUrl(), undefined, null)).statusCode).toBe(401);
  });
});
