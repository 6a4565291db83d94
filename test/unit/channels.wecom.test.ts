import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { deliver, type ChannelConfig } from '../../service/channels/channel';
import { LOCALES } from '../../service/domain/model';
import {
  LOCALE_WORDS,
  capture,
  channelRejection,
  fixture,
  manyMilestones,
  message,
  shapeOf,
  useNock,
} from './channels.helpers';

const HOST = 'https://qyapi.weixin.qq.com';
const PATH = '/cgi-bin/webhook/send';
const KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const channel: ChannelConfig = { type: 'wecom', webhookUrl: `${HOST}${PATH}?key=${KEY}` };
const deps = { allowPrivate: false, timeoutMs: 2_000 };

useNock();

const contentOf = (body: Record<string, unknown>): string => (body.markdown as { content: string }).content;

describe('WeCom payload', () => {
  test('markdown message with the three documented colours, posted to the key URL', async () => {
    const posted = capture();
    const scope = nock(HOST)
      .post(PATH, posted.match)
      .query({ key: KEY })
      .reply(200, fixture('wecom.ok.json'));
    const result = await deliver(channel, message(), deps);
    scope.done();
    expect(result.confirmed).toBe(true);
    expect(posted.body()).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: [
          '## Atlas · progress update',
          'Design signed off; build under way',
          '**Overall progress: 62%**',
          '> Design: <font color="info">On track</font>',
          '> Build: <font color="warning">At risk</font>',
          '> Launch: <font color="warning">Late</font>',
          '[Open the client page](https://app.example.com/s/abc123)',
        ].join('\n'),
      },
    });
    expect(shapeOf(posted.body())).toEqual(shapeOf(fixture('wecom.example.json')));
  });

  test.each(LOCALES)('%s', async (locale) => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).query(true).reply(200, fixture('wecom.ok.json'));
    await deliver(channel, message({ locale }), deps);
    const content = contentOf(posted.body());
    const words = LOCALE_WORDS[locale];
    expect(content).toContain(`**${words.progress}**`);
    expect(content).toContain(`<font color="warning">${words.atRisk}</font>`);
    expect(content).toContain(`[${words.link}](https://app.example.com/s/abc123)`);
  });

  test('names cannot inject a mention, a colour or a link', async () => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).query(true).reply(200, fixture('wecom.ok.json'));
    await deliver(
      channel,
      message({ milestones: [{ name: '<@all> [win](https://evil.example) **x**', health: 'done' }] }),
      deps,
    );
    const content = contentOf(posted.body());
    expect(content).toContain(
      '> ＜@all＞ ［win］(https://evil.example) ＊＊x＊＊: <font color="info">Delivered</font>',
    );
    expect(content).not.toContain('<@all>');
  });

  test('content stays within 4096 bytes of UTF-8, counting Chinese at 3 bytes a character', async () => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).query(true).reply(200, fixture('wecom.ok.json'));
    const result = await deliver(
      channel,
      message({ locale: 'zh-CN', milestones: manyMilestones(200, '用户界面设计与可用性测试阶段') }),
      deps,
    );
    const content = contentOf(posted.body());
    const bytes = Buffer.byteLength(content, 'utf8');
    expect(bytes).toBeLessThanOrEqual(4096);
    // Filled up to the limit, not cut early: one more milestone line would not fit.
    expect(bytes).toBeGreaterThan(4096 - 120);
    const shown = content.split('\n').filter((l) => l.startsWith('> 用户界面')).length;
    expect(result.milestonesOmitted).toBe(200 - shown);
    expect(content).toContain(
      `> <font color="comment">……另有${200 - shown}个里程碑，请在客户页面查看。</font>`,
    );
    expect(content.endsWith('[打开客户页面](https://app.example.com/s/abc123)')).toBe(true);
  });
});

describe('WeCom answers (HTTP 200 with an errcode)', () => {
  test.each([
    { body: fixture('wecom.invalid-webhook-url.json'), code: 'webhook_not_found', retryable: false },
    { body: fixture('wecom.freq-out-of-limit.json'), code: 'rate_limited', retryable: true },
    { body: { errcode: -1, errmsg: 'system busy' }, code: 'unavailable', retryable: true },
    { body: { errcode: 40008, errmsg: 'invalid message type' }, code: 'rejected', retryable: false },
  ])('errcode $body.errcode → $code', async ({ body, code, retryable }) => {
    nock(HOST).post(PATH).query(true).reply(200, body);
    const error = await channelRejection(deliver(channel, message(), deps));
    expect([error.code, error.retryable, error.vendorCode]).toEqual([code, retryable, body.errcode]);
    expect(error.message).toContain(String(body.errmsg));
  });

  test('a rate-limit code waits a minute', async () => {
    nock(HOST).post(PATH).query(true).reply(200, fixture('wecom.freq-out-of-limit.json'));
    const error = await channelRejection(deliver(channel, message(), deps));
    expect(error.retryAfterMs).toBe(60_000);
  });

  test('a 200 that is not the documented JSON is unreadable, and retried', async () => {
    nock(HOST).post(PATH).query(true).reply(200, '<html>proxy error</html>');
    const error = await channelRejection(deliver(channel, message(), deps));
    expect([error.code, error.retryable]).toEqual(['bad_response', true]);
  });

  test('HTTP 502 is retryable', async () => {
    nock(HOST).post(PATH).query(true).reply(502, 'Bad Gateway');
    const error = await channelRejection(deliver(channel, message(), deps));
    expect([error.code, error.retryable]).toEqual(['unavailable', true]);
  });
});
