import type { Health } from '../domain/summary/types';
import type { SlackChannelConfig, WebhookChannel } from './channel';
import { ChannelError } from './channel-error';
import type { Digest } from './digest';
import { fitMilestones, safeUrl, slackEscape, truncate } from './text';
import { statusError, type WebhookResponse } from './webhook.http';

/**
 * Slack incoming webhook, Block Kit (api.slack.com/messaging/webhooks, docs.slack.dev/reference/block-kit):
 * a section with the title, headline and progress; milestones as section `fields` (at most 10 per
 * section); a URL button to the client page. `text` is always sent: it is the notification and the
 * fallback, and Slack refuses a message without it.
 */
const VENDOR = 'Slack';

/** docs.slack.dev/reference/block-kit/blocks. */
const MAX_BLOCKS = 50;
const MAX_FIELDS_PER_SECTION = 10;
const MAX_BUTTON_TEXT = 75;
/**
 * Slack has answered `msg_blocks_too_long` at ~13,000 characters of blocks (bolt-js#2509), well under the
 * documented per-field limits (section text 3,000, a field 2,000, which the text caps keep us far from).
 */
const MAX_BLOCKS_JSON = 12_000;

const EMOJI: Record<Health, string> = {
  done: ':white_check_mark:',
  on_track: ':large_green_circle:',
  at_risk: ':large_yellow_circle:',
  late: ':red_circle:',
};

/** Answers that mean the webhook itself is gone: the PM must create a new one (2016 changelog, [3p]). */
const WEBHOOK_GONE = new Set([
  'channel_not_found',
  'channel_is_archived',
  'no_service',
  'no_active_hooks',
  'invalid_token',
  'no_team',
  'team_disabled',
]);

type Block = Record<string, unknown>;

function blocks(digest: Digest, shown: number): Block[] {
  const total = digest.milestones.length;
  const out: Block[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${slackEscape(digest.title)}*\n${slackEscape(digest.headline)}\n${slackEscape(digest.progress)}`,
      },
    },
  ];
  const visible = digest.milestones.slice(0, shown);
  for (let i = 0; i < visible.length; i += MAX_FIELDS_PER_SECTION)
    out.push({
      type: 'section',
      fields: visible.slice(i, i + MAX_FIELDS_PER_SECTION).map((m) => ({
        type: 'mrkdwn',
        text: `*${slackEscape(m.name)}*\n${EMOJI[m.health]} ${slackEscape(m.word)}`,
      })),
    });
  const note = total === 0 ? digest.noMilestones : shown < total ? digest.more(total - shown) : undefined;
  if (note) out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(note) }] });
  out.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: truncate(digest.linkLabel, MAX_BUTTON_TEXT) },
        url: safeUrl(digest.shareUrl),
        style: 'primary',
      },
    ],
  });
  return out;
}

export const slackChannel: WebhookChannel<SlackChannelConfig> = {
  vendor: VENDOR,

  request(config, digest) {
    const { rendered, shown } = fitMilestones(
      digest.milestones.length,
      (n) => blocks(digest, n),
      (b) => b.length <= MAX_BLOCKS && JSON.stringify(b).length <= MAX_BLOCKS_JSON,
      VENDOR,
    );
    // `text` is plain in notifications but mrkdwn in the fallback view, so it is escaped too.
    const body = JSON.stringify({ text: slackEscape(digest.fallback), blocks: rendered });
    return { url: config.webhookUrl, body, shown };
  },

  check(response: WebhookResponse) {
    // Success is HTTP 200 with the body `ok`; errors are 4xx/5xx with a short code as the body.
    const error = statusError(VENDOR, response);
    if (!error) return undefined;
    const said = response.body.trim();
    if (response.status < 500 && response.status !== 429 && WEBHOOK_GONE.has(said))
      return new ChannelError('webhook_not_found', `${VENDOR} no longer accepts this webhook (${said}).`, {
        status: response.status,
        vendorCode: said,
      });
    return error;
  },
};
