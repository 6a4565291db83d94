import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container';
import { LOCALES } from '../../domain/model';
import { EXAMPLE_ID } from '../../schemas/example-ids';
import { IdParams, answer, component, listOf, pageOf, problemResponses } from '../../schemas/common';
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

const TaskClientTitle = component(
  z.object({ clientTitle: z.string().trim().min(1).max(300).nullable() }),
  { id: 'TaskClientTitle' },
  { clientTitle: 'Pay by card, with your bank’s confirmation step' },
);

const JargonList = component(
  z.object({
    items: z.array(
      z.object({
        id: z.string().meta({ description: 'The task.' }),
        title: z.string().meta({ description: 'The title clients see.' }),
        terms: z.array(z.string()).meta({ description: 'The technical terms found in it.' }),
      }),
    ),
  }),
  { id: 'JargonList' },
  {
    items: [
      {
        id: EXAMPLE_ID.task,
        title: 'Refactor the payment API endpoint',
        terms: ['refactor', 'API', 'endpoint'],
      },
    ],
  },
);

export const projectRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/projects',
    {
      schema: {
        operationId: 'listProjects',
        tags,
        summary: 'List projects',
        description:
          'The projects the connections reach, oldest first; `connectionId` keeps those of one connection. A project syncs once it is asked for (`createSync`).',
        querystring: ProjectListQuery,
        response: {
          200: answer(pageOf(ProjectSchema, 'ProjectPage'), 'One page of projects.'),
          ...problemResponses(400, 401, 500),
        },
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
        description: 'As synced from the tool, with its client settings.',
        params: IdParams,
        response: { 200: answer(ProjectSchema, 'The project.'), ...problemResponses(400, 401, 404, 500) },
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
        description:
          'Normalized across tools (`statusCategory`: planned, in_progress, done, cancelled), oldest first; filter by status category or milestone. Tasks deleted upstream are left out unless `includeDeleted=true`.',
        params: IdParams,
        querystring: TaskListQuery,
        response: {
          200: answer(pageOf(TaskSchema, 'TaskPage'), 'One page of tasks.'),
          ...problemResponses(400, 401, 404, 500),
        },
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
        response: {
          200: answer(ProjectSchema, 'The project with its new client settings.'),
          ...problemResponses(400, 401, 404, 413, 415, 500),
        },
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
        body: TaskClientTitle,
        response: {
          200: answer(TaskSchema, 'The task with its client-facing title.'),
          ...problemResponses(400, 401, 404, 413, 415, 500),
        },
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
        description:
          'Tasks clients can see whose title uses jargon of the chosen language: give them a client-facing title (`setTaskClientTitle`).',
        params: IdParams,
        querystring: z.object({ lang: z.enum(LOCALES).default('en') }),
        response: {
          200: answer(JargonList, 'The titles to rewrite, with the terms found.'),
          ...problemResponses(400, 401, 404, 500),
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
        description:
          'Milestones, versions, sprints and phases, each with its due-date history: every slip is kept and shown to clients.',
        params: IdParams,
        response: {
          200: answer(listOf(MilestoneSchema, 'MilestoneList'), 'All milestones of the project.'),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req) => ({
      items: (await services.projects.milestones(req.auth.workspaceId, req.params.id)).map(toMilestoneDto),
    }),
  );
};
