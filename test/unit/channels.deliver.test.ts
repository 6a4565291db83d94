import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  ChannelConfigSchema,
  channelMessageFromSummary,
  deliver,
  isRetryableCode,
  type ChannelConfig,
  type ChannelErrorCode,
} from '../../service/channels/channel';
import type { Summary } from '../../service/domain/summary/types';
import { channelRejection, fixture, message, useNock } from './channels.helpers';

const SLACK = 'https://hooks.slack.com';
const PATH = '/services/T000/B000/XXXX';
const slack: ChannelConfig = { type: 'slack', webhookUrl: `${SLACK}${PATH}` };
const deps = { allowPrivate: false, timeoutMs: 2_000 };

useNock();

describe('channel config schema', () => {
  test.each([
    { type: 'slack', webhookUrl: 'https://hooks.slack.com/services/T/B/X' },
    { type: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
    { type: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECabc' },
    { type: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=t' },
    { type: 'feishu', webhookUrl: 'https://open.larksuite.com/open-apis/bot/v2/hook/x', secret: 's' },
    { type: 'teams', webhookUrl: 'https://x.logic.azure.com/workflows/1' },
    { type: 'email', recipients: [{ address: 'li@client.example.cn', locale: 'zh-CN', name: '李雷' }] },
  ])('accepts $type', (config) => {
    expect(ChannelConfigSchema.safeParse(config).success).toBe(true);
  });

  test.each([
    ['an unknown type', { type: 'sms', webhookUrl: 'https://x.example' }],
    ['a missing URL', { type: 'slack' }],
    ['a non-http URL', { type: 'wecom', webhookUrl: 'ftp://qyapi.weixin.qq.com/x' }],
    ['not a URL', { type: 'teams', webhookUrl: 'hooks.slack.com/services' }],
    [
      'a DingTalk secret without SEC',
      { type: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/r', secret: 'x' },
    ],
    ['an empty secret', { type: 'feishu', webhookUrl: 'https://open.feishu.cn/h', secret: ' ' }],
    ['no recipients', { type: 'email', recipients: [] }],
    ['a bad address', { type: 'email', recipients: [{ address: 'nobody', locale: 'en' }] }],
    ['a recipient without a language', { type: 'email', recipients: [{ address: 'a@b.example' }] }],
    ['an unsupported language', { type: 'email', recipients: [{ address: 'a@b.example', locale: 'de' }] }],
    [
      'the same address twice',
      {
        type: 'email',
        recipients: [
          { address: 'a@b.example', locale: 'en' },
          { address: 'A@b.example', locale: 'fr' },
        ],
      },
    ],
  ])('refuses %s', (_what, config) => {
    expect(ChannelConfigSchema.safeParse(config).success).toBe(false);
  });

  test('deliver refuses a bad config for good, without sending', async () => {
    const error = await channelRejection(deliver({ type: 'slack', webhookUrl: 'nope' }, message(), deps));
    expect([error.code, error.retryable]).toEqual(['invalid_config', false]);
    expect(error.message).toContain('webhookUrl');
  });

  test.each([
    ['progress given as a percentage', { progress: 62 }],
    ['an empty headline', { headline: '  ' }],
    ['an unknown health', { milestones: [{ name: 'A', health: 'fine' }] }],
    ['an unsupported language', { locale: 'de' }],
    ['a share link that is not a URL', { shareUrl: '/s/abc' }],
    ['an idempotency key with spaces', { idempotencyKey: 'a b' }],
  ])('deliver refuses a message with %s', async (_what, overrides) => {
    const error = await channelRejection(deliver(slack, { ...message(), ...overrides } as never, deps));
    expect([error.code, error.retryable]).toEqual(['invalid_config', false]);
  });
});

describe('retry classification', () => {
  test.each<[ChannelErrorCode, boolean]>([
    ['rate_limited', true],
    ['unavailable', true],
    ['timeout', true],
    ['network_error', true],
    ['bad_response', true],
    ['invalid_config', false],
    ['not_configured', false],
    ['address_refused', false],
    ['webhook_not_found', false],
    ['auth_failed', false],
    ['security_refused', false],
    ['rejected', false],
    ['too_large', false],
  ])('%s → retryable %s', (code, retryable) => {
    expect(isRetryableCode(code)).toBe(retryable);
  });
});

describe('network failures', () => {
  test('no answer within the deadline → timeout, retryable', async () => {
    nock(SLACK).post(PATH).delay(500).reply(200, 'ok');
    const error = await channelRejection(deliver(slack, message(), { ...deps, timeoutMs: 100 }));
    expect([error.code, error.retryable]).toEqual(['timeout', true]);
  });

  test.each([
    { code: 'ECONNRESET', expected: 'network_error' },
    { code: 'ECONNREFUSED', expected: 'network_error' },
    { code: 'ENOTFOUND', expected: 'network_error' },
    { code: 'ETIMEDOUT', expected: 'timeout' },
  ])('socket error $code → $expected, retryable', async ({ code, expected }) => {
    nock(SLACK)
      .post(PATH)
      .replyWithError(Object.assign(new Error('socket trouble'), { code }));
    const error = await channelRejection(deliver(slack, message(), deps));
    expect([error.code, error.retryable]).toEqual([expected, true]);
  });

  test('a redirect is not followed', async () => {
    const elsewhere = nock('https://elsewhere.example').post('/').reply(200, 'ok');
    nock(SLACK).post(PATH).reply(302, '', { Location: 'https://elsewhere.example/' });
    const error = await channelRejection(deliver(slack, message(), deps));
    expect([error.code, error.retryable]).toEqual(['rejected', false]);
    expect(elsewhere.isDone()).toBe(false);
  });

  test('the caller’s abort signal stops the request', async () => {
    nock(SLACK).post(PATH).delay(1_000).reply(200, 'ok');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await channelRejection(deliver(slack, message(), { ...deps, signal: controller.signal }));
    expect(error.code).toBe('network_error');
  });
});

describe('webhook address guard', () => {
  test.each([
    ['http (not https)', 'http://hooks.slack.com/services/T/B/X'],
    ['loopback', 'https://127.0.0.1/hook'],
    ['localhost', 'https://localhost/hook'],
    ['a private range', 'https://10.1.2.3/hook'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest/meta-data'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['an IPv4-mapped IPv6 private address', 'https://[::ffff:192.168.1.1]/hook'],
  ])('refuses %s', async (_what, webhookUrl) => {
    const metadata = nock(/.*/).post(/.*/).reply(200, fixture('wecom.ok.json'));
    const error = await channelRejection(deliver({ type: 'wecom', webhookUrl }, message(), deps));
    expect([error.code, error.retryable]).toEqual(['address_refused', false]);
    expect(metadata.isDone()).toBe(false);
  });

  describe('on a real socket', () => {
    let server: http.Server;
    let port: number;
    const received: string[] = [];

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          received.push(body);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"errcode":0,"errmsg":"ok"}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    });

    /** Real sockets to this test's own server only. */
    function allowLocalSockets(): void {
      nock.enableNetConnect(
        (host) => host === `127.0.0.1:${port}` || host === `intranet.example.com:${port}`,
      );
    }

    /** Makes `intranet.example.com` resolve to 127.0.0.1, as a split-horizon or rebinding DNS would. */
    function pointIntranetAtLoopback(): void {
      const real = dns.lookup.bind(dns);
      vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, options: unknown, callback: unknown) => {
        if (hostname !== 'intranet.example.com')
          return (real as (...a: unknown[]) => void)(hostname, options, callback);
        (callback as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
      }) as unknown as typeof dns.lookup);
    }

    test('a public-looking name that resolves to a private address is refused at connect time', async () => {
      allowLocalSockets();
      pointIntranetAtLoopback();
      const before = received.length;
      const error = await channelRejection(
        deliver({ type: 'wecom', webhookUrl: `https://intranet.example.com:${port}/hook` }, message(), deps),
      );
      expect([error.code, error.retryable]).toEqual(['address_refused', false]);
      expect(dns.lookup).toHaveBeenCalled();
      expect(received.length).toBe(before);
    });

    test('with allowPrivate, an intranet webhook over http is delivered', async () => {
      allowLocalSockets();
      const result = await deliver(
        { type: 'wecom', webhookUrl: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=k` },
        message(),
        { ...deps, allowPrivate: true },
      );
      expect(result.sent).toBe(1);
      expect(JSON.parse(received.at(-1) ?? '{}')).toMatchObject({ msgtype: 'markdown' });
    });
  });
});

describe('channelMessageFromSummary', () => {
  test('takes the name, overall progress and milestone health from the frozen summary', () => {
    const summary = {
      project: { id: 'p1', name: 'Atlas' },
      overall: { byCount: { done: 31, total: 50, ratio: 0.62 } },
      milestones: [
        { name: 'Design', health: 'done' },
        { name: 'Build', health: 'at_risk' },
      ],
    } as unknown as Summary;
    expect(
      channelMessageFromSummary(summary, {
        headline: 'Build is late by a week',
        shareUrl: 'https://app.example.com/s/t',
        locale: 'fr',
        idempotencyKey: 'u1.c1',
      }),
    ).toEqual({
      projectName: 'Atlas',
      headline: 'Build is late by a week',
      progress: 0.62,
      milestones: [
        { name: 'Design', health: 'done' },
        { name: 'Build', health: 'at_risk' },
      ],
      shareUrl: 'https://app.example.com/s/t',
      locale: 'fr',
      idempotencyKey: 'u1.c1',
    });
  });
});
