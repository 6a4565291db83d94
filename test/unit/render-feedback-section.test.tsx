import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { sampleProps } from '../../scripts/render-sample';
import type { FeedbackFormValues } from '../../service/domain/feedback';
import { LOCALES, type Locale } from '../../service/domain/model';
import type { FeedbackSectionProps, ThreadItem } from '../../service/render/pages/feedback-section';
import { renderSharePage } from '../../service/render/pages/share-page';
import { pageStylesCsp } from '../../service/render/pages/styles';
import { pageTranslator } from '../../service/render/page-translators';

const text = (html: string): string =>
  html
    .replace(/<style[^>]*>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ');

/** The section alone, from its heading to the end of its card. */
const section = (html: string): string => {
  const start = html.indexOf('<section class="card" id="feedback"');
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</section>', start) + '</section>'.length);
};

const thread: ThreadItem[] = [
  {
    id: 'f1',
    kind: 'question',
    body: 'Can we see the checkout before launch?\nA demo would help.',
    authorName: 'Ana Lima',
    reply: 'Yes: a preview link follows on Friday.',
    createdAt: new Date('2026-03-09T08:00:00Z'),
    answeredAt: new Date('2026-03-10T09:00:00Z'),
  },
  {
    id: 'f2',
    kind: 'comment',
    body: 'The new home page looks great.',
    authorName: 'Bo Chen',
    reply: 'Thank you!',
    createdAt: new Date('2026-03-06T08:00:00Z'),
    answeredAt: new Date('2026-03-06T10:00:00Z'),
  },
];

const feedback = (change: Partial<FeedbackSectionProps> = {}): FeedbackSectionProps => ({
  action: '/s/TOKEN/feedback?lang=en',
  formToken: 'form-token-1',
  thread,
  milestones: [
    { id: 'm1', name: 'Customer accounts' },
    { id: 'm2', name: 'Payments' },
  ],
  canRate: true,
  state: null,
  ...change,
});

const render = (locale: Locale, change: Partial<FeedbackSectionProps> = {}) =>
  renderSharePage({ ...sampleProps(locale), feedback: feedback({ ...change }) });

const values = (v: Partial<FeedbackFormValues>): FeedbackFormValues => ({
  kind: 'question',
  body: '',
  name: '',
  email: '',
  rating: '',
  milestoneId: '',
  ...v,
});

const HEADINGS: Record<Locale, [string, string]> = {
  en: ['Questions and feedback', 'You asked — we answered'],
  'zh-CN': ['问题与反馈', '您的提问与我们的答复'],
  fr: ['Questions et retours', 'Vous avez demandé — nous avons répondu'],
};

describe('the feedback section of the share page', () => {
  test.each(LOCALES)(
    '%s: heading, answered questions with their replies, the form; a safe document',
    (locale) => {
      const t = pageTranslator(locale);
      const html = render(locale);
      // Still one style block (the CSP's hash), no script, no inline style.
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\sstyle=/i);
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
      expect(`'sha256-${createHash('sha256').update(style).digest('base64')}'`).toBe(pageStylesCsp);

      const part = text(section(html));
      expect(part).not.toMatch(/[{}]/); // every message formatted
      expect(part).not.toMatch(/\bpage\.feedback/);
      const [title, answered] = HEADINGS[locale];
      expect(part).toContain(title);
      expect(part).toContain(answered);
      for (const item of thread) {
        expect(part).toContain(item.authorName);
        expect(part).toContain(item.reply!);
      }
      // The client's message comes first, the answer under it.
      expect(part.indexOf('Can we see the checkout')).toBeLessThan(part.indexOf('a preview link follows'));
      const asked = t.t('page.feedback.asked', {
        kind: 'question',
        name: 'Ana Lima',
        date: t.date('2026-03-09'),
      });
      expect(part).toContain(asked);
      expect(part).toContain(t.t('page.feedback.reply', { date: t.date('2026-03-10') }));
      expect(part).toContain(t.t('page.feedback.submit'));
      for (const kind of ['question', 'comment', 'approval', 'change_request', 'rating'])
        expect(part).toContain(t.t('page.feedback.kind', { kind }));
    },
  );

  test('line breaks a client typed are kept as text, not markup', () => {
    const part = section(render('en'));
    expect(part).toContain('Can we see the checkout before launch?\nA demo would help.');
    expect(part).not.toContain('<br');
  });

  test('the form posts to the link without script, with its token, a trap field and labelled fields', () => {
    const part = section(render('en'));
    expect(part).toMatch(/<form class="fb-form" method="post" action="\/s\/TOKEN\/feedback\?lang=en">/);
    expect(part).toContain('<input type="hidden" name="formToken" value="form-token-1"/>');
    expect(part).toMatch(/<div class="fb-trap" aria-hidden="true"><label for="fb-website">/);
    expect(part).toMatch(
      /<input id="fb-website" name="website" type="text" tabindex="-1" autocomplete="off"/,
    );
    for (const id of ['fb-body', 'fb-name', 'fb-email', 'fb-milestone'])
      expect(part).toContain(`<label class="fb-label" for="${id}">`);
    expect(part).toMatch(/<textarea id="fb-body" name="body" rows="6" maxlength="4000"/);
    expect(part).toMatch(
      /<input class="fb-input" id="fb-name" name="name" type="text" required maxlength="100"/,
    );
    expect(part).toMatch(/id="fb-kind-question" name="kind" value="question" checked\/>/);
    expect(part.match(/ checked[ />]/g)).toHaveLength(1);
    expect(part).not.toContain('role="alert"');
    expect(part).not.toContain('role="status"');
  });

  test('no published update: nothing to rate; no milestones: nothing to approve', () => {
    const part = section(render('en', { canRate: false, milestones: [] }));
    expect(part).not.toContain('value="rating"');
    expect(part).not.toContain('value="approval"');
    expect(part).not.toContain('fb-milestone');
    expect(part).toContain('value="change_request"');
  });

  test('no answered feedback: no thread heading', () => {
    expect(text(section(render('fr', { thread: [] })))).not.toContain('nous avons répondu');
  });

  test.each(LOCALES)('%s: a confirmation after a post, said in the page language', (locale) => {
    const t = pageTranslator(locale);
    const part = section(render(locale, { state: { sent: 'question' } }));
    expect(part).toContain('<div class="notice notice--sent" role="status">');
    expect(text(part)).toContain(t.t('page.feedback.sent', { kind: 'question' }));
    expect(text(part)).not.toContain(t.t('page.feedback.sent', { kind: 'rating' }));
  });

  test.each(LOCALES)('%s: each wrong field is said in words next to it, the text kept', (locale) => {
    const t = pageTranslator(locale);
    const part = section(
      render(locale, {
        state: {
          values: values({
            kind: 'change_request',
            body: 'x'.repeat(10),
            name: '',
            email: 'ana@',
            milestoneId: 'm2',
          }),
          errors: { name: 'required', email: 'invalid' },
        },
      }),
    );
    expect(text(part)).toContain(t.t('page.feedback.errorSummary'));
    expect(part).toContain('role="alert"');
    expect(part).toMatch(/id="fb-name"[^>]*aria-invalid="true" aria-describedby="fb-name-error"/);
    expect(part).toMatch(/<p class="fb-error" id="fb-name-error">/);
    expect(text(part)).toContain(t.t('page.feedback.error.name', { problem: 'required', max: 100 }));
    expect(part).toMatch(
      /id="fb-email"[^>]*aria-invalid="true" aria-describedby="fb-email-hint fb-email-error"/,
    );
    expect(text(part)).toContain(t.t('page.feedback.error.email'));
    expect(part).not.toContain('fb-body-error');
    expect(part).toContain('value="ana@"');
    expect(part).toContain('>xxxxxxxxxx</textarea>');
    expect(part).toMatch(/id="fb-kind-change_request" name="kind" value="change_request" checked\/>/);
    expect(part).toMatch(/<option value="m2" selected>Payments<\/option>/);
  });

  test.each([
    ['forbidden', undefined, 'This message could not be sent from here.'],
    ['rate_limited', 600, 'Please try again in 10 minutes.'],
    ['rate_limited', 30, 'Please try again in 1 minute.'],
  ] as const)('%s is said in words', (problem, retryAfterSeconds, sentence) => {
    const part = text(
      section(render('en', { state: { values: values({}), errors: {}, problem, retryAfterSeconds } })),
    );
    expect(part).toContain(sentence);
  });

  test('clients never see an email or anything about response targets', () => {
    const html = render('en');
    expect(html).not.toMatch(/@example|overdue|late to answer|response target/i);
    for (const locale of LOCALES) {
      const part = text(section(render(locale)));
      expect(part).not.toMatch(/overdue|en retard|逾期|超时/i);
    }
  });

  describe('client text is escaped everywhere', () => {
    const payloads = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      '</textarea><script>x</script>',
    ];
    test.each(payloads)('%s', (payload) => {
      const html = render('en', {
        thread: [{ ...thread[0]!, body: payload, authorName: payload, reply: payload }],
        milestones: [{ id: payload, name: payload }],
        state: {
          values: values({ body: payload, name: payload, email: payload, milestoneId: payload }),
          errors: { email: 'invalid' },
        },
      });
      const part = section(html);
      expect(part).not.toMatch(/<script/i);
      expect(part).not.toMatch(/<img/i);
      expect(part).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      expect(part.match(/<\/textarea>/g)).toHaveLength(1);
      // Body, name and reply in the thread; the body and the milestone's name in the form…
      expect(text(part).split(payload).length - 1).toBeGreaterThanOrEqual(5);
      // …and name, email and milestone id as attribute values, quotes escaped.
      const attribute = payload.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
      expect(part.split(`value="${attribute}"`).length - 1).toBe(3);
    });
  });
});
