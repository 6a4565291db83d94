import type { Provider } from '../domain/model';
import type { Connector } from './connector';
import { pingcodeConnector } from './pingcode/pingcode.connector';

/** One line per tool. Adding a connector: its folder under connectors/, its name in PROVIDERS, a line here. */
const connectors: { [P in Provider]: Connector<never, never> } = {
  pingcode: pingcodeConnector as Connector<never, never>,
};

export function getConnector(provider: string): Connector<unknown, unknown> {
  const connector = (connectors as Record<string, Connector<never, never> | undefined>)[provider];
  if (!connector) throw new Error(`No connector for provider "${provider}"`);
  return connector;
}
