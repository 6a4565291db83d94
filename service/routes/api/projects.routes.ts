import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container';
import { LOCALES } from '../../domain/model';
import { IdParams, pageOf, problemResponses } from '../../schemas/common';
import {
  ClientSettingsBody,
  MilestoneSchema,
  ProjectListQuery,
  ProjectSchema,
  TaskListQuery,
  TaskSchema,
  toMilestoneDto,
  toProjectDto,
  toTaskDto,
} from '../../schemas/projects';

const tags = ['projects'];

export const projectRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/projects',
    {
      schema: {
        operationId: 'listProjects',
        tags,
        summary: 'List projects',
        querystring: ProjectListQuery,
        response: { 200: pageOf(ProjectSchema, 'ProjectPage'), ...problemResponses(400, 401) },
      },
    },
    async (req) => {
      const { connectionId, ...page } = req.query;
      const result = await services.projects.list(req.auth.workspaceId, { connectionId }, page);
      return { items: result.items.map(toProjectDto), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/projects/:id',
    {
      schema: {
        operationId: 'getProject',
        tags,
        summary: 'Get a project',
        params: IdParams,
        response: { 200: ProjectSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) => toProjectDto(await services.projects.get(req.auth.workspaceId, req.params.id)),
  );

  app.get(
    '/projects/:id/tasks',
    {
      schema: {
        operationId: 'listProjectTasks',
        tags,
        summary: "List a project's tasks",
        params: IdParams,
        querystring: TaskListQuery,
        response: { 200: pageOf(TaskSchema, 'TaskPage'), ...problemResponses(400, 401, 404) },
      },
    },
    async (req) => {
      const { limit, cursor, ...filter } = req.query;
      const page = await services.projects.tasks(req.auth.workspaceId, req.params.id, filter, {
        limit,
        cursor,
      });
      return { items: page.items.map(toTaskDto), nextCursor: page.nextCursor };
    },
  );

  app.patch(
    '/projects/:id',
    {
      schema: {
        operationId: 'updateProjectClientSettings',
        tags,
        summary: 'Choose what clients see and how soon their feedback is answered',
        description:
          'Task types and labels listed here are internal work: hidden from share pages and the summary. `responseTargetHours` is the answer time client feedback is flagged `overdue` after. Settings left out keep their value.',
        params: IdParams,
        body: ClientSettingsBody,
        response: { 200: ProjectSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) =>
      toProjectDto(
        await services.projects.setClientSettings(
          req.auth.workspaceId,
          req.params.id,
          req.body.clientSettings,
        ),
      ),
  );

  app.patch(
    '/projects/:id/tasks/:taskId',
    {
      schema: {
        operationId: 'setTaskClientTitle',
        tags,
        summary: 'Give a task a client-facing title',
        description: '`clientTitle: null` shows the title from the tool again. Syncs never overwrite it.',
        params: IdParams.extend({ taskId: z.uuid() }),
        body: z
          .object({ clientTitle: z.string().trim().min(1).max(300).nullable() })
          .meta({ id: 'TaskClientTitle' }),
        response: { 200: TaskSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) =>
      toTaskDto(
        await services.projects.setClientTitle(
          req.auth.workspaceId,
          req.params.id,
          req.params.taskId,
          req.body.clientTitle,
        ),
      ),
  );

  app.get(
    '/projects/:id/jargon',
    {
      schema: {
        operationId: 'listJargon',
        tags,
        summary: 'Client-visible titles that use technical terms',
        params: IdParams,
        querystring: z.object({ lang: z.enum(LOCALES).default('en') }),
        response: {
          200: z
            .object({
              items: z.array(z.object({ id: z.string(), title: z.string(), terms: z.array(z.string()) })),
            })
            .meta({ id: 'JargonList' }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (req) => ({
      items: await services.projects.jargon(req.auth.workspaceId, req.params.id, req.query.lang),
    }),
  );

  app.get(
    '/projects/:id/milestones',
    {
      schema: {
        operationId: 'listProjectMilestones',
        tags,
        summary: "List a project's milestones, by due date",
        params: IdParams,
        response: {
          200: z.object({ items: z.array(MilestoneSchema) }).meta({ id: 'MilestoneList' }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (req) => ({
      items: (await services.projects.milestones(req.auth.workspaceId, req.params.id)).map(toMilestoneDto),
    }),
  );
};
