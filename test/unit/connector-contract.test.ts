/// <reference types="vite/client" />
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { WebhookRejected } from '../../service/connectors/connector';
import { getConnector } from '../../service/connectors/registry';
import { PROVIDERS, STATUS_CATEGORIES } from '../../service/domain/model';
import type { ConnectorContract } from '../support/connector-contract';

/**
 * The contract every connector keeps, run against each tool's own fixtures (`test/fixtures/<tool>/contract.ts`,
 * found by this glob: a new tool's contract is picked up without touching this file). Every provider must
 * have one.
 */
const contracts = Object.values(
  import.meta.glob<{ contract: ConnectorContract }>('../fixtures/*/contract.ts', { eager: true }),
).map((module) => module.contract);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

test('every provider has a contract', () => {
  expect(contracts.map((c) => c.connector.provider).sort()).toEqual([...PROVIDERS].sort());
});

const collect = async <T>(pages: AsyncIterable<T[]>): Promise<T[]> => {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
};

describe.each(contracts.map((c) => [c.connector.provider, c] as const))(
  '%s keeps the connector contract',
  (_name, c) => {
    test('is the registered connector; its context parses with its own schemas', () => {
      expect(getConnector(c.connector.provider)).toBe(c.connector);
      const ctx = c.context();
      expect(c.connector.credentialsSchema.safeParse(ctx.creds).success).toBe(true);
      expect(c.connector.settingsSchema.safeParse(ctx.settings).success).toBe(true);
      expect(c.connector.defaults.pageSize).toBeGreaterThan(0);
      expect(c.connector.defaults.requestsPerMinute).toBeGreaterThan(0);
    });

    test('lists projects, milestones and every task page to the end, as the fixtures say', async () => {
      const served = c.serve();
      const ctx = c.context();
      await c.connector.checkCredentials(ctx);
      const projects = await collect(c.connector.listProjects(ctx));
      expect(projects).toHaveLength(c.expected.projects);
      expect(projects.map((p) => p.externalId)).toContain(c.projectExternalId);
      const project = await c.connector.getProject(ctx, c.projectExternalId);
      expect(project.externalId).toBe(c.projectExternalId);

      const milestones = await collect(c.connector.pullMilestones(ctx, c.projectExternalId));
      expect(milestones).toHaveLength(c.expected.milestones);
      expect(new Set(milestones.map((m) => m.externalId)).size).toBe(milestones.length);

      const pages = [];
      for await (const page of c.connector.pullTasks(ctx, c.projectExternalId, {
        cursor: undefined,
        updatedSince: undefined,
      }))
        pages.push(page);
      expect(pages.length).toBeGreaterThanOrEqual(2);
      expect(pages.slice(0, -1).every((p) => p.next !== undefined)).toBe(true);
      expect(pages.at(-1)!.next).toBeUndefined();
      // Cursors are JSON: they are checkpointed in the database after every page.
      for (const page of pages)
        if (page.next) expect(JSON.parse(JSON.stringify(page.next))).toEqual(page.next);
      const tasks = pages.flatMap((p) => p.tasks);
      expect(tasks).toHaveLength(c.expected.tasks);
      expect(new Set(tasks.map((t) => t.externalId)).size).toBe(tasks.length);
      for (const task of tasks) {
        expect(STATUS_CATEGORIES).toContain(task.statusCategory);
        expect(task.title.length).toBeGreaterThan(0);
      }
      served.done();
    });

    test.runIf(c.webhook)('verifies its signed webhook, and refuses a tampered one or a wrong secret', () => {
      const { request, deliveryId, projectExternalIds } = c.webhook!;
      const verify = (r: typeof request) => c.connector.verifyWebhook!(r);
      expect(verify(request)).toMatchObject({ deliveryId, projectExternalIds });
      const tampered = Buffer.concat([request.rawBody, Buffer.from(' ')]);
      expect(() => verify({ ...request, rawBody: tampered })).toThrow(WebhookRejected);
      expect(() => verify({ ...request, secret: `${request.secret ?? ''}-not-it` })).toThrow(WebhookRejected);
      expect(() => verify({ ...request, secret: null })).toThrow(WebhookRejected);
    });
  },
);
