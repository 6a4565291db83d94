import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import { createError } from '../errors';
import type { PanelIdentity } from '../plugins/panel-identity';
import { pickLocale } from '../render/i18n/i18n';
import { timezoneField } from '../schemas/connections';
import type { Db } from '../store/db';
import {
  getNexusInstallation,
  insertNexusInstallation,
  markNexusUninstalled,
  reinstallNexusInstallation,
} from '../store/nexus-installations.store';
import { findProjectByExternalId } from '../store/projects.store';
import { createWorkspace } from '../store/workspaces.store';
import { TOKEN_CLOCK_TOLERANCE_S, TokenRejected } from './panel-tokens.service';

/**
 * PingCode Nexus invocation tokens (NIT): RS256 JWTs, `kid` nexus-nit-1, `iss` nexus/invocation-token,
 * `aud` nexus, 5-minute `exp`, verified against the host's public JWKS. Their `context` is the only source
 * of installation, team, user and project (nexus-skills wiki/guide/development/remotes.md).
 */
export const NIT_ISSUER = 'nexus/invocation-token';
export const NIT_AUDIENCE = 'nexus';
export const NIT_JWKS_PATH = '/api/nexus/nit/.well-known/jwks.json';

/**
 * The part of `context` we read (wiki/reference/functions/core/app.md, NexusAppContext). Unknown keys
 * are allowed: Nexus adds fields; a missing required one makes the token "not valid".
 */
const NexusContextSchema = z.object({
  app: z.object({ id: z.string().min(1) }).optional(),
  team: z.object({
    id: z.string().min(1),
    url: z.string().optional(),
    locale: z.string().optional(),
    timezone: z.string().optional(),
  }),
  installation: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().optional(), locale: z.string().optional() }).optional(),
  extension: z
    .object({
      target: z.string().optional(),
      data: z.object({ project: z.object({ id: z.string().min(1) }).optional() }).optional(),
    })
    .optional(),
  event: z.object({ trigger: z.object({ type: z.string() }) }).optional(),
});
export type NexusContext = z.output<typeof NexusContextSchema>;

/**
 * A lifecycle delivery's body, as `HandlerFunctionEvent<LifecycleEventPayload>` of
 * wiki/reference/functions/events/lifecycle.md. Assumption (the docs show function handlers only): a trigger
 * routed to an endpoint (`handler.endpoint`) POSTs that same event object as JSON, with the NIT in
 * `Authorization`; its context carries `event.trigger.type: lifecycle` and team/installation.
 */
export const NexusLifecycleEventSchema = z.looseObject({
  event_type: z.string().min(1).max(200),
  payload: z
    .looseObject({
      installation_id: z.string().optional(),
      operated_by: z.string().optional(),
    })
    .optional(),
});

export type LifecycleOutcome = 'installed' | 'uninstalled' | 'ignored';

class JwksUnavailable extends Error {
  override name = 'JwksUnavailable';
}

