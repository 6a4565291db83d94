import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Locale } from '../domain/model';
import type { Summary } from '../domain/summary/types';
import { localizeSummary } from '../render/localize';
import { LocalizedSummarySchema } from '../schemas/summary';

export interface SummaryBody {
  json: string;
  /** A strong tag: a hash of the bytes, so every process gives the same tag for the same body. */
  etag: string;
}

/**
 * The summary API's body, made once per stored summary, language and zone instead of on every request (a
 * 1 000-task summary is ~190 KB to localize, check and serialize). A stored summary is the same read-only
 * object until it is recomputed (summaries.service.ts), so a WeakMap keyed on it drops the bodies of a
 * replaced summary by itself. The body goes through the response schema when it is made, as Fastify's
 * serializer would do: the bytes are exactly what the route's schema promises.
 */
export function createSummaryBodies() {
  const made = new WeakMap<Summary, Map<string, SummaryBody>>();
  return function bodyOf(summary: Summary, language: Locale, timeZone: string): SummaryBody {
    let bodies = made.get(summary);
    if (!bodies) made.set(summary, (bodies = new Map<string, SummaryBody>()));
    const key = `${language} ${timeZone}`;
    let body = bodies.get(key);
    if (!body) {
      const payload = { language, summary, text: localizeSummary(summary, language, timeZone) };
      const json = JSON.stringify(z.encode(LocalizedSummarySchema, payload));
      body = { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 32)}"` };
      bodies.set(key, body);
    }
    return body;
  };
}

/** `If-None-Match` (RFC 9110 §13.1.2): `*` or a list of tags, compared weakly. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
