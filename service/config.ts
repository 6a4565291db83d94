import { z } from 'zod';
import { hostOriginProblem } from './domain/host-origins';

/** Every setting ClientLens reads, in one place. README's configuration table mirrors this schema. */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const secretKey = z
  .string({ error: 'is required: generate one with `openssl rand -base64 32`' })
  .transform((value, ctx) => {
    const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
    if (key.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be 32 bytes, base64 or hex (`openssl rand -base64 32`)',
      });
      return z.NEVER;
    }
    return key;
  });

export const ConfigSchema = z.object({
  RUN_MODE: z.enum(['all', 'api', 'worker']).default('all'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url({ error: 'must be an absolute URL such as https://clientlens.example.com' }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i, 'may hold letters, digits, - and _ only')
    .default('clientlens'),
  SECRET_KEY: secretKey,
  /** Opens `/metrics` and the queue dashboard (`/admin/queues`) to its holders; unset, neither exists (404). */
  ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters: generate one with `openssl rand -base64 24`')
    .regex(/^\S+$/, 'may not contain spaces')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ALLOW_PRIVATE_UPSTREAMS: bool.default(false),
  /** PingCode Nexus host serving `/api/nexus/nit/.well-known/jwks.json`; unset = Nexus tokens refused. */
  NEXUS_HOST: z
    .url({ protocol: /^https?$/, error: 'must be the Nexus host URL, such as https://nexus.example.com' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** When set, Nexus tokens minted for any other app are refused (Nexus signs every app's tokens alike). */
  NEXUS_APP_ID: z.string().trim().min(1).optional(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20_000),
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SYNC_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  SYNC_BACKOFF_MS: z.coerce.number().int().min(10).default(5_000),
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).default(10_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60_000).default(10_000),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(50).default(1_000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587')
    .optional(),
  MAIL_FROM: z.string().min(3).default('"ClientLens" <clientlens@localhost>'),
  NOTIFY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(10).default(30_000),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60_000).default(10_000),
  NOTIFY_POLL_MS: z.coerce.number().int().min(50).default(1_000),
  PANEL_HOST_ORIGINS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const origins = value
        .split(',')
        .map((o) => o.trim().replace(/\/+$/, ''))
        .filter(Boolean);
      for (const origin of origins) {
        const problem = hostOriginProblem(origin);
        if (problem) ctx.addIssue({ code: 'custom', message: `${origin} ${problem}` });
      }
      return origins;
    }),
  FEEDBACK_LIMIT_PER_LINK: z.coerce.number().int().min(1).default(60),
  FEEDBACK_LIMIT_PER_IP: z.coerce.number().int().min(1).default(20),
  /** Requests each API key may send to /api/v1 per minute (counted in Redis, shared by every API process). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
});

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`ClientLens cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once and lists every bad variable together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.superRefine(crossChecks).safeParse(cleaned);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  return parsed.data;
}

/** Rules over several variables (kept off ConfigSchema itself, whose `.pick()` refinements would break). */
function crossChecks(config: Config, ctx: z.RefinementCtx): void {
  // Plain http only where private upstreams are allowed (tests, a local fake Nexus).
  if (config.NEXUS_HOST?.startsWith('http:') && !config.ALLOW_PRIVATE_UPSTREAMS)
    ctx.addIssue({
      code: 'custom',
      path: ['NEXUS_HOST'],
      message: 'must be an https:// URL (http is accepted only with ALLOW_PRIVATE_UPSTREAMS=true)',
    });
}

export function publicUrl(config: Config): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return (config.PUBLIC_URL ?? `http://${host}:${config.PORT}`).replace(/\/+$/, '');
}
