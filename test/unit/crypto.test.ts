import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { decryptJson, encryptJson, randomToken, safeEqual, sha256Hex } from '../../service/crypto';

const key = randomBytes(32);
const secret = { clientId: 'id-1', clientSecret: 's3cr3t-value' };

describe('credential encryption (AES-256-GCM)', () => {
  test('round-trips and never contains the clear text', () => {
    const sealed = encryptJson(key, secret, 'conn-1');
    expect(sealed).not.toContain('s3cr3t');
    expect(decryptJson(key, sealed, 'conn-1')).toEqual(secret);
  });

  test('a fresh IV each time: the same value seals differently', () => {
    expect(encryptJson(key, secret, 'c')).not.toBe(encryptJson(key, secret, 'c'));
  });

  test.each([
    ['another key', (s: string) => decryptJson(randomBytes(32), s, 'conn-1')],
    ['another connection id (copied row)', (s: string) => decryptJson(key, s, 'conn-2')],
    ['a flipped ciphertext byte', (s: string) => decryptJson(key, tamper(s), 'conn-1')],
    ['an unknown format', (s: string) => decryptJson(key, s.replace(/^v1/, 'v9'), 'conn-1')],
  ])('refuses to open with %s', (_label, open) => {
    const sealed = encryptJson(key, secret, 'conn-1');
    expect(() => open(sealed)).toThrow();
  });
});

describe('tokens and hashes', () => {
  test('random tokens carry 256 bits by default', () => {
    const token = randomToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(token);
  });
  test('sha256 and constant-time comparison', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

function tamper(sealed: string): string {
  const parts = sealed.split('.');
  const body = Buffer.from(parts[3]!, 'base64url');
  body[0] = body[0]! ^ 0xff;
  parts[3] = body.toString('base64url');
  return parts.join('.');
}
