import { describe, expect, test } from 'vitest';
import { canonicalJson, parseIdempotencyKey, requestFingerprint } from '../../service/domain/idempotency';

describe('parseIdempotencyKey', () => {
  test.each([
    // Bare, as Stripe and most clients send it.
    { header: '8e03978e-40d5-43e8-bc93-6894a57f9324', expected: '8e03978e-40d5-43e8-bc93-6894a57f9324' },
    // The draft's Structured Field string: the same key.
    { header: '"8e03978e-40d5-43e8-bc93-6894a57f9324"', expected: '8e03978e-40d5-43e8-bc93-6894a57f9324' },
    { header: '"a \\"quoted\\" \\\\ key"', expected: 'a "quoted" \\ key' },
    { header: 'order 42/retry', expected: 'order 42/retry' },
    { header: 'k'.repeat(255), expected: 'k'.repeat(255) },
    // Not keys.
    { header: 'k'.repeat(256), expected: null },
    { header: '', expected: null },
    { header: '   ', expected: null },
    { header: '""', expected: null },
    { header: '"unterminated', expected: null },
    { header: '"a"b"', expected: null },
    { header: '"bad \\n escape"', expected: null },
    { header: 'clé', expected: null },
    { header: 'tab\there', expected: null },
    { header: ['a', 'b'], expected: null },
    { header: undefined, expected: null },
  ])('$header → $expected', ({ header, expected }) => {
    expect(parseIdempotencyKey(header)).toBe(expected);
  });
});

describe('requestFingerprint', () => {
  const base = requestFingerprint('POST', '/api/v1/webhook-subscriptions', {
    url: 'https://x',
    events: ['a'],
  });

  test.each([
    { label: 'keys in another order', method: 'post', body: { events: ['a'], url: 'https://x' }, same: true },
    {
      label: 'an undefined field',
      method: 'POST',
      body: { url: 'https://x', events: ['a'], x: undefined },
      same: true,
    },
    { label: 'a changed value', method: 'POST', body: { url: 'https://y', events: ['a'] }, same: false },
    {
      label: 'another array order',
      method: 'POST',
      body: { url: 'https://x', events: ['a', 'b'] },
      same: false,
    },
    { label: 'another method', method: 'PUT', body: { url: 'https://x', events: ['a'] }, same: false },
  ])('$label → same: $same', ({ method, body, same }) => {
    expect(requestFingerprint(method, '/api/v1/webhook-subscriptions', body) === base).toBe(same);
  });

  test('another path is another request', () => {
    expect(requestFingerprint('POST', '/api/v1/panel-tokens', { url: 'https://x', events: ['a'] })).not.toBe(
      base,
    );
  });
});

describe('canonicalJson', () => {
  test.each([
    { value: undefined, expected: 'null' },
    { value: null, expected: 'null' },
    {
      value: { b: 1, a: { d: [2, { z: 1, y: 'é' }], c: true } },
      expected: '{"a":{"c":true,"d":[2,{"y":"é","z":1}]},"b":1}',
    },
    { value: 'a"b', expected: '"a\\"b"' },
  ])('$expected', ({ value, expected }) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});
