import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, publicUrl } from '../../service/config';

const KEY = Buffer.alloc(32, 1).toString('base64');

describe('configuration', () => {
  test('defaults for a fresh machine', () => {
    const config = loadConfig({ SECRET_KEY: KEY });
    expect(config).toMatchObject({
      RUN_MODE: 'all',
      PORT: 3000,
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATA_DIR: './data',
      ALLOW_PRIVATE_UPSTREAMS: false,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SECRET_KEY).toHaveLength(32);
    expect(publicUrl(config)).toBe('http://127.0.0.1:3000');
  });

  test.each([
    ['base64', KEY],
    ['hex', 'ab'.repeat(32)],
  ])('SECRET_KEY as %s', (_label, value) => {
    expect(loadConfig({ SECRET_KEY: value }).SECRET_KEY).toHaveLength(32);
  });

  test('every bad variable is listed at once, each with what to do', () => {
    let error: unknown;
    try {
      loadConfig({
        SECRET_KEY: 'short',
        PORT: '99999',
        RUN_MODE: 'everything',
        DATABASE_URL: 'mysql://x',
        ALLOW_PRIVATE_UPSTREAMS: 'maybe',
        PUBLIC_URL: 'nope',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const variable of [
      'SECRET_KEY must be 32 bytes',
      'PORT',
      'RUN_MODE',
      'DATABASE_URL must be a postgres://',
      'ALLOW_PRIVATE_UPSTREAMS must be true or false',
      'PUBLIC_URL must be an absolute URL',
    ])
      expect(problems).toContain(variable);
  });

  test('empty variables count as unset', () => {
    expect(loadConfig({ SECRET_KEY: KEY, DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  test('PUBLIC_URL wins for links and loses its trailing slash', () => {
    expect(publicUrl(loadConfig({ SECRET_KEY: KEY, PUBLIC_URL: 'https://lens.example.com/' }))).toBe(
      'https://lens.example.com',
    );
  });
});
