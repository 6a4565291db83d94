import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Locale } from '../domain/model';
import type { DetailLevel } from '../domain/update';
import { randomToken, sha256Hex } from '../crypto';
import { notFound } from '../errors';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import { getProject } from '../store/projects.store';
import type { ShareLinkRow } from '../store/schema';
import {
  findShareLinkByHash,
  insertShareLink,
  listShareLinks,
  recordView,
  revokeShareLink,
} from '../store/share-links.store';

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

/**
 * Capability links: a 256-bit random token in the URL, shown once; only its sha256 is stored. Revoked and
 * expired links are dead on the very next request (checked on every request, nothing cached).
 */
export function createShareLinksService(deps: { db: Db; publicUrl: () => string }) {
  const { db } = deps;

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
      return { row, url: `${deps.publicUrl()}/s/${token}` };
    },

    async list(workspaceId: string, projectId: string): Promise<ShareLinkRow[]> {
      if (!(await getProject(db, workspaceId, projectId))) throw notFound('Project');
      return listShareLinks(db, projectId);
    },

    async revoke(workspaceId: string, id: string): Promise<ShareLinkRow> {
      const row = await revokeShareLink(db, workspaceId, id, new Date());
      if (!row) throw notFound('Share link');
      return row;
    },

    /** The link a token opens, and whether it still works. Unknown tokens → undefined. */
    async resolve(
      token: string,
      now = new Date(),
    ): Promise<{ link: ShareLinkRow; state: LinkState } | undefined> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
      const link = await findShareLinkByHash(db, sha256Hex(token));
      if (!link) return undefined;
      const state: LinkState = link.revokedAt
        ? 'revoked'
        : link.expiresAt && link.expiresAt <= now
          ? 'expired'
          : 'active';
      return { link, state };
    },

    recordView: (link: ShareLinkRow): Promise<void> => recordView(db, link.id, new Date()),
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
