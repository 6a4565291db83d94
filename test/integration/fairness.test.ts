import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakePingcode, type FakePingcode } from '../../scripts/fake-pingcode/server';
import { demoDataset } from '../../scripts/fake-pingcode/dataset';
import { startHarness, type ConnectionBody, type Harness, type RunBody } from '../support/harness';

/**
 * Fairness between connections: one connection stuck behind its tool's rate limit, or behind a slow tool,
 * does not hold up the syncs of another. Two fake PingCode servers, two connections, one worker.
 */
describe.each([
  { name: 'rate-limited', concurrency: '1' },
  { name: 'slow', concurrency: '2' },
])('a $name connection beside a healthy one', ({ name, concurrency }) => {
  let h: Harness;
  let stuck: FakePingcode;
  let healthy: ConnectionBody;
  let slowOne: ConnectionBody;

  beforeAll(async () => {
    // One sync at a time for the rate-limit case: the waiting run must give its slot back.
    h = await startHarness({ env: { SYNC_CONCURRENCY: concurrency } });
    stuck = await startFakePingcode({
      dataset: demoDataset(new Date()),
      rateLimit: { enabled: false, perMinute: 200 },
    });
    healthy = await h.connect();
    slowOne = await h.connect({
      name: 'Busy tool',
      baseUrl: stuck.url,
      credentials: { clientId: stuck.clientId, clientSecret: stuck.clientSecret },
    });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await stuck.close();
  });

  test('the healthy connection syncs to the end while the other is still held up', async () => {
    if (name === 'rate-limited') stuck.setRateLimit(true, 3);
    else stuck.setLatency(1_500);
    const held = await h.api('POST', `/api/v1/connections/${slowOne.id}/syncs`, {
      projectId: slowOne.projects[0]!.id,
    });
    expect(held.statusCode).toBe(202);
    const heldId = held.json<RunBody>().id;
    // Let the held run start and meet its limit (or its first slow answers).
    const deadline = Date.now() + 10_000;
    for (;;) {
      const run = (await h.api('GET', `/api/v1/syncs/${heldId}`)).json<RunBody>();
      if (name === 'rate-limited' ? run.progress.waitingUntil : run.status === 'running') break;
      if (Date.now() > deadline) throw new Error(`the held run never got going: ${JSON.stringify(run)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const done = await h.syncAndWait(healthy.id, healthy.projects[0]!.id);
    expect(done.status).toBe('succeeded');
    const finishedAt = Date.now();
    expect(done.counts.fetched).toBeGreaterThan(100);
    const after = (await h.api('GET', `/api/v1/syncs/${heldId}`)).json<RunBody>();
    // The other connection is still held up, and did not delay this one by its wait.
    expect(['queued', 'running']).toContain(after.status);
    if (name === 'rate-limited') {
      // Finished before the held run's wait is even over: the wait did not occupy the only worker slot.
      expect(after.progress.waitingUntil).not.toBeNull();
      expect(Date.parse(after.progress.waitingUntil!)).toBeGreaterThan(finishedAt);
      // The PM sees it on the connection, in plain words, with the time.
      const status = (await h.api('GET', `/api/v1/connections/${slowOne.id}`)).json<{
        lastError: { code: string; message: string } | null;
      }>();
      expect(status.lastError?.code).toBe('rate_limited');
      expect(status.lastError?.message).toContain(`Rate limited until ${after.progress.waitingUntil}`);
    }
  }, 60_000);
});
