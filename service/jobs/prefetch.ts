import { setImmediate } from 'node:timers/promises';

/**
 * Yields the items of `source` while already asking for the next one, so storing page N overlaps
 * fetching page N+1. An error from the prefetched item surfaces when the caller reaches it.
 */
export async function* prefetch<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    let pending = iterator.next();
    for (;;) {
      const result = await pending;
      if (result.done) return;
      pending = iterator.next();
      pending.catch(() => undefined); // handled when awaited on the next turn
      // One turn of the event loop, so the next request reaches its socket before the caller's store
      // work (PGlite runs queries synchronously) holds the thread.
      await setImmediate();
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
