import { createHash } from 'node:crypto';
import type { Locale } from '../domain/model';
import type { ChannelMessage, DeliverDeps, DeliveryResult, EmailChannelConfig } from './channel';
import { ChannelError, type ChannelErrorCode } from './channel-error';
import { buildDigest } from './digest';
import { renderEmail, type RenderedEmail } from './email.template';

/**
 * Email through the operator's SMTP server (nodemailer). One message per recipient, in that recipient's
 * language: nobody sees the other contacts' addresses, and a refused address fails alone. With both `text`
 * and `html`, nodemailer sends `multipart/alternative` (channels.md §6).
 */

/** Errors about one address; any other error (connection, login, protocol) would fail every recipient. */
const PER_RECIPIENT_COMMANDS = new Set(['RCPT TO']);

interface SmtpFailure {
  address: string;
  error: ChannelError;
}

export async function sendEmail(
  config: EmailChannelConfig,
  message: ChannelMessage,
  deps: DeliverDeps,
): Promise<DeliveryResult> {
  const mail = deps.mail;
  if (!mail)
    throw new ChannelError(
      'not_configured',
      'Email is not set up on this server: no SMTP transport was given.',
    );
  const byLocale = new Map<Locale, RenderedEmail>();
  const render = (locale: Locale): RenderedEmail => {
    let email = byLocale.get(locale);
    if (!email) {
      const shareUrl = message.linkLanguage ? withLanguage(message.shareUrl, locale) : message.shareUrl;
      email = renderEmail(buildDigest({ ...message, shareUrl }, locale));
      byLocale.set(locale, email);
    }
    return email;
  };

  const failures: SmtpFailure[] = [];
  let untried: string[] = [];
  let sent = 0;
  let omitted = 0;
  for (const [index, recipient] of config.recipients.entries()) {
    if (deps.signal?.aborted) {
      untried = config.recipients.slice(index).map((r) => r.address);
      failures.push({
        address: recipient.address,
        error: new ChannelError('network_error', 'Sending the emails was cancelled.'),
      });
      break;
    }
    const email = render(recipient.locale);
    omitted = Math.max(omitted, message.milestones.length - email.shown);
    try {
      await mail.transport.sendMail({
        from: mail.from,
        to: recipient.name ? { name: recipient.name, address: recipient.address } : recipient.address,
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: { 'Content-Language': recipient.locale },
        ...(message.idempotencyKey === undefined
          ? {}
          : { messageId: messageId(message.idempotencyKey, recipient.address, mail.from) }),
      });
      sent += 1;
    } catch (error) {
      failures.push({ address: recipient.address, error: smtpError(error, recipient.address) });
      const command = (error as { command?: string }).command;
      if (!command || !PER_RECIPIENT_COMMANDS.has(command)) {
        // The server, not this address, is the problem: the others would fail the same way.
        untried = config.recipients.slice(index + 1).map((r) => r.address);
        break;
      }
    }
  }
  if (failures.length === 0) return { type: 'email', sent, confirmed: true, milestonesOmitted: omitted };
  throw summarize(failures, untried, config.recipients.length);
}

/**
 * One error for the whole channel. Retryable when any recipient is worth retrying; `pendingRecipients`
 * then lists exactly those (plus the ones not tried), so a retry can narrow the recipients and nobody gets
 * the email twice.
 */
function summarize(failures: SmtpFailure[], untried: string[], total: number): ChannelError {
  const first = failures[0] as SmtpFailure;
  const retryable = failures.filter((f) => f.error.retryable);
  const lead = retryable[0] ?? first;
  const pending = retryable.length > 0 ? [...retryable.map((f) => f.address), ...untried] : [];
  const notSent = failures.length + untried.length;
  const prefix = total > 1 ? `${notSent} of ${total} emails not sent. ` : '';
  return new ChannelError(lead.error.code, `${prefix}${lead.error.message}`, {
    status: lead.error.status,
    retryAfterMs: lead.error.retryAfterMs,
    pendingRecipients: pending.length > 0 ? pending : undefined,
  });
}

/** nodemailer's error (`code`, `responseCode`, `response`, `command`) as a ChannelError. */
export function smtpError(error: unknown, address: string): ChannelError {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const reply = typeof e.response === 'string' ? `: ${e.response.slice(0, 200)}` : '';
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const make = (code: ChannelErrorCode, what: string) =>
    new ChannelError(code, `The mail server ${what}${reply}.`, { status });
  // RFC 5321 §4.2.1: 4yz is transient (try again later), 5yz permanent.
  if (e.code === 'EAUTH')
    return status !== undefined && status < 500
      ? make('unavailable', 'could not log in for now')
      : make('auth_failed', 'refused the SMTP login');
  if (status !== undefined && status >= 500) return make('rejected', `refused the email to ${address}`);
  if (status !== undefined && status >= 400) return make('unavailable', `deferred the email to ${address}`);
  if (e.code === 'ETIMEDOUT') return make('timeout', 'did not answer in time');
  if (e.code === 'EENVELOPE') return make('rejected', `cannot send to ${address}`);
  if (e.code === 'EMESSAGE') return make('rejected', 'could not build the email');
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'EDNS')
    return make('network_error', 'could not be reached');
  return make('unavailable', `failed (${e.code ?? e.message ?? 'unknown error'})`);
}

/**
 * The same Message-ID on every attempt for one recipient, so a retry after a lost answer shows as a
 * duplicate (threads and dedupes) instead of a second email. The right-hand side is the sender's domain.
 */
function messageId(key: string, address: string, from: string): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? 'clientlens.invalid';
  const who = createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 16);
  return `<${key}.${who}@${domain}>`;
}

/** The client page in the reader's language (the share page reads `?lang=`). */
function withLanguage(url: string, locale: Locale): string {
  const parsed = new URL(url);
  parsed.searchParams.set('lang', locale);
  return parsed.toString();
}
