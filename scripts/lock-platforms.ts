import { readFileSync, writeFileSync } from 'node:fs';

/**
 * `npm run lock:platforms` — after `npm install`, re-adds the lock entries of msgpackr-extract's (a BullMQ
 * dependency) prebuilt binaries for other platforms. The registry this project installs from does not serve
 * them, so `npm install` leaves them out and `npm ci` then refuses the lock. They are optional: a machine of
 * another platform skips or fetches its own.
 */
const VERSION = '3.0.7';
const PLATFORMS: [string, string][] = [
  ['darwin', 'arm64'],
  ['darwin', 'x64'],
  ['linux', 'arm'],
  ['linux', 'arm64'],
  ['linux', 'x64'],
  ['win32', 'x64'],
];

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, Record<string, unknown>> };
let added = 0;
for (const [os, cpu] of PLATFORMS) {
  const key = `node_modules/@msgpackr-extract/msgpackr-extract-${os}-${cpu}`;
  if (lock.packages[key]) continue;
  lock.packages[key] = { version: VERSION, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
  added++;
}
const [root, ...rest] = Object.entries(lock.packages);
lock.packages = Object.fromEntries([root!, ...rest.sort(([a], [b]) => a.localeCompare(b))]);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: ${added} platform entr${added === 1 ? 'y' : 'ies'} added.\n`);
