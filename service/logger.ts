import { pino, type Logger } from 'pino';
import { logContextMixin } from './log-context';

/** Secrets never reach the logs: headers that carry them and fields that hold them are redacted. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-nexus-app-token"]',
  'req.headers["x-nexus-user-token"]',
  'credentials',
  '*.credentials',
  '*.clientSecret',
  '*.client_secret',
  '*.password',
  '*.passcode',
  '*.token',
  '*.access_token',
  '*.key',
];

/** Share tokens travel in URLs (`/s/<token>`): request logs show the path without them. */
export const maskShareToken = (url: string): string => url.replace(/\/s\/[^/?#]+/, '/s/[token]');

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Lines written inside a request or a job name it (reqId; queue and jobId): see log-context.ts.
      mixin: logContextMixin,
      base: { service: 'clientlens' },
      serializers: {
        req: (req: LoggedRequest) => ({
          method: req.method,
          url: maskShareToken(req.url),
          host: req.host,
          remoteAddress: req.ip,
        }),
      },
    },
    destination ?? process.stdout,
  );
}
