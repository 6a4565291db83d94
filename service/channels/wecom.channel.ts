import type { Health } from '../domain/summary/types';
import type { WebhookChannel, WecomChannelConfig } from './channel';
import type { Digest } from './digest';
import { fitMilestones, plainMarkdown, safeUrl, utf8Bytes } from './text';
import { codeResponseError, DEFAULT_RATE_LIMIT_WAIT_MS, type VendorCodeRule } from './webhook.http';

/**
 * WeCom (企业微信) group robot, `markdown` message (developer.work.weixin.qq.com/document/path/91770):
 * `POST …/cgi-bin/webhook/send?key=KEY` with `{msgtype, markdown: {content}}`. The key in the URL is the
 * only credential. `markdown` rather than `markdown_v2` because only it has colours, and v2 shows as plain
 * text on clients older than 4.1.36.
 */
const VENDOR = 'WeCom';

/** `markdown.content` is at most 4096 bytes of UTF-8 (91770). */
export const WECOM_MAX_CONTENT_BYTES = 4096;

/**
 * The three colours WeCom markdown has are green (`info`), grey (`comment`) and orange-red (`warning`),
 * so "at risk" and "late" share one colour and differ by their words.
 */
const COLOR: Record<Health, 'info' | 'comment' | 'warning'> = {
  done: 'info',
  on_track: 'info',
  at_risk: 'warning',
  late: 'warning',
};

const RULES: Record<number, VendorCodeRule> = {
  // WeCom's global code "系统繁忙" (system busy).
  [-1]: { code: 'unavailable' },
  // Seen for a wrong or revoked key (wes-lin/Cloud189Checkin#175).
  93000: { code: 'webhook_not_found', hint: 'Check the robot’s webhook key.' },
  // WeCom's generic "api freq out of limit"; the robot allows 20 messages a minute (91770).
  45009: { code: 'rate_limited', retryAfterMs: DEFAULT_RATE_LIMIT_WAIT_MS },
};

function content(digest: Digest, shown: number): string {
  const total = digest.milestones.length;
  const lines = [
    `## ${plainMarkdown(digest.title)}`,
    plainMarkdown(digest.headline),
    `**${plainMarkdown(digest.progress)}**`,
    ...digest.milestones
      .slice(0, shown)
      .map(
        (m) =>
          `> ${digest.milestoneLine(plainMarkdown(m.name), `<font color="${COLOR[m.health]}">${plainMarkdown(m.word)}</font>`)}`,
      ),
  ];
  const note = total === 0 ? digest.noMilestones : shown < total ? digest.more(total - shown) : undefined;
  if (note) lines.push(`> <font color="comment">${plainMarkdown(note)}</font>`);
  lines.push(`[${plainMarkdown(digest.linkLabel)}](${safeUrl(digest.shareUrl)})`);
  return lines.join('\n');
}

export const wecomChannel: WebhookChannel<WecomChannelConfig> = {
  vendor: VENDOR,

  request(config, digest) {
    const { rendered, shown } = fitMilestones(
      digest.milestones.length,
      (n) => content(digest, n),
      (text) => utf8Bytes(text) <= WECOM_MAX_CONTENT_BYTES,
      VENDOR,
    );
    return {
      url: config.webhookUrl,
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content: rendered } }),
      shown,
    };
  },

  // Success is `{"errcode":0,"errmsg":"ok"}`; refusals carry a non-zero errcode.
  check: (response) =>
    codeResponseError(VENDOR, response, (json) => ({ code: json.errcode, message: json.errmsg }), RULES),
};
