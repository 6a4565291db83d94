import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import {
  fieldKind,
  fillPath,
  loadOpenApi,
  minimalValue,
  operations,
  paramKind,
  pathParams,
  resolve,
  type Operation,
} from '../support/openapi-ops';
import { dumpTables, seedTenant, stableDump, type Tenant } from '../support/tenants';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

/**
 * Tenant isolation, enumerated from openapi/openapi.json so that a route added later is covered without
 * touching this file: two workspaces with one of everything; every /api/v1 operation with an id in its
 * path or body is called with A's key on B's ids (and, for nested routes, A's parent with B's child; for bodies
 * naming an id, A's path with B's id) → 404 problem+json that says no more than a random id would, and B's
 * rows are byte-for-byte what they were. Every GET of A's own resources mentions none of B's ids. Last, the
 * same requests with B's own key succeed: the 404s were the scoping, not a bad body or a wrong path.
 */
const doc = loadOpenApi();
const all = operations(doc);
/** Operations that name an id: in their path, or at the top of their body (`createPanelToken`'s projectId). */
const withIds = all.filter((op) => pathParams(op).length > 0 || Object.keys(bodyIdFields(op)).length > 0);
const readable = all.filter((op) => op.method === 'GET');

/** Refinements the document cannot express, by property name (a minimal body must pass validation). */
const HINTS = { timezone: 'Europe/Paris', reply: 'Next Friday.' };

interface Case {
  name: string;
  op: Operation;
  path: Record<string, string>;
  /** Which tenant each id comes from, for building the random-id twin. */
  fromB: Set<string>;
  bodyIds: Record<string, string>;
}

/** Top-level body properties that hold ids, with the kind they name (`projectId` → `project`). */
function bodyIdFields(op: Operation): Record<string, string> {
  if (!op.body) return {};
  const body = resolve(doc, op.body);
  const object = (body.anyOf ?? body.oneOf)?.map((b) => resolve(doc, b)).find((b) => b.properties) ?? body;
  const out: Record<string, string> = {};
  for (const [name, schema] of Object.entries(object.properties ?? {}))
    if (resolve(doc, schema).format === 'uuid' && fieldKind(name)) out[name] = fieldKind(name)!;
  return out;
}

function idOfKind(tenant: Tenant, kind: string, what: string): string {
  const id = tenant.ids[kind]?.[0];
  if (!id)
    throw new Error(
      `${what} names a "${kind}" id, and the isolation fixture (test/support/tenants.ts) makes none: add one so this route is covered`,
    );
  return id;
}

function casesFor(op: Operation, a: Tenant, b: Tenant): Case[] {
  const params = pathParams(op);
  const idFields = bodyIdFields(op);
  const kinds = Object.fromEntries(params.map((p) => [p, paramKind(op, p)]));
  const ids = (t: Tenant, names: string[]) =>
    Object.fromEntries(names.map((p) => [p, idOfKind(t, kinds[p]!, `${op.operationId} {${p}}`)]));
  const bodyFrom = (t: Tenant) =>
    Object.fromEntries(
      Object.entries(idFields).map(([f, k]) => [f, idOfKind(t, k, `${op.operationId} body ${f}`)]),
    );
  const out: Case[] = [];
  if (params.length)
    out.push({
      name: "B's ids",
      op,
      path: ids(b, params),
      fromB: new Set(params),
      bodyIds: bodyFrom(b),
    });
  if (params.length > 1) {
    const last = params.at(-1)!;
    out.push({
      name: `A's parent, B's ${last}`,
      op,
      path: { ...ids(a, params.slice(0, -1)), ...ids(b, [last]) },
      fromB: new Set([last]),
      bodyIds: bodyFrom(a),
    });
  }
  for (const field of Object.keys(idFields))
    out.push({
      name: `A's path, B's ${field} in the body`,
      op,
      path: ids(a, params),
      fromB: new Set([`body:${field}`]),
      bodyIds: { ...bodyFrom(a), [field]: idOfKind(b, idFields[field]!, `${op.operationId} body ${field}`) },
    });
  return out;
}

function bodyOf(op: Operation, bodyIds: Record<string, string>, fallback: Tenant): unknown {
  if (!op.body) return undefined;
  return minimalValue(doc, op.body, {
    hints: { ...HINTS, ...bodyIds },
    idFor: (field) => idOfKind(fallback, fieldKind(field) ?? 'unknown', `${op.operationId} body ${field}`),
  });
}

