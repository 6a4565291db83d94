import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../container';
import { LOCALES } from '../domain/model';
import { DETAIL_LEVELS } from '../domain/update';
import { toCommHealthDto } from '../schemas/comm-health';
import { CommPlanSchema, PutCommPlanBody, toCommPlanDto } from '../schemas/comm-plans';
import { IdParams } from '../schemas/common';
import { AnswerFeedbackBody, FeedbackListQuery, toFeedbackDto } from '../schemas/feedback';
import { ClientSettingsBody, toProjectDto, toTaskDto } from '../schemas/projects';
import { CreateShareLinkBody, toNewLinkInput, toShareLinkDto } from '../schemas/share-links';
import { toSyncRunDto } from '../schemas/syncs';
import { EditUpdateBody, toUpdateDto } from '../schemas/updates';

const hide = true;
const LangQuery = z.object({ lang: z.enum(LOCALES).optional() });

/**
 * The panel's API (`/plugin/api/*`): what the PM does from inside the PM tool, always on the one project
 * the verified host token names (`req.panel`), never on an id the page sends for the project. Ids of
 * updates, links, feedback and runs are checked to belong to that project. Bodies and answers reuse the
 * integrator API's schemas; the routes are left out of the public OpenAPI document (the panel is theirs).
 */
export const pluginApiRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/context', { schema: { hide } }, async (req) => {
    const { workspaceId, projectId, locale } = req.panel;
    const project = await services.projects.get(workspaceId, projectId);
    const connection = await services.connections.get(workspaceId, project.connectionId);
    const runs = await services.syncs.list(workspaceId, connection.id, { limit: 20 });
    const run = runs.items.find((r) => r.projectId === projectId);
    return {
      project: toProjectDto(project),
      connection: {
        id: connection.id,
        name: connection.name,
        provider: connection.provider,
        status: connection.status,
      },
      lastRun: run ? toSyncRunDto(run) : null,
      locale: locale ?? null,
    };
  });

  app.get(
    '/preview',
    {
      schema: { hide, querystring: LangQuery.extend({ detail: z.enum(DETAIL_LEVELS).default('overview') }) },
    },
    async (req, reply) => {
      const { workspaceId, projectId } = req.panel;
      const html = await services.sharePages.preview(
        workspaceId,
        projectId,
        req.query.lang,
        req.query.detail,
      );
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.post('/syncs', { schema: { hide } }, async (req, reply) => {
    const { workspaceId, projectId } = req.panel;
    const project = await services.projects.get(workspaceId, projectId);
    const { run } = await services.syncs.request(workspaceId, project.connectionId, { projectId }, 'panel');
    return reply.code(202).send(toSyncRunDto(run));
  });

  app.get('/syncs/:id', { schema: { hide, params: IdParams } }, async (req) =>
    toSyncRunDto(await services.syncs.get(req.panel.workspaceId, req.params.id, req.panel.projectId)),
  );

  app.get('/updates', { schema: { hide } }, async (req) => ({
    items: (await services.updates.list(req.panel.workspaceId, req.panel.projectId)).map(toUpdateDto),
  }));

  app.post('/updates', { schema: { hide } }, async (req, reply) => {
    const draft = await services.updates.createDraft(req.panel.workspaceId, req.panel.projectId);
    return reply.code(201).send(toUpdateDto(draft));
  });

  app.patch('/updates/:id', { schema: { hide, params: IdParams, body: EditUpdateBody } }, async (req) =>
    toUpdateDto(
      await services.updates.edit(
        req.panel.workspaceId,
        req.params.id,
        req.body.content,
        req.panel.projectId,
      ),
    ),
  );

  app.post('/updates/:id/publish', { schema: { hide, params: IdParams } }, async (req) =>
    toUpdateDto(await services.updates.publish(req.panel.workspaceId, req.params.id, req.panel.projectId)),
  );

  app.get('/jargon', { schema: { hide, querystring: LangQuery } }, async (req) => {
    const { workspaceId, projectId, locale } = req.panel;
    return {
      items: await services.projects.jargon(workspaceId, projectId, req.query.lang ?? locale ?? 'en'),
    };
  });

  app.patch(
    '/tasks/:id',
    {
      schema: {
        hide,
        params: IdParams,
        body: z.object({ clientTitle: z.string().trim().min(1).max(300).nullable() }),
      },
    },
    async (req) =>
      toTaskDto(
        await services.projects.setClientTitle(
          req.panel.workspaceId,
          req.panel.projectId,
          req.params.id,
          req.body.clientTitle,
        ),
      ),
  );

  app.get('/share-links', { schema: { hide } }, async (req) => ({
    items: (await services.shareLinks.list(req.panel.workspaceId, req.panel.projectId)).map((row) =>
      toShareLinkDto(row),
    ),
  }));

  app.post('/share-links', { schema: { hide, body: CreateShareLinkBody } }, async (req, reply) => {
    const { row, url } = await services.shareLinks.create(
      req.panel.workspaceId,
      req.panel.projectId,
      toNewLinkInput(req.body),
    );
    return reply.code(201).send({ ...toShareLinkDto(row), url });
  });

  app.delete('/share-links/:id', { schema: { hide, params: IdParams } }, async (req) =>
    toShareLinkDto(
      await services.shareLinks.revoke(req.panel.workspaceId, req.params.id, req.panel.projectId),
    ),
  );

  app.get('/feedback', { schema: { hide, querystring: FeedbackListQuery } }, async (req) => {
    const { kind, status, ...page } = req.query;
    const result = await services.feedback.list(
      req.panel.workspaceId,
      req.panel.projectId,
      { kind, status },
      page,
    );
    return { items: result.items.map(toFeedbackDto), nextCursor: result.nextCursor };
  });

  app.patch('/feedback/:id', { schema: { hide, params: IdParams, body: AnswerFeedbackBody } }, async (req) =>
    toFeedbackDto(
      await services.feedback.answer(req.panel.workspaceId, req.params.id, req.body, req.panel.projectId),
    ),
  );

  app.get('/comm-health', { schema: { hide } }, async (req) => {
    const { workspaceId, projectId } = req.panel;
    return toCommHealthDto(
      projectId,
      await services.commHealth.forProject(workspaceId, projectId, { limit: 5 }),
    );
  });

  app.patch('/settings', { schema: { hide, body: ClientSettingsBody } }, async (req) =>
    toProjectDto(
      await services.projects.setClientSettings(
        req.panel.workspaceId,
        req.panel.projectId,
        req.body.clientSettings,
      ),
    ),
  );

  app.get('/comm-plan', { schema: { hide, response: { 200: CommPlanSchema.nullable() } } }, async (req) => {
    const plan = await services.commPlans.find(req.panel.workspaceId, req.panel.projectId);
    return plan ? toCommPlanDto(plan) : null;
  });

  app.put('/comm-plan', { schema: { hide, body: PutCommPlanBody } }, async (req) =>
    toCommPlanDto(await services.commPlans.put(req.panel.workspaceId, req.panel.projectId, req.body)),
  );
};
