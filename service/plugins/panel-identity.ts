import type { Locale } from '../domain/model';

/**
 * Who a panel request acts for, taken only from a verified host token (a PingCode Nexus invocation token,
 * or a ClientLens panel token issued through `POST /api/v1/panel-tokens`) — never from a client-supplied id.
 */
export interface PanelIdentity {
  workspaceId: string;
  projectId: string;
  /** The host user's language when the token says it (Nexus `user.locale`, or the panel token's). */
  locale: Locale | undefined;
  via: 'nexus' | 'panel_token';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the panel-token check on `/plugin/api` routes. */
    panel: PanelIdentity;
  }
}
