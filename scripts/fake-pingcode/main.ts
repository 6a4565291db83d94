import { parseArgs } from 'node:util';
import { demoDataset, largeDataset } from './dataset';
import { startFakePingcode } from './server';
import type { FakePingcodeOptions } from './server';

/**
 * tsx scripts/fake-pingcode/main.ts [--port 8787] [--host 127.0.0.1] [--items 10000] [--latency 50]
 *   [--no-rate-limit | --rate-limit 200] [--area pjm|project] [--seed 1]
 *   [--client-id demo-client] [--client-secret demo-secret]
 */
const USAGE = `Usage: tsx scripts/fake-pingcode/main.ts [options]
  --port <n>           listen port (default 8787, 0 = random)
  --host <addr>        listen address (default 127.0.0.1)
  --items <n>          serve the large preset with n work items (default: the demo preset, ~300 items)
  --latency <ms>       delay every response (default 0)
  --rate-limit <n>     requests per minute per caller (default 200)
  --no-rate-limit      turn the rate limit off
  --area <pjm|project> path area: /v1/pjm/... (default) or /v1/project/...
  --seed <n>           dataset seed
  --client-id <id>     (default demo-client)
  --client-secret <s>  (default demo-secret)`;

function intArg(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      items: { type: 'string' },
      latency: { type: 'string' },
      'rate-limit': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      area: { type: 'string' },
      seed: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const area = values.area ?? 'pjm';
  if (area !== 'pjm' && area !== 'project') throw new Error(`--area must be pjm or project, got "${area}"`);

  const now = new Date();
  const seed = values.seed === undefined ? undefined : intArg('seed', values.seed, 1);
  const dataset =
    values.items === undefined
      ? demoDataset(now, seed)
      : largeDataset(intArg('items', values.items, 10_000), now, seed);

  const options: FakePingcodeOptions = {
    dataset,
    port: intArg('port', values.port, 8787),
    area,
    latencyMs: intArg('latency', values.latency, 0),
    rateLimit: {
      enabled: values['no-rate-limit'] !== true,
      perMinute: Math.max(1, intArg('rate-limit', values['rate-limit'], 200)),
    },
  };
  if (values.host !== undefined) options.host = values.host;
  if (values['client-id'] !== undefined) options.clientId = values['client-id'];
  if (values['client-secret'] !== undefined) options.clientSecret = values['client-secret'];

  const fake = await startFakePingcode(options);
  const project = dataset.projects[0];
  const live = dataset.workItems.filter((i) => i.is_deleted === 0).length;
  console.log(`Fake PingCode listening on ${fake.url}  (area /v1/${area})`);
  console.log(`  client_id=${fake.clientId}  client_secret=${fake.clientSecret}`);
  if (project)
    console.log(`  project ${project.identifier} "${project.name}" id=${project.id}, ${live} work items`);
  console.log(
    `  rate limit: ${options.rateLimit?.enabled ? `${options.rateLimit.perMinute}/min` : 'off'}, latency ${options.latencyMs ?? 0} ms`,
  );
  console.log(
    `  try: curl '${fake.url}/v1/auth/token?grant_type=client_credentials&client_id=${fake.clientId}&client_secret=${fake.clientSecret}'`,
  );

  const stop = (signal: NodeJS.Signals): void => {
    console.log(`\n${signal}: closing`);
    fake.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
