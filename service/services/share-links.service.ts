import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import type { Locale } from '../domain/model';
import type { DetailLevel } from '../domain/update';
import { randomToken, sha256Hex } from '../crypto';
import { notFound } from '../errors';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import { getProject } from '../store/projects.store';
import type { ShareLinkRow } from '../store/schema';
import { insertShareLink, listShareLinks, recordViews, revokeShareLink } from '../store/share-links.store';
import type { PageVersions } from './page-versions';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
) => Promise<Buffer>;

export interface NewLinkInput {
  label?: string | undefined;
  locale: Locale;
  detail: DetailLevel;
  expiresAt?: Date | undefined;
  passcode?: string | undefined;
}

export type LinkState = 'active' | 'revoked' | 'expired';

export const linkState = (link: ShareLinkRow, now: Date): LinkState =>
  link.revokedAt ? 'revoked' : link.expiresAt && link.expiresAt <= now ? 'expired' : 'active';

/**
 * Views are counted in memory and written in one statement per link at most this often; that statement
 * also counts them for the project's latest published update at the time (comm health: views per update).
 */
const VIEW_FLUSH_MS = 1_000;

/**
 * Capability links: a 256-bit random token in the URL, shown once; only its sha256 is stored. Revoking
 * replaces the project's page version, so every process stops serving the link on its very next request
 * (share-pages.service.ts); expiry is checked on every request.
 */
export function createShareLinksService(deps: {
  db: Db;
  publicUrl: () => string;
  versions: PageVersions;
  logger: Logger;
}) {
  const { db, versions, logger } = deps;
  const pendingViews = new Map<string, { count: number; at: Date }>();
  let flushTimer: NodeJS.Timeout | undefined;

  async function flushViews(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = [...pendingViews];
    pendingViews.clear();
    for (const [id, views] of batch) {
      try {
        await recordViews(db, id, views.count, views.at);
      } catch (error) {
        // Kept for the next flush: a database blip loses no view.
        const later = pendingViews.get(id);
        pendingViews.set(id, { count: views.count + (later?.count ?? 0), at: later?.at ?? views.at });
        logger.warn({ err: error }, 'share link views not saved yet');
        scheduleFlush();
      }
    }
  }
  function scheduleFlush(): void {
    flushTimer ??= setTimeout(() => void flushViews(), VIEW_FLUSH_MS).unref();
  }

  return {
    async create(workspaceId: string, projectId: string, input: NewLinkInput) {
      if (!(await getProject(db, workspaceId, projectId))) throw notFound('Project');
      const token = randomToken(32);
      const row = await insertShareLink(db, {
        id: newId(),
        workspaceId,
        projectId,
        tokenHash: sha256Hex(token),
        label: input.label ?? null,
        locale: input.locale,
        detail: input.detail,
        expiresAt: input.expiresAt ?? null,
        passcodeHash: input.passcode ? await hashPasscode(input.passcode) : null,
      });
      // `token` for callers that keep it sealed (a comm plan sends its link with every update).
      return { row, url: `${deps.publicUrl()}/s/${token}`, token };
    },

    async list(workspaceId: string, projectId: string): Promise<ShareLinkRow[]> {
      if (!(await getProject(db, workspaceId, projectId))) throw notFound('Project');
      await flushViews();
      return listShareLinks(db, projectId);
    },

    /** Idempotent: revoking again re-announces it, so a retry after a Redis failure completes the revoke. */
    async revoke(workspaceId: string, id: string, projectId?: string): Promise<ShareLinkRow> {
      const row = await revokeShareLink(db, { workspaceId, projectId }, id, new Date());
      if (!row) throw notFound('Share link');
      await versions.bump(row.projectId);
      return row;
    },

    recordView(link: ShareLinkRow): void {
      const views = pendingViews.get(link.id);
      if (views) {
        views.count += 1;
        views.at = new Date();
      } else pendingViews.set(link.id, { count: 1, at: new Date() });
      scheduleFlush();
    },
    /** Writes the views counted so far (also on shutdown). */
    flushViews,
    verifyPasscode,
  };
}

export type ShareLinksService = ReturnType<typeof createShareLinksService>;

export async function hashPasscode(passcode: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(passcode, salt, 32);
  return `${salt.toString('hex')}:${hash.toString('hex')}`;
}

export async function verifyPasscode(stored: string, passcode: string): Promise<boolean> {
  const [salt, hash] = stored.split(':');
  if (!salt || !hash) return false;
  const candidate = await scrypt(passcode, Buffer.from(salt, 'hex'), 32);
  const expected = Buffer.from(hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