export function createNexusService(deps: {
  db: Db;
  /** NEXUS_HOST; undefined: every Nexus token is refused. */
  host: string | undefined;
  /** NEXUS_APP_ID; when set, tokens of any other Nexus app are refused. */
  appId?: string | undefined;
  logger: Logger;
}) {
  const { db, logger } = deps;
  const getKey = deps.host ? jwksKey(new URL(`${deps.host}${NIT_JWKS_PATH}`)) : undefined;

  /** Verifies a NIT and returns its context; throws TokenRejected, or 503 when the JWKS cannot be fetched. */
  async function verify(token: string): Promise<NexusContext> {
    if (!getKey) throw new TokenRejected('invalid');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms: ['RS256'],
        issuer: NIT_ISSUER,
        audience: NIT_AUDIENCE,
        requiredClaims: ['exp'],
        clockTolerance: TOKEN_CLOCK_TOLERANCE_S,
      }));
    } catch (error) {
      if (error instanceof JwksUnavailable) {
        logger.warn({ err: error.cause }, 'Nexus JWKS could not be fetched');
        throw createError(
          'nexus_unavailable',
          503,
          'PingCode Nexus could not be reached to check the token. Try again in a moment.',
        );
      }
      if (error instanceof errors.JWTExpired) throw new TokenRejected('expired');
      if (error instanceof errors.JOSEError) throw new TokenRejected('invalid');
      throw error;
    }
    const context = NexusContextSchema.safeParse(payload['context']);
    if (!context.success) throw new TokenRejected('invalid');
    // Nexus signs every app's tokens with the same key: the app id is what makes a token ours.
    if (deps.appId && context.data.app?.id !== deps.appId) throw new TokenRejected('invalid');
    return context.data;
  }

  async function liveInstallation(context: NexusContext) {
    const installation = await getNexusInstallation(db, context.installation.id);
    if (!installation || installation.uninstalledAt || installation.teamId !== context.team.id)
      throw new TokenRejected('invalid');
    return installation;
  }

  async function install(context: NexusContext, at: Date): Promise<void> {
    const existing = await getNexusInstallation(db, context.installation.id);
    if (existing) {
      if (existing.uninstalledAt) await reinstallNexusInstallation(db, existing.id, at);
      return;
    }
    const team = context.team;
    const won = await db
      .transaction(async (tx) => {
        const workspace = await createWorkspace(tx, {
          name: workspaceName(team),
          locale: pickLocale(team.locale) ?? 'en',
          timezone: team.timezone && timezoneField.safeParse(team.timezone).success ? team.timezone : 'UTC',
        });
        const row = await insertNexusInstallation(tx, {
          id: context.installation.id,
          workspaceId: workspace.id,
          teamId: team.id,
          installedAt: at,
        });
        // A concurrent delivery of the same event inserted first: drop this workspace with the transaction.
        if (!row) throw new LostInstallRace();
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof LostInstallRace) return false;
        throw error;
      });
    if (!won) logger.info({ installationId: context.installation.id }, 'Nexus install already recorded');
  }

  return {
    enabled: getKey !== undefined,
    verify,

    /** The panel identity of a verified project-page invocation. */
    async panelIdentity(context: NexusContext): Promise<PanelIdentity> {
      const installation = await liveInstallation(context);
      const externalId = context.extension?.data?.project?.id;
      // Lifecycle and other non-UI invocations carry no project: they never open the panel.
      if (!externalId) throw new TokenRejected('invalid');
      const project = await findProjectByExternalId(
        db,
        { workspaceId: installation.workspaceId, provider: 'pingcode' },
        externalId,
      );
      if (!project)
        throw createError(
          'project_not_connected',
          404,
          'This PingCode project is not connected to ClientLens yet. Connect it: add a PingCode connection in ClientLens (or refresh the existing one) so the project is listed, then reopen this page.',
        );
      return {
        workspaceId: installation.workspaceId,
        projectId: project.id,
        locale: pickLocale(context.user?.locale),
        via: 'nexus',
      };
    },

    /**
     * Applies a lifecycle event. The installation comes from the verified context only; a body naming
     * another installation is refused, so a replayed token cannot act on someone else's installation.
     */
    async lifecycle(
      context: NexusContext,
      body: unknown,
    ): Promise<{ event: string; outcome: LifecycleOutcome }> {
      // A panel invocation's token (which a PM's browser may see) must not uninstall anything.
      if (context.event?.trigger.type !== 'lifecycle') throw new TokenRejected('invalid');
      const parsed = NexusLifecycleEventSchema.safeParse(body);
      if (!parsed.success)
        throw createError(
          'validation_failed',
          400,
          'The body is not a Nexus lifecycle event (`event_type`, `payload`).',
        );
      const event = parsed.data;
      const named = event.payload?.installation_id;
      if (named !== undefined && named !== context.installation.id) throw new TokenRejected('invalid');
      const now = new Date();
      switch (event.event_type) {
        case 'pce:nexus:app:install':
          await install(context, now);
          return { event: event.event_type, outcome: 'installed' };
        case 'pce:nexus:app:uninstall':
          await markNexusUninstalled(db, context.installation.id, now);
          return { event: event.event_type, outcome: 'uninstalled' };
        default:
          // pce:nexus:app:upgrade and anything newer: nothing to do (the installation id stays).
          return { event: event.event_type, outcome: 'ignored' };
      }
    },
  };
}

export type NexusService = ReturnType<typeof createNexusService>;

class LostInstallRace extends Error {}

/** Nexus gives no team name (context.team is id, url, locale, timezone): the site's host names it. */
function workspaceName(team: NexusContext['team']): string {
  let host: string | undefined;
  try {
    host = team.url ? new URL(team.url).hostname : undefined;
  } catch {
    host = undefined;
  }
  return (host ? `PingCode ${host}` : `PingCode team ${team.id}`).slice(0, 120);
}

/**
 * Keys from the remote JWKS (cached 10 min; an unknown `kid` refetches at most every 30 s). A fetch that
 * fails is Nexus being unreachable (503), not a bad token; no matching key is the token's fault (401).
 */
function jwksKey(url: URL): JWTVerifyGetKey {
  const jwks = createRemoteJWKSet(url, {
    timeoutDuration: 3_000,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      if (
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys ||
        error instanceof errors.JOSENotSupported
      )
        throw error;
      throw new JwksUnavailable('JWKS unavailable', { cause: error });
    }
  };
}
