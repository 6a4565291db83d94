import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../service/config';

/** Settings for tools that build the app without serving it (OpenAPI export): nothing is contacted. */
export const offlineConfig = (): Config =>
  loadConfig({
    SECRET_KEY: randomBytes(32).toString('base64'),
    REDIS_URL: 'redis://127.0.0.1:1',
    LOG_LEVEL: 'silent',
  });
