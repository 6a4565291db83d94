import { describe, expect, test } from 'vitest';
import { prefetch } from '../../service/jobs/prefetch';

/** A source that logs when each item is requested and delivered. */
function source(count: number, log: string[], failAt?: number) {
  return (async function* () {
    for (let i = 0; i < count; i++) {
      log.push(`fetch ${i}`);
      await new Promise((r) => setTimeout(r, 5));
      if (i === failAt) throw new Error(`page ${i} failed`);
      yield i;
    }
  })();
}

describe('prefetch', () => {
  test('asks for the next item before the consumer has finished with the current one', async () => {
    const log: string[] = [];
    for await (const item of prefetch(source(3, log))) {
      log.push(`store ${item} start`);
      await new Promise((r) => setTimeout(r, 10));
      log.push(`store ${item} end`);
    }
    expect(log.indexOf('fetch 1')).toBeLessThan(log.indexOf('store 0 end'));
    expect(log.indexOf('fetch 2')).toBeLessThan(log.indexOf('store 1 end'));
    expect(log.filter((l) => l.startsWith('store') && l.endsWith('end'))).toHaveLength(3);
  });

  test('an error in a prefetched item surfaces after the items before it were consumed', async () => {
    const log: string[] = [];
    const consumed: number[] = [];
    await expect(async () => {
      for await (const item of prefetch(source(5, log, 2))) consumed.push(item);
    }).rejects.toThrow('page 2 failed');
    expect(consumed).toEqual([0, 1]);
  });

  test('stopping early closes the source', async () => {
    let closed = false;
    const src = (async function* () {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    })();
    for await (const item of prefetch(src)) if (item === 2) break;
    expect(closed).toBe(true);
  });
});
