import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { retryDelayMs, signatureHeader, verifySignature } from '../../service/domain/webhooks';
import { classifyStatus } from '../../service/services/webhook-sender';

const SECRET = 'whsec_test-secret';
const BODY = '{"type":"sync.completed"}';
const NOW = 1_700_000_000;

type Verify = (rawBody: string, header: string | undefined, secret: string) => boolean;

/** The receiver snippet of README "Verifying a delivery", run as a receiver would run it. */
async function readmeVerifier(): Promise<Verify> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Verifying a delivery'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README has no verification snippet');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'clientlens-readme-')), 'verify.mjs');
  writeFileSync(file, code);
  const module = (await import(pathToFileURL(file).href)) as { verifyClientLensSignature: Verify };
  return module.verifyClientLensSignature;
}

describe('webhook signatures', () => {
  let readme: Verify;
  beforeAll(async () => {
    readme = await readmeVerifier();
  });
  afterEach(() => vi.useRealTimers());

  test('the header is t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    expect(signatureHeader(SECRET, BODY, NOW)).toBe(
      't=1700000000,v1=a74b4476ddce932e735cc38a1444d442c5915111d68a897394843c3854db81c0',
    );
  });

  const signed = signatureHeader(SECRET, BODY, NOW);
  test.each([
    ['a good signature', true, BODY, signed, SECRET, NOW],
    ['4 min 59 s old', true, BODY, signed, SECRET, NOW + 299],
    ['a changed body', false, BODY.replace('completed', 'failed'), signed, SECRET, NOW],
    ['another secret', false, BODY, signed, 'whsec_other', NOW],
    ['a replay 5 min 1 s later', false, BODY, signed, SECRET, NOW + 301],
    ['a timestamp from the future', false, BODY, signed, SECRET, NOW - 301],
    ['a moved timestamp', false, BODY, signed.replace('t=1700000000', 't=1700000100'), SECRET, NOW + 100],
    ['no header', false, BODY, undefined, SECRET, NOW],
    ['garbage', false, BODY, 'sha256=abc', SECRET, NOW],
    ['a truncated signature', false, BODY, signed.slice(0, -2), SECRET, NOW],
  ])('%s → %s (service and README snippet agree)', (_label, valid, body, header, secret, now) => {
    expect(verifySignature(secret, body, header, now)).toBe(valid);
    vi.useFakeTimers({ now: now * 1000 });
    expect(readme(body, header, secret)).toBe(valid);
  });
});

describe('webhook retry schedule', () => {
  const schedule = { baseMs: 10_000, capMs: 3_600_000, jitter: 0.5 };
  test.each([
    [1, 0, 10_000],
    [1, 1, 5_000],
    [2, 0, 20_000],
    [3, 0.5, 30_000],
    [9, 0, 2_560_000],
    [10, 0, 3_600_000],
    [11, 1, 1_800_000],
    [40, 0, 3_600_000],
  ])('after attempt %i with random %d → %i ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, schedule, () => random)).toBe(expected);
  });
});

describe('receiver answers', () => {
  test.each([
    [200, undefined, { ok: true }],
    [204, undefined, { ok: true }],
    [429, 7000, { ok: false, retryable: true, retryAfterMs: 7000 }],
    [503, 2000, { ok: false, retryable: true, retryAfterMs: 2000 }],
    [500, 2000, { ok: false, retryable: true, retryAfterMs: undefined }],
    [502, undefined, { ok: false, retryable: true }],
    [408, undefined, { ok: false, retryable: true }],
    [302, undefined, { ok: false, retryable: false }],
    [400, undefined, { ok: false, retryable: false }],
    [401, undefined, { ok: false, retryable: false }],
    [410, undefined, { ok: false, retryable: false }],
  ])('HTTP %i (Retry-After %s ms) → %o', (status, retryAfterMs, expected) => {
    expect(classifyStatus(status, retryAfterMs)).toMatchObject({ ...expected, status });
  });
});