describe('workspace isolation over every /api/v1 route in openapi.json', () => {
  let h: Harness;
  let receiver: WebhookReceiver;
  let a: Tenant;
  let b: Tenant;
  let before: Record<string, string[]>;
  /** B's ids and secrets: none may appear in anything A is answered. */
  let bSecrets: string[];

  const send = (c: Case, key: string, path = c.path, bodyIds = c.bodyIds): Promise<LightMyRequestResponse> =>
    h.api(c.op.method, fillPath(c.op, path), bodyOf(c.op, bodyIds, b), key);
  const leaks = (text: string) => bSecrets.filter((s) => text.includes(s));
  /** A problem without the fields that echo the request (`instance` is the path asked for). */
  const essence = (res: LightMyRequestResponse) => {
    const { instance: _i, requestId: _r, ...rest } = res.json<Record<string, unknown>>();
    return rest;
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    h = await startHarness({
      env: { WEBHOOK_POLL_MS: '100', NOTIFY_POLL_MS: '100', API_RATE_LIMIT_PER_MINUTE: '100000' },
    });
    a = await seedTenant(h, 'A', { receiverUrl: receiver.url, useHarnessWorkspace: true });
    b = await seedTenant(h, 'B', { receiverUrl: receiver.url });
    bSecrets = [...b.allIds(), ...b.secrets];
    before = await stableDump(h.runtime.container.database.db);
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  test('the document has routes with ids, and the fixture has an id for every kind they name', () => {
    expect(withIds.length).toBeGreaterThan(20);
    for (const op of withIds) expect(() => casesFor(op, a, b), op.operationId).not.toThrow();
  });

  test.each(withIds.map((op) => [`${op.method} ${op.path}`, op] as const))(
    "%s with A's key on B's ids → 404, no more said than for a random id",
    async (_label, op) => {
      for (const c of casesFor(op, a, b)) {
        const what = `${op.operationId}: ${c.name}`;
        const res = await send(c, a.key);
        expect(res.statusCode, `${what}: ${res.body}`).toBe(404);
        expect(res.headers['content-type'], what).toContain('application/problem+json');
        expect(res.json<{ code: string }>().code, what).toBe('not_found');
        expect(leaks(JSON.stringify(essence(res))), what).toEqual([]);
        // The same request on ids that exist nowhere: indistinguishable.
        const random = Object.fromEntries(
          Object.entries(c.path).map(([p, id]) => [p, c.fromB.has(p) ? randomUUID() : id]),
        );
        const randomBody = Object.fromEntries(
          Object.entries(c.bodyIds).map(([f, id]) => [f, c.fromB.has(`body:${f}`) ? randomUUID() : id]),
        );
        const twin = await send(c, a.key, random, randomBody);
        expect(essence(res), what).toEqual(essence(twin));
      }
    },
  );

  test.each(readable.map((op) => [`${op.method} ${op.path}`, op] as const))(
    "%s with A's key on A's own ids mentions none of B's ids",
    async (_label, op) => {
      const path = Object.fromEntries(
        pathParams(op).map((p) => [p, idOfKind(a, paramKind(op, p), `${op.operationId} {${p}}`)]),
      );
      // The largest page the route allows, so a list shows everything A has.
      const limit = op.parameters.find((p) => p.in === 'query' && p.name === 'limit')?.schema.maximum;
      const query = limit ? `?limit=${limit}` : '';
      const res = await h.api('GET', `${fillPath(op, path)}${query}`, undefined, a.key);
      expect(res.statusCode, `${op.operationId}: ${res.body}`).toBe(200);
      expect(leaks(res.body), op.operationId).toEqual([]);
      // Filters naming B's ids (`?connectionId=`, `?milestoneId=`, `?updateId=`) find nothing of B's.
      for (const param of op.parameters.filter((p) => p.in === 'query' && fieldKind(p.name))) {
        const id = idOfKind(b, fieldKind(param.name)!, `${op.operationId} ?${param.name}`);
        const filtered = await h.api('GET', `${fillPath(op, path)}?${param.name}=${id}`, undefined, a.key);
        expect(filtered.statusCode, `${op.operationId}?${param.name}: ${filtered.body}`).toBeLessThan(500);
        expect(leaks(filtered.body), `${op.operationId}?${param.name}`).toEqual([]);
      }
    },
  );

  test("no row changed: B's are exactly as they were (every table, every column)", async () => {
    const after = await dumpTables(h.runtime.container.database.db);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
  });

  test("control: the same requests with B's own key pass validation and find B's rows", async () => {
    // Writes before deletes, and the connection (which takes the project with it) last.
    const rank = (op: Operation) =>
      op.method !== 'DELETE' ? 0 : op.operationId === 'deleteConnection' ? 2 : 1;
    const ordered = [...withIds].sort((x, y) => rank(x) - rank(y));
    for (const op of ordered) {
      const [c] = casesFor(op, a, b);
      const res = await send(c!, b.key);
      // 409: found, but in a state that refuses the change (a published update) — past validation and scoping.
      expect([200, 201, 202, 204, 409], `${op.operationId}: ${res.statusCode} ${res.body}`).toContain(
        res.statusCode,
      );
    }
  });
});
