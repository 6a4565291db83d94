import { parentPort, workerData } from 'node:worker_threads';
import { serveLargeDataset, type FakeCommand, type FromWorker } from './fake-upstream';

/** Worker-thread entry of the benchmark's fake PingCode (see fake-upstream.ts): serves and obeys commands. */
const port = parentPort;
if (!port) throw new Error('fake-upstream.worker.ts runs as a worker thread; use startFakeUpstream()');

const { items } = workerData as { items: number };
const { fake, info } = await serveLargeDataset(items);

port.on('message', ({ id, command }: { id: number; command: FakeCommand }) => {
  void answer(id, command);
});
port.postMessage({ kind: 'ready', info } satisfies FromWorker);

async function answer(id: number, command: FakeCommand): Promise<void> {
  const reply: FromWorker = { kind: 'reply', id };
  switch (command.op) {
    case 'setLatency':
      fake.setLatency(command.ms);
      break;
    case 'resetStats':
      fake.resetStats();
      break;
    case 'stats':
      reply.stats = fake.stats();
      break;
    case 'close':
      await fake.close();
      break;
  }
  port?.postMessage(reply);
  if (command.op === 'close') port?.close();
}
