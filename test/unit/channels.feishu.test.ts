import { createHmac } from 'node:crypto';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { deliver, type ChannelConfig } from '../../service/channels/channel';
import { feishuSign } from '../../service/channels/feishu.channel';
import { LOCALES } from '../../service/domain/model';
import {
  LOCALE_WORDS,
  NOW,
  capture,
  channelRejection,
  fixture,
  manyMilestones,
  message,
  shapeOf,
  useNock,
} from './channels.helpers';

const HOST = 'https://open.feishu.cn';
const PATH = '/open-apis/bot/v2/hook/2f9f0bd1-1e1f-4d7c-9a3b-6c2d9a1b0e55';
const SECRET = 'qF8xZ3kR7tW2mN5vB9cL1d';
const unsigned: ChannelConfig = { type: 'feishu', webhookUrl: `${HOST}${PATH}` };
const signed: ChannelConfig = { ...unsigned, secret: SECRET };
const deps = { allowPrivate: false, timeoutMs: 2_000, now: () => NOW };

useNock();

type Card = { header: { template: string }; body: { elements: { tag: string; content?: string }[] } };
const markdownOf = (body: Record<string, unknown>): string =>
  (body.card as Card).body.elements.find((e) => e.tag === 'markdown')?.content ?? '';

describe('Feishu payload', () => {
  test('interactive card, JSON 2.0: header with a colour, markdown body, a URL button', async () => {
    const posted = capture();
    const scope = nock(HOST).post(PATH, posted.match).reply(200, fixture('feishu.ok.json'));
    const result = await deliver(unsigned, message(), deps);
    scope.done();
    expect(result.confirmed).toBe(true);
    expect(posted.body()).toEqual({
      msg_type: 'interactive',
      card: {
        schema: '2.0',
        header: { title: { tag: 'plain_text', content: 'Atlas · progress update' }, template: 'red' },
        body: {
          elements: [
            {
              tag: 'markdown',
              content: [
                'Design signed off; build under way',
                '**Overall progress: 62%**',
                '- Design: On track',
                '- Build: **At risk**',
                '- Launch: **Late**',
              ].join('\n'),
            },
            {
              tag: 'button',
              text: { tag: 'plain_text', content: 'Open the client page' },
              type: 'primary',
              behaviors: [{ type: 'open_url', default_url: 'https://app.example.com/s/abc123' }],
            },
          ],
        },
      },
    });
  });

  test.each([
    { health: 'done', template: 'green' },
    { health: 'on_track', template: 'green' },
    { health: 'at_risk', template: 'orange' },
    { health: 'late', template: 'red' },
  ] as const)('header colour follows the worst health: $health → $template', async ({ health, template }) => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).reply(200, fixture('feishu.ok.json'));
    await deliver(
      unsigned,
      message({
        milestones: [
          { name: 'A', health: 'done' },
          { name: 'B', health },
        ],
      }),
      deps,
    );
    expect((posted.body().card as Card).header.template).toBe(template);
  });

  test.each(LOCALES)('%s', async (locale) => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).reply(200, fixture('feishu.ok.json'));
    await deliver(unsigned, message({ locale }), deps);
    const words = LOCALE_WORDS[locale];
    expect(markdownOf(posted.body())).toContain(`**${words.progress}**`);
    expect(markdownOf(posted.body())).toContain(`**${words.atRisk}**`);
    expect(JSON.stringify(posted.body())).toContain(words.link);
  });

  test('the whole body stays within 20 KB', async () => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).reply(200, fixture('feishu.ok.json'));
    const result = await deliver(signed, message({ milestones: manyMilestones(800) }), deps);
    const bytes = Buffer.byteLength(JSON.stringify(posted.body()), 'utf8');
    expect(bytes).toBeLessThanOrEqual(20_000);
    expect(bytes).toBeGreaterThan(19_000);
    expect(result.milestonesOmitted).toBeGreaterThan(0);
    expect(markdownOf(posted.body())).toContain(
      `…and ${result.milestonesOmitted} more milestones on the client page.`,
    );
  });
});

describe('Feishu signing (签名校验)', () => {
  test('the published test vector (lark-bot-webhook-action)', () => {
    expect(feishuSign('dGhpcyBpcyBhIGtleQ==', 1716283459)).toBe(
      '8EyY+xxfJvzWjZQpdc2mgvQFaG7lF5nbxl7RITyMkJU=',
    );
  });

  test('timestamp (seconds, a string) and sign at the top level of the body, sign not URL-encoded', async () => {
    const timestamp = Math.floor(NOW.getTime() / 1000);
    // Computed here from the documented steps: "timestamp\nsecret" is the HMAC key, the message is empty.
    const expected = createHmac('sha256', `${timestamp}\n${SECRET}`).update('').digest('base64');
    const posted = capture();
    nock(HOST).post(PATH, posted.match).reply(200, fixture('feishu.ok.json'));
    await deliver(signed, message(), deps);
    const body = posted.body();
    expect(body.timestamp).toBe('1773136800');
    expect(body.sign).toBe(expected);
    // The same structure as the example built from Feishu's documented format (channels.md §3).
    expect(shapeOf(body)).toEqual(shapeOf(fixture('feishu.example.json')));
  });

  test('no secret, no timestamp and no sign', async () => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).reply(200, fixture('feishu.ok.json'));
    await deliver(unsigned, message(), deps);
    expect(Object.keys(posted.body()).sort()).toEqual(['card', 'msg_type']);
  });
});

describe('Feishu answers (a `code` in the body, even with HTTP 200)', () => {
  test.each([
    { file: 'feishu.sign-match-fail.json', status: 200, code: 'security_refused', retryable: false },
    { file: 'feishu.key-words-not-found.json', status: 200, code: 'security_refused', retryable: false },
    { file: 'feishu.bad-request.json', status: 400, code: 'rejected', retryable: false },
  ])('$file (HTTP $status) → $code', async ({ file, status, code, retryable }) => {
    const body = fixture(file);
    nock(HOST).post(PATH).reply(status, body);
    const error = await channelRejection(deliver(signed, message(), deps));
    expect([error.code, error.retryable, error.vendorCode]).toEqual([code, retryable, body.code]);
    expect(error.message).toContain(String(body.msg));
  });

  test('11232 (throttled) is retried', async () => {
    nock(HOST).post(PATH).reply(200, { code: 11232, msg: 'frequency limited' });
    const error = await channelRejection(deliver(signed, message(), deps));
    expect([error.code, error.retryable, error.retryAfterMs]).toEqual(['rate_limited', true, 60_000]);
  });
});
