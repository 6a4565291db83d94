import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import type { ChannelMessage } from '../../service/channels/channel';
import { ChannelError } from '../../service/channels/channel';

/** Helpers shared by the `channels.*.test.ts` files (not a test file itself). */

export type Json = Record<string, unknown>;

export function fixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(`../fixtures/channels/${name}`, import.meta.url), 'utf8')) as Json;
}

/** 10 March 2026, 10:00 UTC: the fixed clock of every signature test. */
export const NOW = new Date('2026-03-10T10:00:00.000Z');

export const message = (overrides: Partial<ChannelMessage> = {}): ChannelMessage => ({
  projectName: 'Atlas',
  headline: 'Design signed off; build under way',
  progress: 0.62,
  milestones: [
    { name: 'Design', health: 'on_track' },
    { name: 'Build', health: 'at_risk' },
    { name: 'Launch', health: 'late' },
  ],
  shareUrl: 'https://app.example.com/s/abc123',
  locale: 'en',
  ...overrides,
});

/** `count` milestones with long names, to push a message over a vendor's limit. */
export function manyMilestones(
  count: number,
  name = 'Milestone with a rather long name to fill the space',
): ChannelMessage['milestones'] {
  return Array.from({ length: count }, (_, i) => ({ name: `${name} ${i + 1}`, health: 'on_track' as const }));
}

/** Words each locale must show for `message()`: proof that the text is translated, not English fallback. */
export const LOCALE_WORDS = {
  en: { progress: 'Overall progress: 62%', atRisk: 'At risk', link: 'Open the client page' },
  'zh-CN': { progress: '整体进度：62%', atRisk: '存在风险', link: '打开客户页面' },
  fr: { progress: 'Avancement global\u00a0: 62\u00a0%', atRisk: 'À risque', link: 'Ouvrir la page client' },
} as const;

/** Awaits a promise that must reject with a ChannelError, and returns that error. */
export async function channelRejection(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelError);
    return error as ChannelError;
  }
  throw new Error('expected a ChannelError');
}

/**
 * The structure of a JSON value: object keys with the shape of their values, the distinct shapes of an
 * array's elements, `typeof` for primitives, and the literal value of the keys that name a kind of thing
 * (`type`, `tag`, `msgtype`, …), so two payloads have the same shape when a vendor would parse them the
 * same way whatever their texts.
 */
const KIND_KEYS = new Set([
  'type',
  'tag',
  'msgtype',
  'msg_type',
  'contentType',
  'version',
  'schema',
  '$schema',
]);

export function shapeOf(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const shapes = new Map<string, unknown>();
    for (const item of value) {
      const shape = shapeOf(item);
      shapes.set(JSON.stringify(shape), shape);
    }
    return [...shapes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, shape]) => shape);
  }
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shapeOf((value as Json)[k], k)]),
    );
  if (KIND_KEYS.has(key)) return value;
  return value === null ? 'null' : typeof value;
}

/** nock with real sockets refused; `restoreAllMocks` undoes DNS spies. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.disableNetConnect();
    vi.restoreAllMocks();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

/** A nock body matcher that keeps what was posted. */
export function capture(): { match: (body: unknown) => boolean; body: () => Json } {
  let seen: Json | undefined;
  return {
    match: (body) => {
      seen = body as Json;
      return true;
    },
    body: () => {
      if (!seen) throw new Error('nothing was posted');
      return seen;
    },
  };
}
