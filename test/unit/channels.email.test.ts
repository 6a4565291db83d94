import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { deliver, type ChannelConfig, type MailDeps } from '../../service/channels/channel';
import { EMAIL_MAX_HTML_BYTES } from '../../service/channels/email.template';
import { LOCALE_WORDS, channelRejection, manyMilestones, message } from './channels.helpers';

/**
 * Email against a real SMTP listener (smtp-server) on 127.0.0.1: what a mail server receives is parsed
 * back with mailparser, so the assertions are about the wire format, not nodemailer's options.
 */

interface Received {
  envelopeTo: string[];
  mail: ParsedMail;
}

const FROM = '"ClientLens" <updates@clientlens.example.com>';
let server: SMTPServer;
let port: number;
const received: Received[] = [];
/** Addresses the server refuses at RCPT TO, with the reply code. */
const refuse = new Map<string, number>();

function errorWithCode(text: string, responseCode: number): Error {
  return Object.assign(new Error(text), { responseCode });
}

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = refuse.get(address.address);
      callback(code ? errorWithCode(code >= 500 ? 'No such user' : 'Try again later', code) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  refuse.clear();
});

function mailDeps(toPort = port): MailDeps {
  return {
    transport: createTransport({
      host: '127.0.0.1',
      port: toPort,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 2_000,
    }),
    from: FROM,
  };
}

const deps = () => ({ allowPrivate: false, mail: mailDeps() });

const channel: ChannelConfig = {
  type: 'email',
  recipients: [
    { address: 'ana@client.example.com', name: 'Ana Pereira', locale: 'en' },
    { address: 'li@client.example.cn', locale: 'zh-CN' },
    { address: 'chloe@client.example.fr', locale: 'fr' },
  ],
};

const byRecipient = (address: string): ParsedMail => {
  const found = received.find((r) => r.envelopeTo.includes(address));
  if (!found) throw new Error(`no email to ${address}`);
  return found.mail;
};

