import { expect } from 'vitest';
import { ConnectorError } from '../../service/connectors/http';

/** Awaits a promise that must reject with a ConnectorError, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error('expected a ConnectorError');
}
