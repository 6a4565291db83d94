import type { TeamsChannelConfig, WebhookChannel } from './channel';
import type { Digest } from './digest';
import { fitMilestones, plainMarkdown, safeUrl, utf8Bytes } from './text';
import { statusError } from './webhook.http';

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook: "When a Teams webhook request is
 * received" → post the card. The body is the envelope of msteams-docs
 * `webhooks-and-connectors/how-to/connectors-using.md`: a `message` whose attachment is an Adaptive Card.
 * Version 1.4: Teams supports up to 1.5, but whether "Post card" accepts 1.5 is not documented.
 */
const VENDOR = 'Microsoft Teams';

/** A post of more than ≈28 KB is refused with "Request Entity Too Large" (learn.microsoft.com Connectors/teams). */
export const TEAMS_MAX_BODY_BYTES = 28_000;

function adaptiveCard(digest: Digest, shown: number): Record<string, unknown> {
  const total = digest.milestones.length;
  const text = (value: string, extra: Record<string, unknown> = {}) => ({
    type: 'TextBlock',
    text: plainMarkdown(value),
    wrap: true,
    ...extra,
  });
  const body: Record<string, unknown>[] = [
    text(digest.title, { weight: 'Bolder', size: 'Medium' }),
    text(digest.headline),
    text(digest.progress),
  ];
  if (shown > 0)
    body.push({
      type: 'FactSet',
      facts: digest.milestones
        .slice(0, shown)
        .map((m) => ({ title: plainMarkdown(m.name), value: plainMarkdown(m.word) })),
    });
  const note = total === 0 ? digest.noMilestones : shown < total ? digest.more(total - shown) : undefined;
  if (note) body.push(text(note, { isSubtle: true }));
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    actions: [{ type: 'Action.OpenUrl', title: digest.linkLabel, url: safeUrl(digest.shareUrl) }],
  };
}

export const teamsChannel: WebhookChannel<TeamsChannelConfig> = {
  vendor: VENDOR,

  request(config, digest) {
    const { rendered, shown } = fitMilestones(
      digest.milestones.length,
      (n) =>
        JSON.stringify({
          type: 'message',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              contentUrl: null,
              content: adaptiveCard(digest, n),
            },
          ],
        }),
      (body) => utf8Bytes(body) <= TEAMS_MAX_BODY_BYTES,
      VENDOR,
    );
    return { url: config.webhookUrl, body: rendered, shown };
  },

  // Workflows answer 202 with an empty body: accepted and posted later (the flow's run history tells).
  check: (response) => statusError(VENDOR, response),
};
