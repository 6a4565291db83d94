import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../service/config';
import { presentedAdminToken } from '../../service/plugins/admin-auth';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('presentedAdminToken', () => {
  test.each<[string, string | undefined, string | undefined]>([
    ['no header', undefined, undefined],
    ['empty header', '', undefined],
    ['Bearer', 'Bearer s3cret-token', 's3cret-token'],
    ['bearer, any case', 'bEaReR s3cret-token', 's3cret-token'],
    ['Bearer with trailing spaces', 'Bearer s3cret-token  ', 's3cret-token'],
    ['Bearer without a token', 'Bearer ', undefined],
    ['Bearer with two words', 'Bearer a b', undefined],
    ['Basic: the password is the token', `Basic ${b64('admin:s3cret-token')}`, 's3cret-token'],
    ['Basic: any user name', `Basic ${b64('ops:s3cret-token')}`, 's3cret-token'],
    ['Basic: a password with colons', `Basic ${b64('ops:a:b:c')}`, 'a:b:c'],
    ['Basic: empty user name', `Basic ${b64(':s3cret-token')}`, 's3cret-token'],
    ['Basic without a colon', `Basic ${b64('s3cret-token')}`, undefined],
    ['another scheme', 'Token s3cret-token', undefined],
    ['a bare token', 's3cret-token', undefined],
  ])('%s', (_label, header, expected) => {
    expect(presentedAdminToken(header)).toBe(expected);
  });
});

describe('ADMIN_TOKEN', () => {
  const env = { SECRET_KEY: randomBytes(32).toString('base64') };
  test.each([
    ['too-short', 'ADMIN_TOKEN must be at least 16 characters'],
    ['sixteen chars but spaced', 'ADMIN_TOKEN may not contain spaces'],
  ])('%s is refused', (token, problem) => {
    expect(() => loadConfig({ ...env, ADMIN_TOKEN: token })).toThrow(problem);
  });
  test('is optional, and kept as given', () => {
    expect(loadConfig(env).ADMIN_TOKEN).toBeUndefined();
    expect(loadConfig({ ...env, ADMIN_TOKEN: 'a'.repeat(16) }).ADMIN_TOKEN).toBe('a'.repeat(16));
  });
});
