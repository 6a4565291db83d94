import { createHmac } from 'node:crypto';
import type { DingtalkChannelConfig, WebhookChannel } from './channel';
import type { Digest } from './digest';
import { fitMilestones, plainMarkdown, safeUrl, utf8Bytes } from './text';
import { codeResponseError, type VendorCodeRule } from './webhook.http';

/**
 * DingTalk (钉钉) custom robot, `markdown` message
 * (help.dingtalk.io/open/development/custom-robots-send-group-messages):
 * `POST …/robot/send?access_token=TOKEN` with `{msgtype, markdown: {title, text}}`; `title` only shows in
 * the conversation list. With a secret, the URL is signed (help.dingtalk.io/open/dingstart/
 * customize-robot-security-settings).
 */
const VENDOR = 'DingTalk';

/**
 * DingTalk documents no maximum message size; we keep `text` within WeCom's 4096 bytes so one digest
 * reads the same in both and a very long project is cut by us, not by DingTalk.
 */
export const DINGTALK_MAX_TEXT_BYTES = 4096;

const RULES: Record<number, VendorCodeRule> = {
  // DingTalk's global code "系统繁忙" (system busy).
  [-1]: { code: 'unavailable' },
  // Sign mismatch, timestamp too far off, keyword missing or IP not allowed (jenkinsci/dingtalk-plugin#88, #116).
  310000: {
    code: 'security_refused',
    hint: 'Check the robot’s signing secret, keywords and IP allowlist.',
  },
  // Over 20 messages a minute: the robot is throttled for 10 minutes (DT; ccfos/nightingale#369).
  130101: { code: 'rate_limited', retryAfterMs: 10 * 60_000 },
  // "webhook over limit": a quota whose period is not documented; retry in an hour rather than hammer it.
  90030: { code: 'rate_limited', retryAfterMs: 60 * 60_000 },
};

/**
 * 加签: HMAC-SHA256 keyed with the secret over `timestamp + "\n" + secret`, base64 (DTS steps 1–4). The
 * timestamp is in milliseconds and must be within an hour of DingTalk's clock.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/**
 * Appends `&timestamp=…&sign=…` with the sign URL-encoded (DTS steps 5–6), leaving the rest of the URL
 * (the access token) exactly as the PM pasted it.
 */
export function signedDingtalkUrl(webhookUrl: string, secret: string, timestampMs: number): string {
  const url = new URL(webhookUrl);
  const signature = `timestamp=${timestampMs}&sign=${encodeURIComponent(dingtalkSign(secret, timestampMs))}`;
  url.search = url.search ? `${url.search}&${signature}` : `?${signature}`;
  return url.href;
}

function text(digest: Digest, shown: number): string {
  const total = digest.milestones.length;
  const strong = (word: string, health: string) =>
    health === 'at_risk' || health === 'late' ? `**${word}**` : word;
  const parts = [
    `### ${plainMarkdown(digest.title)}`,
    plainMarkdown(digest.headline),
    `**${plainMarkdown(digest.progress)}**`,
  ];
  if (shown > 0)
    parts.push(
      digest.milestones
        .slice(0, shown)
        .map(
          (m) => `- ${digest.milestoneLine(plainMarkdown(m.name), strong(plainMarkdown(m.word), m.health))}`,
        )
        .join('\n'),
    );
  const note = total === 0 ? digest.noMilestones : shown < total ? digest.more(total - shown) : undefined;
  if (note) parts.push(plainMarkdown(note));
  parts.push(`[${plainMarkdown(digest.linkLabel)}](${safeUrl(digest.shareUrl)})`);
  // A blank line between blocks: DingTalk's markdown needs it before a list and between paragraphs.
  return parts.join('\n\n');
}

export const dingtalkChannel: WebhookChannel<DingtalkChannelConfig> = {
  vendor: VENDOR,

  request(config, digest, { now, idempotencyKey }) {
    const { rendered, shown } = fitMilestones(
      digest.milestones.length,
      (n) => text(digest, n),
      (t) => utf8Bytes(t) <= DINGTALK_MAX_TEXT_BYTES,
      VENDOR,
    );
    const body = {
      msgtype: 'markdown',
      markdown: { title: digest.title, text: rendered },
      // DingTalk drops a second message with the same msgUuid (DT): a retry cannot post twice.
      ...(idempotencyKey === undefined ? {} : { msgUuid: idempotencyKey }),
    };
    const url = config.secret
      ? signedDingtalkUrl(config.webhookUrl, config.secret, now.getTime())
      : config.webhookUrl;
    return { url, body: JSON.stringify(body), shown };
  },

  // Success is `{"errcode":0,"errmsg":"ok"}`; refusals carry a non-zero errcode.
  check: (response) =>
    codeResponseError(VENDOR, response, (json) => ({ code: json.errcode, message: json.errmsg }), RULES),
};
