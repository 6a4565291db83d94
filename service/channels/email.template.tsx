import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { ACCENT, INK, LINE, MUTED, PAPER, TONES, TRACK } from '../render/charts/palette';
import type { Digest } from './digest';
import { fitMilestones, truncate, utf8Bytes } from './text';

/**
 * The update email: an HTML part and a text part with the same content. The HTML follows what mail
 * clients render (channels.md §6): table layout with `role="presentation"` and width attributes for
 * Outlook's Word engine, inline styles for Gmail, no images, no script; JSX escapes every text. Colours
 * are the client page's, so a health looks the same in both.
 */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** Milestones shown; the rest are counted in a "…and N more" line. */
  shown: number;
}

/** Gmail clips an HTML part over ~102 KB, hiding the end of the message (and its link) behind "View entire message". */
export const EMAIL_MAX_HTML_BYTES = 100_000;
/** Long subjects are cut by every client; the project and the start of the headline are what count. */
const SUBJECT_MAX = 150;

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function EmailHtml({ digest, shown }: { digest: Digest; shown: number }): VNode {
  const total = digest.milestones.length;
  const filled = Math.round(Math.min(1, Math.max(0, digest.ratio)) * 100);
  const note = total === 0 ? digest.noMilestones : shown < total ? digest.more(total - shown) : undefined;
  return (
    <html lang={digest.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{digest.title}</title>
      </head>
      <body style={`margin:0;padding:0;background:${TRACK};${FONT};color:${INK}`}>
        <table role="presentation" width="100%" cellPadding="0" cellSpacing="0">
          <tr>
            <td align="center" style="padding:24px 12px">
              <table
                role="presentation"
                width="600"
                cellPadding="0"
                cellSpacing="0"

                style={`background:${PAPER};border:1px solid ${LINE};border-radius:8px`}
              >
                <tr>
                  <td style="padding:28px 32px 8px 32px">
                    <p style={`margin:0 0 4px 0;font-size:13px;color:${MUTED}`}>{digest.projectName}</p>
                    <h1 style="margin:0 0 12px 0;font-size:22px;line-height:1.3">{digest.headline}</h1>
                    <p style={`margin:0 0 16px 0;font-size:15px;color:${MUTED}`}>{digest.intro}</p>
                    <p style="margin:0 0 8px 0;font-size:15px;font-weight:600">{digest.progress}</p>
                    <table role="presentation" width="100%" cellPadding="0" cellSpacing="0">
                      <tr>
                        {filled > 0 && (
                          <td
                            width={`${filled}%`}
                            height="10"
                            style={`background:${TONES.on_track.solid};font-size:0;line-height:0`}
                          >
                            &nbsp;
                          </td>
                        )}
                        {filled < 100 && (
                          <td
                            width={`${100 - filled}%`}
                            height="10"
                            style={`background:${TRACK};font-size:0;line-height:0`}
                          >
                            &nbsp;
                          </td>
                        )}
                      </tr>
                    </table>
                  </td>
                </tr>
                <tr>
                  <td style="padding:16px 32px 8px 32px">
                    <h2 style="margin:0 0 8px 0;font-size:16px">{digest.milestonesHeading}</h2>
                    <table role="presentation" width="100%" cellPadding="0" cellSpacing="0">
                      {digest.milestones.slice(0, shown).map((m, i) => (
                        <tr key={i}>
                          <td style={`padding:8px 0;border-top:1px solid ${LINE};font-size:15px`}>
                            {m.name}
                          </td>
                          <td align="right" style={`padding:8px 0;border-top:1px solid ${LINE}`}>
                            <span
                              style={`display:inline-block;padding:2px 8px;border-radius:10px;font-size:13px;font-weight:600;color:${TONES[m.health].text};background:${TONES[m.health].soft}`}
                            >
                              {m.word}
                            </span>
                          </td>
                        </tr>
                      ))}
                    </table>
                    {note && <p style={`margin:8px 0 0 0;font-size:14px;color:${MUTED}`}>{note}</p>}
                  </td>
                </tr>
                <tr>
                  <td style="padding:16px 32px 28px 32px">
                    <p style="margin:0 0 16px 0;font-size:15px">{digest.details}</p>
                    <a
                      href={digest.shareUrl}
                      style={`display:inline-block;padding:12px 20px;border-radius:6px;background:${ACCENT};color:${PAPER};font-size:15px;font-weight:600;text-decoration:none`}
                    >
                      {digest.linkLabel}
                    </a>
                    <p style={`margin:16px 0 0 0;font-size:13px;color:${MUTED};word-break:break-all`}>
                      <a href={digest.shareUrl} style={`color:${ACCENT}`}>
                        {digest.shareUrl}
                      </a>
                    </p>
                  </td>
                </tr>
              </table>
              <p style={`margin:16px 0 0 0;max-width:600px;font-size:12px;color:${MUTED}`}>{digest.footer}</p>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

function emailText(digest: Digest, shown: number): string {
  const total = digest.milestones.length;
  const note = total === 0 ? digest.noMilestones : shown < total ? digest.more(total - shown) : undefined;
  return [
    digest.title,
    '',
    digest.headline,
    '',
    digest.intro,
    digest.progress,
    '',
    digest.milestonesHeading,
    ...digest.milestones.slice(0, shown).map((m) => `- ${digest.milestoneLine(m.name, m.word)}`),
    ...(note ? [note] : []),
    '',
    digest.details,
    digest.linkLabel,
    digest.shareUrl,
    '',
    '-- ',
    digest.footer,
    '',
  ].join('\n');
}

export function renderEmail(digest: Digest): RenderedEmail {
  const { rendered: html, shown } = fitMilestones(
    digest.milestones.length,
    (n) => `<!doctype html>${render(<EmailHtml digest={digest} shown={n} />)}`,
    (h) => utf8Bytes(h) <= EMAIL_MAX_HTML_BYTES,
    'email',
  );
  const subject = truncate(digest.subject, SUBJECT_MAX);
  return { subject, html, text: emailText(digest, shown), shown };
}
