import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { NIT_ISSUER, type NexusService } from '../services/nexus.service';
import { PANEL_TOKEN_ISSUER, TokenRejected, type PanelTokensService } from '../services/panel-tokens.service';
import { sendProblem } from './errors';
import type { PanelIdentity } from './panel-identity';

export interface PanelAuthDeps {
  nexus: NexusService;
  panelTokens: PanelTokensService;
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Which verifier a token goes to, read from its (unverified) header and `iss` before any check: a NIT is
 * RS256 from Nexus, a panel token HS256 from ClientLens. Anything else (`alg: none`, HS256 claiming to be
 * Nexus, RS256 claiming to be ClientLens, not a JWT) is refused without a verification attempt.
 */
export function panelTokenKind(token: string): PanelIdentity['via'] | undefined {
  try {
    const { alg } = decodeProtectedHeader(token);
    const { iss } = decodeJwt(token);
    if (alg === 'RS256' && iss === NIT_ISSUER) return 'nexus';
    if (alg === 'HS256' && iss === PANEL_TOKEN_ISSUER) return 'panel_token';
  } catch {
    // not a compact JWS with a JSON payload
  }
  return undefined;
}

/** Verifies a panel request's host token and returns who it acts for (TokenRejected, or a 404/503 AppError). */
export async function authenticatePanel(
  deps: PanelAuthDeps,
  token: string | undefined,
): Promise<PanelIdentity> {
  const kind = token ? panelTokenKind(token) : undefined;
  if (!token || !kind) throw new TokenRejected('invalid');
  if (kind === 'panel_token') return deps.panelTokens.verify(token);
  return deps.nexus.panelIdentity(await deps.nexus.verify(token));
}

const DETAILS = {
  expired: 'The panel token has expired. Reload the page to get a new one.',
  invalid:
    'The panel token is not valid. Open the panel from PingCode or from your tool, which sends `Authorization: Bearer <token>`.',
} as const;

/**
 * `Authorization: Bearer <host token>` on every route of the scope it is registered in: a PingCode Nexus
 * invocation token or a ClientLens panel token; sets `request.panel` from the verified claims only.
 */
export const panelAuth = fp<PanelAuthDeps>(
  async (app: FastifyInstance, deps) => {
    app.decorateRequest('panel', null as unknown as PanelIdentity);
    app.addHook('onRequest', async (request, reply) => {
      const token = bearerToken(request.headers.authorization);
      try {
        request.panel = await authenticatePanel(deps, token);
      } catch (error) {
        if (!(error instanceof TokenRejected)) throw error;
        // RFC 6750 §3: no error code when no token was sent at all.
        const challenge = token
          ? 'Bearer realm="clientlens-panel", error="invalid_token"'
          : 'Bearer realm="clientlens-panel"';
        void reply.header('WWW-Authenticate', challenge);
        return sendProblem(reply, request, 401, 'invalid_panel_token', DETAILS[error.reason]);
      }
    });
  },
  { name: 'panel-auth' },
);
