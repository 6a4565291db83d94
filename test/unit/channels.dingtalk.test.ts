import { createHmac } from 'node:crypto';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { deliver, type ChannelConfig } from '../../service/channels/channel';
import { LOCALES } from '../../service/domain/model';
import {
  LOCALE_WORDS,
  NOW,
  capture,
  channelRejection,
  fixture,
  manyMilestones,
  message,
  useNock,
} from './channels.helpers';

const HOST = 'https://oapi.dingtalk.com';
const PATH = '/robot/send';
const TOKEN = 'a1b2c3d4e5f6';
const SECRET = 'SEC1c8b0d6f4f2e4ed2a7f0e9c1b3d5a7f9e2c4b6d8f0a1c3e5b7d9f1a3c5e7b9d1';
const url = `${HOST}${PATH}?access_token=${TOKEN}`;
const unsigned: ChannelConfig = { type: 'dingtalk', webhookUrl: url };
const signed: ChannelConfig = { type: 'dingtalk', webhookUrl: url, secret: SECRET };
const deps = { allowPrivate: false, timeoutMs: 2_000, now: () => NOW };

useNock();

const textOf = (body: Record<string, unknown>): string => (body.markdown as { text: string }).text;

describe('DingTalk payload', () => {
  test('markdown message: title for the conversation list, text with a blank line between blocks', async () => {
    const posted = capture();
    const scope = nock(HOST)
      .post(PATH, posted.match)
      .query({ access_token: TOKEN })
      .reply(200, fixture('dingtalk.ok.json'));
    await deliver(unsigned, message(), deps);
    scope.done();
    expect(posted.body()).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: 'Atlas · progress update',
        text: [
          '### Atlas · progress update',
          'Design signed off; build under way',
          '**Overall progress: 62%**',
          '- Design: On track\n- Build: **At risk**\n- Launch: **Late**',
          '[Open the client page](https://app.example.com/s/abc123)',
        ].join('\n\n'),
      },
    });
  });

  test('the idempotency key goes out as msgUuid, the same on every attempt', async () => {
    const first = capture();
    const second = capture();
    nock(HOST).post(PATH, first.match).query(true).reply(500, '');
    nock(HOST).post(PATH, second.match).query(true).reply(200, fixture('dingtalk.ok.json'));
    const msg = message({ idempotencyKey: 'update-42.channel-7' });
    await channelRejection(deliver(unsigned, msg, deps));
    await deliver(unsigned, msg, deps);
    expect(first.body().msgUuid).toBe('update-42.channel-7');
    expect(second.body().msgUuid).toBe('update-42.channel-7');
  });

  test.each(LOCALES)('%s', async (locale) => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).query(true).reply(200, fixture('dingtalk.ok.json'));
    await deliver(unsigned, message({ locale }), deps);
    const text = textOf(posted.body());
    const words = LOCALE_WORDS[locale];
    expect(text).toContain(`**${words.progress}**`);
    expect(text).toContain(`**${words.atRisk}**`);
    expect(text).toContain(`[${words.link}](https://app.example.com/s/abc123)`);
  });

  test('text stays within 4096 bytes and says how many milestones are left out', async () => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).query(true).reply(200, fixture('dingtalk.ok.json'));
    const result = await deliver(unsigned, message({ milestones: manyMilestones(300) }), deps);
    const text = textOf(posted.body());
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(4096);
    const shown = text.split('\n').filter((l) => l.startsWith('- Milestone')).length;
    expect(shown).toBeGreaterThan(10);
    expect(result.milestonesOmitted).toBe(300 - shown);
    expect(text).toContain(`…and ${300 - shown} more milestones on the client page.`);
  });
});

describe('DingTalk signing (加签)', () => {
  // Computed here from the documented steps, independently of the module: HMAC-SHA256 keyed with the
  // secret over "timestamp\nsecret", base64, URL-encoded, timestamp in milliseconds.
  const timestamp = NOW.getTime();
  const expected = createHmac('sha256', SECRET).update(`${timestamp}\n${SECRET}`).digest('base64');

  test('timestamp (ms) and sign are appended to the webhook URL, sign URL-encoded', async () => {
    expect(expected).toMatch(/[+/=]/); // the vector exercises the URL encoding
    let rawPath = '';
    const scope = nock(HOST)
      .post((path) => {
        rawPath = path;
        return path.startsWith(PATH);
      })
      .reply(200, fixture('dingtalk.ok.json'));
    await deliver(signed, message(), deps);
    scope.done();
    expect(rawPath).toBe(
      `${PATH}?access_token=${TOKEN}&timestamp=${timestamp}&sign=${encodeURIComponent(expected)}`,
    );
    const query = new URL(rawPath, HOST).searchParams;
    expect(query.get('sign')).toBe(expected);
    expect(query.get('timestamp')).toBe('1773136800000');
  });

  test('no secret, no signature', async () => {
    let rawPath = '';
    nock(HOST)
      .post((path) => {
        rawPath = path;
        return true;
      })
      .reply(200, fixture('dingtalk.ok.json'));
    await deliver(unsigned, message(), deps);
    expect(rawPath).toBe(`${PATH}?access_token=${TOKEN}`);
  });

  test('a secret that does not start with SEC is refused before sending', async () => {
    const error = await channelRejection(
      deliver({ type: 'dingtalk', webhookUrl: url, secret: 'not-a-dingtalk-secret' }, message(), deps),
    );
    expect([error.code, error.retryable]).toEqual(['invalid_config', false]);
    expect(error.message).toContain('secret');
  });
});

describe('DingTalk answers (HTTP 200 with an errcode)', () => {
  test('310000 (signature, keyword or IP) is not retryable', async () => {
    nock(HOST).post(PATH).query(true).reply(200, fixture('dingtalk.sign-not-match.json'));
    const error = await channelRejection(deliver(signed, message(), deps));
    expect([error.code, error.retryable, error.vendorCode]).toEqual(['security_refused', false, 310000]);
    expect(error.message).toContain('机器人发送签名不匹配');
  });

  test('130101 (too fast) is retried after the 10-minute throttle', async () => {
    nock(HOST).post(PATH).query(true).reply(200, fixture('dingtalk.send-too-fast.json'));
    const error = await channelRejection(deliver(signed, message(), deps));
    expect([error.code, error.retryable, error.retryAfterMs]).toEqual(['rate_limited', true, 600_000]);
  });

  test('an unknown non-zero errcode is a refusal for good', async () => {
    nock(HOST).post(PATH).query(true).reply(200, { errcode: 400102, errmsg: 'robot stopped' });
    const error = await channelRejection(deliver(signed, message(), deps));
    expect([error.code, error.retryable]).toEqual(['rejected', false]);
  });
});
