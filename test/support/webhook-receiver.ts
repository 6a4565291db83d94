import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReceivedRequest {
  /** Date.now() when the body had arrived. */
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What to answer next: a status (and headers), or `hang` (never answer). */
export type Scripted = { status: number; headers?: Record<string, string> } | 'hang';

/** A webhook receiver on 127.0.0.1: records every request and answers from a script (then 200). */
export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  script(...answers: Scripted[]): void;
  /** Closes the port: connections are refused until `up`. */
  down(): Promise<void>;
  up(): Promise<void>;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const answers: Scripted[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? { status: 200 };
      if (answer === 'hang') return;
      res.writeHead(answer.status, answer.headers ?? {}).end('ok');
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  let listening = true;

  const down = async () => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return {
    url: `http://127.0.0.1:${port}/hooks/clientlens`,
    received,
    script: (...next) => void answers.push(...next),
    down,
    async up() {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`receiver got ${received.length} of ${count} requests in ${timeoutMs} ms`);
        await sleep(20);
      }
      return received;
    },
    close: down,
  };
}
