/// <reference types="vite/client" />
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorContract } from '../support/connector-contract';
import { startHarness, type ConnectionBody, type Harness } from '../support/harness';

/**
 * Every connector through the whole service — the API, real Redis and BullMQ, the store — with nock
 * serving the tool from the connector's own contract fixtures: connect, a full sync to the end, the rows
 * stored, then a signed webhook through `POST /webhooks/:provider/:connectionId` accepted once.
 */
const contracts = Object.values(
  import.meta.glob<{ contract: ConnectorContract }>('../fixtures/*/contract.ts', { eager: true }),
).map((module) => module.contract);

describe.each(contracts.map((c) => [c.connector.provider, c] as const))(
  '%s through the service',
  (_name, c) => {
    let h: Harness;

    beforeAll(async () => {
      nock.disableNetConnect();
      nock.enableNetConnect('127.0.0.1');
      h = await startHarness({ env: { SYNC_ATTEMPTS: '2' } });
    });
    afterAll(async () => {
      nock.cleanAll();
      nock.enableNetConnect();
      await h.close();
    });

    test('connects, syncs everything, stores it, and takes its signed webhook once', async () => {
      const served = c.serve();
      const ctx = c.context();
      const created = await h.api('POST', '/api/v1/connections', {
        provider: c.connector.provider,
        name: `${c.connector.displayName} contract`,
        baseUrl: ctx.baseUrl,
        credentials: ctx.creds,
        settings: ctx.settings,
        timezone: ctx.timezone,
        ...(c.webhook?.request.secret ? { webhookSecret: c.webhook.request.secret } : {}),
      });
      expect(created.statusCode, created.body).toBe(201);
      const connection = created.json<ConnectionBody>();
      expect(connection.projects).toHaveLength(c.expected.projects);
      const project = connection.projects.find((p) => p.externalId === c.projectExternalId)!;

      const run = await h.syncAndWait(connection.id, project.id, 'full');
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      served.done();
      const tasks = (await h.api('GET', `/api/v1/projects/${project.id}/tasks?limit=200`)).json<{
        items: unknown[];
      }>();
      expect(tasks.items).toHaveLength(c.expected.tasks);
      const milestones = (await h.api('GET', `/api/v1/projects/${project.id}/milestones`)).json<{
        items: unknown[];
      }>();
      expect(milestones.items).toHaveLength(c.expected.milestones);

      if (!c.webhook) return;
      // The delivery as the tool sends it; the incremental sync it starts is not served here.
      const { request } = c.webhook;
      const deliver = () =>
        h.runtime.app!.inject({
          method: 'POST',
          url: `/webhooks/${c.connector.provider}/${connection.id}`,
          headers: request.headers as Record<string, string>,
          payload: request.rawBody,
        });
      const first = await deliver();
      expect(first.statusCode, first.body).toBe(202);
      const receipt = first.json<{ accepted: boolean; runIds: string[] }>();
      expect(receipt.accepted).toBe(true);
      expect(receipt.runIds).toHaveLength(1);
      expect((await deliver()).json<{ accepted: boolean }>().accepted).toBe(false);
      const tampered = await h.runtime.app!.inject({
        method: 'POST',
        url: `/webhooks/${c.connector.provider}/${connection.id}`,
        headers: request.headers as Record<string, string>,
        payload: Buffer.concat([request.rawBody, Buffer.from(' ')]),
      });
      expect(tampered.statusCode).toBe(401);
    }, 60_000);
  },
);
