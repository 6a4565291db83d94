import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The SECRET_KEY that encrypts stored upstream credentials: from `${dataDir}/secret.key`, or 32 new
 * random bytes written there (owner-only) on the first run.
 */
export function demoSecretKey(dataDir: string): { key: string; file: string; generated: boolean } {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), file, generated: false };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, file, generated: true };
}
