import { hkdfSync, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { LOCALES, type Locale } from '../domain/model';
import { notFound } from '../errors';
import type { PanelIdentity } from '../plugins/panel-identity';
import type { Db } from '../store/db';
import { getProject } from '../store/projects.store';

export const PANEL_TOKEN_ISSUER = 'clientlens';
export const PANEL_TOKEN_AUDIENCE = 'clientlens-panel';
export const PANEL_TOKEN_TTL = { minSeconds: 60, maxSeconds: 3600, defaultSeconds: 600 } as const;
/** Host and ClientLens clocks may disagree by this much (seconds) on `exp`. */
export const TOKEN_CLOCK_TOLERANCE_S = 30;

/**
 * A host token that proves no panel identity. `reason` is all the caller learns: "expired" or "not
 * valid", never which check failed.
 */
export class TokenRejected extends Error {
  override name = 'TokenRejected';
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'token expired' : 'token not valid');
  }
}

/** The HS256 key of panel tokens: its own key derived from SECRET_KEY, never SECRET_KEY itself. */
export function panelTokenKey(secretKey: Buffer): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secretKey, new Uint8Array(0), 'clientlens panel token v1', 32));
}

const PanelClaims = z.object({
  ws: z.string().min(1),
  sub: z.string().min(1),
  locale: z.enum(LOCALES).optional(),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number(),
});

export interface NewPanelToken {
  projectId: string;
  ttlSeconds?: number | undefined;
  locale?: Locale | undefined;
}

/**
 * ClientLens panel tokens: short-lived JWTs (HS256, `iss` clientlens, `aud` clientlens-panel) that a host
 * without its own signed identity (Worktile, any tool) passes to the panel. Issued with an API key, so they
 * name only that key's workspace; checked on every panel request, and the project must still exist.
 */
export function createPanelTokensService(deps: { db: Db; secretKey: Buffer }) {
  const { db } = deps;
  const key = panelTokenKey(deps.secretKey);

  return {
    async issue(workspaceId: string, input: NewPanelToken): Promise<{ token: string; expiresAt: Date }> {
      const project = await getProject(db, workspaceId, input.projectId);
      if (!project) throw notFound('Project');
      const ttl = Math.min(
        Math.max(input.ttlSeconds ?? PANEL_TOKEN_TTL.defaultSeconds, PANEL_TOKEN_TTL.minSeconds),
        PANEL_TOKEN_TTL.maxSeconds,
      );
      const issuedAt = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ ws: workspaceId, ...(input.locale ? { locale: input.locale } : {}) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(PANEL_TOKEN_ISSUER)
        .setAudience(PANEL_TOKEN_AUDIENCE)
        .setSubject(project.id)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttl)
        .setJti(randomUUID())
        .sign(key);
      return { token, expiresAt: new Date((issuedAt + ttl) * 1000) };
    },

    /** The identity a panel token proves; throws TokenRejected, or not_found when the project is gone. */
    async verify(token: string): Promise<PanelIdentity> {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: PANEL_TOKEN_ISSUER,
          audience: PANEL_TOKEN_AUDIENCE,
          requiredClaims: ['exp', 'iat', 'sub', 'jti'],
          clockTolerance: TOKEN_CLOCK_TOLERANCE_S,
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new TokenRejected('expired');
        if (error instanceof errors.JOSEError) throw new TokenRejected('invalid');
        throw error;
      }
      const claims = PanelClaims.safeParse(payload);
      // A lifetime past the maximum was not issued here, whatever the signature says.
      if (!claims.success || claims.data.exp - claims.data.iat > PANEL_TOKEN_TTL.maxSeconds)
        throw new TokenRejected('invalid');
      const project = await getProject(db, claims.data.ws, claims.data.sub);
      if (!project) throw notFound('Project');
      return {
        workspaceId: project.workspaceId,
        projectId: project.id,
        locale: claims.data.locale,
        via: 'panel_token',
      };
    },
  };
}

export type PanelTokensService = ReturnType<typeof createPanelTokensService>;
