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
  type Json,
} from './channels.helpers';

const HOST = 'https://hooks.slack.com';
const PATH = '/services/T000/B000/XXXX';
const channel: ChannelConfig = { type: 'slack', webhookUrl: `${HOST}${PATH}` };
const deps = { allowPrivate: false, timeoutMs: 2_000 };

useNock();

describe('Slack payload', () => {
  test('text fallback plus Block Kit: a section, milestone fields, a URL button', async () => {
    const posted = capture();
    const scope = nock(HOST, { reqheaders: { 'content-type': /application\/json/ } })
      .post(PATH, posted.match)
      .reply(200, 'ok');
    const result = await deliver(channel, message(), deps);
    scope.done();
    expect(result).toEqual({ type: 'slack', sent: 1, confirmed: true, milestonesOmitted: 0 });
    expect(posted.body()).toEqual({
      text: 'Atlas: Design signed off; build under way (62% of the work done)',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Atlas · progress update*\nDesign signed off; build under way\nOverall progress: 62%',
          },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Design*\n:large_green_circle: On track' },
            { type: 'mrkdwn', text: '*Build*\n:large_yellow_circle: At risk' },
            { type: 'mrkdwn', text: '*Launch*\n:red_circle: Late' },
          ],
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Open the client page' },
              url: 'https://app.example.com/s/abc123',
              style: 'primary',
            },
          ],
        },
      ],
    });
    // The same structure as the example built from Slack's documented format (channels.md §4).
    expect(shapeOf(posted.body())).toEqual(shapeOf(fixture('slack.example.json')));
  });

  test.each(LOCALES)('%s', async (locale) => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).reply(200, 'ok');
    await deliver(channel, message({ locale }), deps);
    const json = JSON.stringify(posted.body());
    const words = LOCALE_WORDS[locale];
    for (const word of [words.progress, words.atRisk, words.link]) expect(json).toContain(word);
  });

  test('mrkdwn control characters in names are escaped, so a name cannot add a link or a mention', async () => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).reply(200, 'ok');
    await deliver(
      channel,
      message({ milestones: [{ name: '<!channel> & <https://evil.example|click>', health: 'done' }] }),
      deps,
    );
    const blocks = posted.body().blocks as Json[];
    const fields = (blocks[1] as { fields: { text: string }[] }).fields;
    expect(fields[0]?.text).toBe(
      '*&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;*\n:white_check_mark: Delivered',
    );
  });

  test('many milestones: at most 10 fields a section, 50 blocks, and a line saying how many are left out', async () => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).reply(200, 'ok');
    const result = await deliver(channel, message({ milestones: manyMilestones(400) }), deps);
    const blocks = posted.body().blocks as {
      type: string;
      fields?: unknown[];
      elements?: { text: string }[];
    }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(12_000);
    const shown = blocks.flatMap((b) => b.fields ?? []).length;
    for (const b of blocks) expect((b.fields ?? []).length).toBeLessThanOrEqual(10);
    expect(shown).toBeGreaterThan(50);
    expect(result.milestonesOmitted).toBe(400 - shown);
    const note = blocks.find((b) => b.type === 'context')?.elements?.[0]?.text;
    expect(note).toBe(`…and ${400 - shown} more milestones on the client page.`);
    // The link survives truncation.
    expect(blocks.at(-1)?.type).toBe('actions');
  });

  test('a long headline is cut on a character boundary with an ellipsis', async () => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).reply(200, 'ok');
    await deliver(channel, message({ headline: `${'x'.repeat(198)}👩‍👩‍👧‍👦 tail` }), deps);
    const text = ((posted.body().blocks as Json[])[0] as { text: { text: string } }).text.text;
    const headline = text.split('\n')[1];
    expect(headline).toBe(`${'x'.repeat(198)}👩‍👩‍👧‍👦…`);
  });
});

describe('Slack answers', () => {
  test.each([
    { status: 400, body: 'invalid_payload', code: 'rejected', retryable: false },
    { status: 403, body: 'action_prohibited', code: 'auth_failed', retryable: false },
    { status: 403, body: 'invalid_token', code: 'webhook_not_found', retryable: false },
    { status: 404, body: 'channel_not_found', code: 'webhook_not_found', retryable: false },
    { status: 410, body: 'channel_is_archived', code: 'webhook_not_found', retryable: false },
    { status: 500, body: 'rollup_error', code: 'unavailable', retryable: true },
    { status: 503, body: '', code: 'unavailable', retryable: true },
  ])('HTTP $status $body → $code', async ({ status, body, code, retryable }) => {
    nock(HOST).post(PATH).reply(status, body);
    const error = await channelRejection(deliver(channel, message(), deps));
    expect([error.code, error.retryable, error.status]).toEqual([code, retryable, status]);
    if (body) expect(error.message).toContain(body);
  });

  test('429 waits for Retry-After', async () => {
    nock(HOST).post(PATH).reply(429, 'rate_limited', { 'Retry-After': '7' });
    const error = await channelRejection(deliver(channel, message(), deps));
    expect([error.code, error.retryable, error.retryAfterMs]).toEqual(['rate_limited', true, 7_000]);
  });

  test('429 without Retry-After waits a minute', async () => {
    nock(HOST).post(PATH).reply(429, '');
    const error = await channelRejection(deliver(channel, message(), deps));
    expect([error.code, error.retryAfterMs]).toEqual(['rate_limited', 60_000]);
  });
});
