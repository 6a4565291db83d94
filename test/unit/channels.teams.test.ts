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

const HOST = 'https://prod-12.westeurope.logic.azure.com';
const PATH = '/workflows/0f1e2d3c/triggers/manual/paths/invoke';
const QUERY = 'api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbCdEf123';
const channel: ChannelConfig = { type: 'teams', webhookUrl: `${HOST}${PATH}?${QUERY}` };
const deps = { allowPrivate: false, timeoutMs: 2_000 };

useNock();

type Card = { body: { type: string; text?: string; facts?: { title: string; value: string }[] }[] };
const cardOf = (body: Record<string, unknown>): Card =>
  (body.attachments as { content: Card }[])[0]?.content as Card;

describe('Teams payload', () => {
  test('Adaptive Card 1.4 in the message envelope; 202 means accepted, not yet posted', async () => {
    const posted = capture();
    const scope = nock(HOST).post(PATH, posted.match).query(true).reply(202, '');
    const result = await deliver(channel, message(), deps);
    scope.done();
    expect(result).toEqual({ type: 'teams', sent: 1, confirmed: false, milestonesOmitted: 0 });
    expect(posted.body()).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              {
                type: 'TextBlock',
                text: 'Atlas · progress update',
                wrap: true,
                weight: 'Bolder',
                size: 'Medium',
              },
              { type: 'TextBlock', text: 'Design signed off; build under way', wrap: true },
              { type: 'TextBlock', text: 'Overall progress: 62%', wrap: true },
              {
                type: 'FactSet',
                facts: [
                  { title: 'Design', value: 'On track' },
                  { title: 'Build', value: 'At risk' },
                  { title: 'Launch', value: 'Late' },
                ],
              },
            ],
            actions: [
              {
                type: 'Action.OpenUrl',
                title: 'Open the client page',
                url: 'https://app.example.com/s/abc123',
              },
            ],
          },
        },
      ],
    });
    // The same structure as the documented envelope (channels.md §5).
    expect(shapeOf(posted.body())).toEqual(shapeOf(fixture('teams.example.json')));
  });

  test('the signed Workflows URL is posted to as given, query included', async () => {
    let rawPath = '';
    nock(HOST)
      .post((path) => {
        rawPath = path;
        return true;
      })
      .reply(202, '');
    await deliver(channel, message(), deps);
    expect(rawPath).toBe(`${PATH}?${QUERY}`);
  });

  test('HTTP 200 is a confirmed post', async () => {
    nock(HOST).post(PATH).query(true).reply(200, '');
    expect((await deliver(channel, message(), deps)).confirmed).toBe(true);
  });

  test.each(LOCALES)('%s', async (locale) => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).query(true).reply(202, '');
    await deliver(channel, message({ locale }), deps);
    const card = cardOf(posted.body());
    const words = LOCALE_WORDS[locale];
    expect(card.body.map((b) => b.text)).toContain(words.progress);
    expect(card.body.find((b) => b.type === 'FactSet')?.facts?.[1]?.value).toBe(words.atRisk);
    expect(JSON.stringify(posted.body())).toContain(words.link);
  });

  test('no milestones: no empty FactSet, a sentence instead', async () => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).query(true).reply(202, '');
    await deliver(channel, message({ milestones: [] }), deps);
    const card = cardOf(posted.body());
    expect(card.body.some((b) => b.type === 'FactSet')).toBe(false);
    expect(card.body.at(-1)?.text).toBe('No milestones are planned yet.');
  });

  test('the post stays within 28 KB', async () => {
    const posted = capture();
    nock(HOST).post(PATH, posted.match).query(true).reply(202, '');
    const result = await deliver(channel, message({ milestones: manyMilestones(900) }), deps);
    const bytes = Buffer.byteLength(JSON.stringify(posted.body()), 'utf8');
    expect(bytes).toBeLessThanOrEqual(28_000);
    expect(bytes).toBeGreaterThan(27_000);
    const facts = cardOf(posted.body()).body.find((b) => b.type === 'FactSet')?.facts ?? [];
    expect(result.milestonesOmitted).toBe(900 - facts.length);
    expect(cardOf(posted.body()).body.at(-1)?.text).toBe(
      `…and ${900 - facts.length} more milestones on the client page.`,
    );
  });
});

describe('Teams answers', () => {
  test.each([
    { status: 400, code: 'rejected', retryable: false },
    { status: 401, code: 'auth_failed', retryable: false },
    { status: 404, code: 'webhook_not_found', retryable: false },
    { status: 413, code: 'too_large', retryable: false },
    { status: 500, code: 'unavailable', retryable: true },
    { status: 502, code: 'unavailable', retryable: true },
  ])('HTTP $status → $code', async ({ status, code, retryable }) => {
    nock(HOST)
      .post(PATH)
      .query(true)
      .reply(status, { error: { code: 'Whatever', message: 'The flow said no.' } });
    const error = await channelRejection(deliver(channel, message(), deps));
    expect([error.code, error.retryable, error.status]).toEqual([code, retryable, status]);
    expect(error.message).toContain('The flow said no.');
  });

  test('429 with Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    nock(HOST).post(PATH).query(true).reply(429, '', { 'Retry-After': at });
    const error = await channelRejection(deliver(channel, message(), deps));
    expect([error.code, error.retryable]).toEqual(['rate_limited', true]);
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });
});
