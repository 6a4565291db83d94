import type { Connector, ConnectorContext, WebhookRequest } from '../../service/connectors/connector';

/**
 * What every connector's fixtures give the shared contract suite (test/unit/connector-contract.test.ts):
 * a context, nock scopes serving one small project exactly as the vendor documents it, and what the
 * listings must come to. Each tool exports one from `test/fixtures/<tool>/contract.ts`.
 */
export interface ConnectorContract {
  connector: Connector<never, never>;
  /** A context whose `http` is a real UpstreamHttp for the tool's base URL (nock intercepts it). */
  context(): ConnectorContext<never, never>;
  /**
   * Sets up nock for: credentials check, project listing, one project, its milestones and a full task
   * listing of at least two pages. Returns the scopes so the suite can assert `scope.done()`.
   */
  serve(): { done(): void };
  projectExternalId: string;
  expected: { projects: number; milestones: number; tasks: number };
  /** A signed delivery this tool sends and its secret, when the tool has webhooks. */
  webhook?: { request: WebhookRequest; deliveryId: string; projectExternalIds: string[] };
}
