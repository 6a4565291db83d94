import { ChannelError } from './channel-error';

/**
 * Text helpers shared by the channels: cutting text without breaking a character, fitting as many
 * milestones as a vendor's size limit allows, and keeping the PM's and the tool's words from being read
 * as markup by the vendor.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const ELLIPSIS = '…';

/**
 * One line of at most `max` user-perceived characters (and at most 4×max UTF-16 units, so a string of
 * stacked combining marks stays small too), ending with "…" when cut. Cuts only between graphemes, so
 * an emoji, a flag or an accented letter is never split into invalid or different characters. Line breaks
 * become spaces: a name cannot start a heading or a quote of its own. No-break spaces stay (French
 * typography puts them before `:` and `%`).
 */
export function truncate(text: string, max: number): string {
  const line = text.replace(/[^\S\u00a0\u202f]+/g, ' ').trim();
  const maxUnits = max * 4;
  if (line.length <= max) return line;
  let out = '';
  let count = 0;
  for (const { segment } of graphemes.segment(line)) {
    if (count + 1 > max - 1 || out.length + segment.length > maxUnits - 1) return out.trimEnd() + ELLIPSIS;
    out += segment;
    count += 1;
  }
  return out;
}

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * The largest number of milestones, in order, whose rendering still fits: `render(shown)` must only grow
 * with `shown`. Binary search, so a project with hundreds of milestones costs a handful of renders.
 * Every text is capped before, so showing no milestone at all always fits; if it does not, the message
 * cannot be sent and saying so beats sending a cut-off card.
 */
export function fitMilestones<T>(
  total: number,
  render: (shown: number) => T,
  fits: (rendered: T) => boolean,
  vendor: string,
): { rendered: T; shown: number } {
  const all = render(total);
  if (fits(all)) return { rendered: all, shown: total };
  let low = 0;
  let high = total - 1;
  let best: { rendered: T; shown: number } | undefined;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const rendered = render(mid);
    if (fits(rendered)) {
      best = { rendered, shown: mid };
      low = mid + 1;
    } else high = mid - 1;
  }
  if (!best) throw new ChannelError('too_large', `The message is over ${vendor}’s size limit.`);
  return best;
}

/**
 * WeCom, DingTalk and Feishu markdown and Adaptive Card text document no escape syntax, so the characters
 * that start markup there are replaced by their full-width look-alikes: `[` `]` (links, images), `<` `>`
 * (`<font>`, `<at>`, `<@userid>` mentions), `*` and a backtick (bold and code, which would also unbalance the
 * bold we put around health words) and `#` (headings). A milestone named `[x](https://…)` or `<@all>`
 * then reads as text and adds no link and no mention. `_` and `~` stay: at worst they italicise a word.
 */
const MARKUP_LOOKALIKES: Record<string, string> = {
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '*': '＊',
  '`': '｀',
  '#': '＃',
};

export function plainMarkdown(text: string): string {
  return text.replace(/[[\]<>*`#]/g, (c) => MARKUP_LOOKALIKES[c] ?? c);
}

/** Slack's documented escaping for mrkdwn (api.slack.com/reference/surfaces/formatting#escaping). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const URL_BREAKERS: Record<string, string> = {
  '(': '%28',
  ')': '%29',
  ' ': '%20',
  '<': '%3C',
  '>': '%3E',
  '|': '%7C',
};

/** A URL inside `[label](url)` or Slack's `<url|label>`: these characters would end it early. */
export function safeUrl(url: string): string {
  return url.replace(/[() <>|]/g, (c) => URL_BREAKERS[c] ?? c);
}
