import { createHmac } from 'node:crypto';
import type { Tone } from '../render/charts/palette';
import type { FeishuChannelConfig, WebhookChannel } from './channel';
import type { Digest } from './digest';
import { fitMilestones, plainMarkdown, safeUrl, utf8Bytes } from './text';
import { codeResponseError, DEFAULT_RATE_LIMIT_WAIT_MS, type VendorCodeRule } from './webhook.http';

/**
 * Feishu / Lark custom bot, `interactive` message with a card in JSON 2.0
 * (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): `POST …/open-apis/bot/v2/hook/<token>`.
 * The same code serves Lark (open.larksuite.com): only the webhook host differs. With a secret, the body
 * carries `timestamp` and `sign` at its top level.
 */
const VENDOR = 'Feishu';

/** The request body is at most 20 KB (FS); we count 20,000 bytes, the smaller reading. */
export const FEISHU_MAX_BODY_BYTES = 20_000;

/** Card header colours from Feishu's `template` enum (card JSON 2.0, header component). */
const TEMPLATE: Record<Tone, string> = {
  done: 'green',
  on_track: 'green',
  at_risk: 'orange',
  late: 'red',
  neutral: 'blue',
};

const RULES: Record<number, VendorCodeRule> = {
  19021: {
    code: 'security_refused',
    hint: 'Check the bot’s signing secret (and the server clock: the timestamp must be within an hour).',
  },
  19022: { code: 'security_refused', hint: 'The bot’s IP allowlist does not include this server.' },
  19024: { code: 'security_refused', hint: 'The message has none of the bot’s keywords.' },
  // Throttled (FS advises against sending at :00 and :30); the bot allows 100 a minute, 5 a second.
  11232: { code: 'rate_limited', retryAfterMs: DEFAULT_RATE_LIMIT_WAIT_MS },
  9499: { code: 'rejected' },
};

/**
 * Signature (FS): `timestamp + "\n" + secret` is the HMAC-SHA256 **key**, the signed message is empty,
 * the result is base64 and is not URL-encoded. The timestamp is in seconds.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

function card(digest: Digest, shown: number): Record<string, unknown> {
  const total = digest.milestones.length;
  const strong = (word: string, health: string) =>
    health === 'at_risk' || health === 'late' ? `**${word}**` : word;
  const lines = [plainMarkdown(digest.headline), `**${plainMarkdown(digest.progress)}**`];
  for (const m of digest.milestones.slice(0, shown))
    lines.push(`- ${digest.milestoneLine(plainMarkdown(m.name), strong(plainMarkdown(m.word), m.health))}`);
  const note = total === 0 ? digest.noMilestones : shown < total ? digest.more(total - shown) : undefined;
  if (note) lines.push(plainMarkdown(note));
  return {
    schema: '2.0',
    header: { title: { tag: 'plain_text', content: digest.title }, template: TEMPLATE[digest.tone] },
    body: {
      elements: [
        { tag: 'markdown', content: lines.join('\n') },
        {
          tag: 'button',
          text: { tag: 'plain_text', content: digest.linkLabel },
          type: 'primary',
          // Card buttons can only open URLs: custom bots get no callbacks (FS).
          behaviors: [{ type: 'open_url', default_url: safeUrl(digest.shareUrl) }],
        },
      ],
    },
  };
}

export const feishuChannel: WebhookChannel<FeishuChannelConfig> = {
  vendor: VENDOR,

  request(config, digest, { now }) {
    const timestamp = Math.floor(now.getTime() / 1000);
    const signature = config.secret
      ? { timestamp: String(timestamp), sign: feishuSign(config.secret, timestamp) }
      : {};
    const { rendered, shown } = fitMilestones(
      digest.milestones.length,
      (n) => JSON.stringify({ ...signature, msg_type: 'interactive', card: card(digest, n) }),
      (body) => utf8Bytes(body) <= FEISHU_MAX_BODY_BYTES,
      VENDOR,
    );
    return { url: config.webhookUrl, body: rendered, shown };
  },

  // Success is `{"StatusCode":0,…,"code":0,…}`; refusals carry a non-zero `code`, even with HTTP 200.
  check: (response) =>
    codeResponseError(
      VENDOR,
      response,
      (json) => ({ code: json.code ?? json.StatusCode, message: json.msg ?? json.StatusMessage }),
      RULES,
    ),
};
