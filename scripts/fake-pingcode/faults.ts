/** Failures a test queues up in-process; each request takes at most one, the first queued that matches. */
export type FaultKind = 'status' | 'malformed' | 'hang' | 'reset';

export interface FaultSpec {
  /** Substring of the request URL (path and query), e.g. `/work_items` or `page_index=2`; default any. */
  match?: string;
  /** Default any. */
  method?: string;
  /** How many matching requests it answers; default 1 (`Infinity` is fine). */
  times?: number;
  /**
   * `status`: answer `status` (default 500) with `headers` and `body`; `malformed`: 200 with truncated JSON;
   * `hang`: never answer (until close); `reset`: destroy the socket.
   */
  kind: FaultKind;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Let this many matching requests through before the fault starts. */
  afterRequests?: number;
}

interface Entry {
  spec: FaultSpec;
  left: number;
  skip: number;
}

export class FaultQueue {
  private entries: Entry[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times >= 1)) throw new Error('fault times must be ≥ 1');
    this.entries.push({ spec, left: times, skip: Math.max(0, spec.afterRequests ?? 0) });
  }

  clear(): void {
    this.entries = [];
  }

  /** Faults not yet used up. */
  get pending(): number {
    return this.entries.length;
  }

  /** The fault for this request, if any; consumes one use of it. */
  take(method: string, url: string): FaultSpec | undefined {
    const entry = this.entries.find(
      (e) =>
        (e.spec.method === undefined || e.spec.method.toUpperCase() === method) &&
        (e.spec.match === undefined || url.includes(e.spec.match)),
    );
    if (!entry) return undefined;
    if (entry.skip > 0) {
      entry.skip--;
      return undefined;
    }
    entry.left--;
    if (entry.left <= 0) this.entries = this.entries.filter((e) => e !== entry);
    return entry.spec;
  }
}