describe('email over SMTP', () => {
  test('one email per recipient, each in their language, HTML and text parts, with the link', async () => {
    const result = await deliver(channel, message(), deps());
    expect(result).toEqual({ type: 'email', sent: 3, confirmed: true, milestonesOmitted: 0 });
    expect(received.map((r) => r.envelopeTo)).toEqual([
      ['ana@client.example.com'],
      ['li@client.example.cn'],
      ['chloe@client.example.fr'],
    ]);

    const en = byRecipient('ana@client.example.com');
    expect(en.subject).toBe('Atlas: Design signed off; build under way');
    expect(en.from?.text).toBe('"ClientLens" <updates@clientlens.example.com>');
    expect(en.to && !Array.isArray(en.to) ? en.to.text : '').toBe('"Ana Pereira" <ana@client.example.com>');
    expect(en.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.text).toContain('Overall progress: 62%');
    expect(en.text).toContain('- Build: At risk');
    expect(en.text).toContain('https://app.example.com/s/abc123');
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('href="https://app.example.com/s/abc123"');
    expect(en.html).toContain('Open the client page');
  });

  test.each([
    { address: 'ana@client.example.com', locale: 'en', subject: 'Atlas: Design signed off; build under way' },
    {
      address: 'li@client.example.cn',
      locale: 'zh-CN',
      subject: 'Atlas：Design signed off; build under way',
    },
    {
      address: 'chloe@client.example.fr',
      locale: 'fr',
      subject: 'Atlas\u00a0: Design signed off; build under way',
    },
  ] as const)('$locale: subject, words and Content-Language', async ({ address, locale, subject }) => {
    await deliver(channel, message(), deps());
    const mail = byRecipient(address);
    const words = LOCALE_WORDS[locale];
    expect(mail.subject).toBe(subject);
    expect(mail.headers.get('content-language')).toBe(locale);
    expect(mail.html).toContain(`<html lang="${locale}">`);
    for (const part of [mail.text ?? '', mail.html || '']) {
      expect(part).toContain(words.progress);
      expect(part).toContain(words.atRisk);
      expect(part).toContain(words.link);
    }
  });

  test('HTML escapes the PM’s and the tool’s words', async () => {
    await deliver(
      { type: 'email', recipients: [{ address: 'ana@client.example.com', locale: 'en' }] },
      message({
        headline: '<script>alert(1)</script> & more',
        milestones: [{ name: '<img src=x onerror=alert(1)>', health: 'late' }],
      }),
      deps(),
    );
    const html = byRecipient('ana@client.example.com').html || '';
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script>alert(1)&lt;/script> &amp; more');
  });

  test('the idempotency key gives the same Message-ID on every attempt', async () => {
    const one: ChannelConfig = {
      type: 'email',
      recipients: [{ address: 'ana@client.example.com', locale: 'en' }],
    };
    await deliver(one, message({ idempotencyKey: 'update-42.channel-7' }), deps());
    await deliver(one, message({ idempotencyKey: 'update-42.channel-7' }), deps());
    const [first, second] = received.map((r) => r.mail.messageId);
    expect(first).toMatch(/^<update-42\.channel-7\.[0-9a-f]{16}@clientlens\.example\.com>$/);
    expect(second).toBe(first);
  });

  test('a long milestone list is cut to keep the HTML under Gmail’s clipping size', async () => {
    const one: ChannelConfig = {
      type: 'email',
      recipients: [{ address: 'ana@client.example.com', locale: 'en' }],
    };
    const result = await deliver(one, message({ milestones: manyMilestones(1000) }), deps());
    const mail = byRecipient('ana@client.example.com');
    expect(Buffer.byteLength(mail.html || '', 'utf8')).toBeLessThanOrEqual(EMAIL_MAX_HTML_BYTES);
    expect(result.milestonesOmitted).toBeGreaterThan(0);
    const more = `…and ${result.milestonesOmitted} more milestones on the client page.`;
    expect(mail.text).toContain(more);
    expect(mail.html).toContain(more);
    // The link comes after the list, so it must survive.
    expect(mail.html).toContain('href="https://app.example.com/s/abc123"');
  });
});

describe('email failures', () => {
  test('the SMTP server is down → network_error, retryable, every recipient pending', async () => {
    const closed = await freePort();
    const error = await channelRejection(
      deliver(channel, message(), { allowPrivate: false, mail: mailDeps(closed) }),
    );
    expect([error.code, error.retryable]).toEqual(['network_error', true]);
    expect(error.pendingRecipients).toEqual([
      'ana@client.example.com',
      'li@client.example.cn',
      'chloe@client.example.fr',
    ]);
  });

  test('a permanently refused address (550) fails alone and for good; the others are sent', async () => {
    refuse.set('li@client.example.cn', 550);
    const error = await channelRejection(deliver(channel, message(), deps()));
    expect([error.code, error.retryable, error.status]).toEqual(['rejected', false, 550]);
    expect(error.message).toContain('1 of 3 emails not sent');
    expect(error.message).toContain('li@client.example.cn');
    expect(error.pendingRecipients).toBeUndefined();
    expect(received.map((r) => r.envelopeTo[0])).toEqual([
      'ana@client.example.com',
      'chloe@client.example.fr',
    ]);
  });

  test('a deferred address (451) is retryable, and only it is pending', async () => {
    refuse.set('chloe@client.example.fr', 451);
    const error = await channelRejection(deliver(channel, message(), deps()));
    expect([error.code, error.retryable, error.status]).toEqual(['unavailable', true, 451]);
    expect(error.pendingRecipients).toEqual(['chloe@client.example.fr']);
    expect(received).toHaveLength(2);
  });

  test('no SMTP transport configured → not_configured, not retryable', async () => {
    const error = await channelRejection(deliver(channel, message(), { allowPrivate: false }));
    expect([error.code, error.retryable]).toEqual(['not_configured', false]);
  });
});

/** A port with nothing listening: bind, read the port, close. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}
