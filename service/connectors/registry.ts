import type { Provider } from '../domain/model';
import type { Connector } from './connector';
import { jiraConnector } from './jira/jira.connector';
import { githubConnector } from './github/github.connector';
import { pingcodeConnector } from './pingcode/pingcode.connector';
import { worktileConnector } from './worktile/worktile.connector';

/** One line per tool. Adding a connector: its folder under connectors/, its name in PROVIDERS, a line here. */
const connectors: { [P in Provider]: Connector<never, never> } = {
  pingcode: pingcodeConnector as Connector<never, never>,
  github: githubConnector as Connector<never, never>,
  jira: jiraConnector as Connector<never, never>,
  worktile: worktileConnector as Connector<never, never>,
};

export function getConnector(provider: string): Connector<unknown, unknown> {
  const connector = (connectors as Record<string, Connector<never, never> | undefined>)[provider];
  if (!connector) throw new Error(`No connector for provider "${provider}"`);
  return connector;
}
