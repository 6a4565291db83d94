import { describe, expect, test } from 'vitest';
import {
  applyFeedbackPatch,
  readFeedbackForm,
  responseTargetHoursOf,
  validateFeedback,
  type FeedbackAnswerState,
  type FeedbackFormValues,
} from '../../service/domain/feedback';

const M1 = '0193a000-0000-7000-8000-000000000001';
const context = { milestoneIds: new Set([M1]), canRate: true };
const form = (values: Partial<FeedbackFormValues>): FeedbackFormValues => ({
  kind: 'question',
  body: 'When does checkout open?',
  name: 'Ana',
  email: '',
  rating: '',
  milestoneId: '',
  ...values,
});

describe('readFeedbackForm', () => {
  test('strings only: a repeated field counts once, anything else is empty', () => {
    const read = readFeedbackForm({
      kind: ['comment', 'question'],
      body: 'Hi',
      name: { nested: true },
      formToken: 'abc',
      website: '',
    });
    expect(read.values).toEqual({
      kind: 'comment',
      body: 'Hi',
      name: '',
      email: '',
      rating: '',
      milestoneId: '',
    });
    expect(read.formToken).toBe('abc');
    expect(read.honeypot).toBe(false);
  });

  test.each([
    ['http://spam.example', true],
    ['   ', false],
    ['', false],
  ])('honeypot %j → filled %s', (website, filled) => {
    expect(readFeedbackForm({ website }).honeypot).toBe(filled);
  });
});

describe('validateFeedback', () => {
  test.each([
    ['a question', {}, {}],
    ['a question without text', { body: '  ' }, { body: 'required' }],
    ['a comment without text', { kind: 'comment', body: '' }, { body: 'required' }],
    ['a change request without text', { kind: 'change_request', body: '' }, { body: 'required' }],
    ['an approval without text', { kind: 'approval', body: '', milestoneId: M1 }, {}],
    ['an approval without a milestone', { kind: 'approval', body: '' }, { milestoneId: 'required' }],
    [
      'an approval of another project’s milestone',
      { kind: 'approval', milestoneId: 'x' },
      { milestoneId: 'invalid' },
    ],
    ['a change request about no milestone in particular', { kind: 'change_request' }, {}],
    ['a rating without a comment', { kind: 'rating', body: '', rating: '4' }, {}],
    ['a rating without stars', { kind: 'rating', body: '' }, { rating: 'required' }],
    ['a rating of 6', { kind: 'rating', rating: '6' }, { rating: 'invalid' }],
    ['a rating of 2.5', { kind: 'rating', rating: '2.5' }, { rating: 'invalid' }],
    ['an unknown kind', { kind: 'praise' }, { kind: 'invalid' }],
    ['4 000 characters', { body: 'x'.repeat(4000) }, {}],
    ['4 001 characters', { body: 'x'.repeat(4001) }, { body: 'too_long' }],
    ['4 000 characters with CRLF line breaks', { body: 'x\r\n'.repeat(2000) }, {}],
    ['4 000 Chinese characters', { body: '进'.repeat(4000) }, {}],
    ['no name', { name: ' \n ' }, { name: 'required' }],
    ['a 100-character name', { name: 'n'.repeat(100) }, {}],
    ['a 101-character name', { name: 'n'.repeat(101) }, { name: 'too_long' }],
    ['a valid email', { email: ' ana@example.com ' }, {}],
    ['an invalid email', { email: 'ana@' }, { email: 'invalid' }],
    ['an email of 255 characters', { email: `${'a'.repeat(243)}@example.com` }, { email: 'invalid' }],
    [
      'everything wrong',
      { kind: 'rating', body: 'x'.repeat(4001), name: '', email: 'no', rating: '' },
      {
        body: 'too_long',
        name: 'required',
        email: 'invalid',
        rating: 'required',
      },
    ],
  ] as const)('%s', (_what, values, errors) => {
    const result = validateFeedback(form(values), context);
    if (Object.keys(errors).length === 0) expect(result).toMatchObject({ ok: true });
    else expect(result).toEqual({ ok: false, errors });
  });

  test('no published update: nothing to rate', () => {
    expect(validateFeedback(form({ kind: 'rating', rating: '5' }), { ...context, canRate: false })).toEqual({
      ok: false,
      errors: { kind: 'invalid' },
    });
  });

  test('a submission is trimmed, empty optional text is null, fields of other kinds are dropped', () => {
    const result = validateFeedback(
      form({ body: '  Line 1\r\nLine 2  ', name: ' Ana   Lima ', email: '', rating: '3', milestoneId: M1 }),
      context,
    );
    expect(result).toEqual({
      ok: true,
      submission: {
        kind: 'question',
        body: 'Line 1\nLine 2',
        authorName: 'Ana Lima',
        authorEmail: null,
        rating: null,
        milestoneId: null,
      },
    });
    const rating = validateFeedback(form({ kind: 'rating', body: '', rating: '5' }), context);
    expect(rating).toMatchObject({ ok: true, submission: { body: null, rating: 5 } });
  });
});

describe('applyFeedbackPatch', () => {
  const now = new Date('2026-03-12T10:00:00Z');
  const earlier = new Date('2026-03-11T09:00:00Z');
  const open: FeedbackAnswerState = { status: 'open', reply: null, answeredAt: null };
  const answered: FeedbackAnswerState = { status: 'answered', reply: 'Friday.', answeredAt: earlier };

  test.each([
    [
      'a reply answers',
      open,
      { reply: 'Friday.' },
      { status: 'answered', reply: 'Friday.', answeredAt: now },
      true,
    ],
    [
      'a reply with a status keeps that status',
      open,
      { reply: 'Noted.', status: 'closed' },
      { status: 'closed', reply: 'Noted.', answeredAt: now },
      false,
    ],
    [
      'closing without a reply',
      open,
      { status: 'closed' },
      { status: 'closed', reply: null, answeredAt: null },
      false,
    ],
    [
      'a new wording keeps the first answer time',
      answered,
      { reply: 'Friday morning.' },
      { status: 'answered', reply: 'Friday morning.', answeredAt: earlier },
      true,
    ],
    ['the same reply again announces nothing', answered, { reply: 'Friday.' }, { ...answered }, false],
    [
      'removing the reply reopens it',
      answered,
      { reply: null },
      { status: 'open', reply: null, answeredAt: null },
      false,
    ],
    [
      'reopening keeps the reply',
      answered,
      { status: 'open' },
      { status: 'open', reply: 'Friday.', answeredAt: earlier },
      false,
    ],
    [
      'answered again after reopening',
      { ...answered, status: 'open' },
      { status: 'answered' },
      { ...answered },
      true,
    ],
  ] as const)('%s', (_what, current, patch, next, announced) => {
    expect(applyFeedbackPatch(current, patch, now)).toEqual({ ok: true, next, answered: announced });
  });

  test.each([
    [open, { status: 'answered' }],
    [answered, { reply: null, status: 'answered' }],
  ] as const)('answered without a reply is refused', (current, patch) => {
    expect(applyFeedbackPatch(current, patch, now)).toEqual({ ok: false, code: 'reply_required' });
  });
});

describe('responseTargetHoursOf', () => {
  test.each([
    [{}, 24],
    [{ responseTargetHours: 4 }, 4],
    [{ responseTargetHours: 0 }, 24],
    [{ responseTargetHours: 721 }, 24],
    [{ responseTargetHours: '8' }, 24],
    [{ responseTargetHours: 2.5 }, 24],
  ])('%j → %i', (settings, hours) => {
    expect(responseTargetHoursOf(settings)).toBe(hours);
  });
});
