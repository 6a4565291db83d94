import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { decryptJson, encryptJson } from '../crypto';
import { IDEMPOTENCY_TTL_HOURS } from '../domain/idempotency';

/** The answer of the first request, replayed to its retries. */
export interface StoredAnswer {
  status: number;
  /** Only the headers a retry needs: `location` and `content-type`. */
  headers: Record<string, string>;
  /** The serialized body as sent (null when there was none). */
  body: string | null;
}

export type IdempotencyStart =
  | { kind: 'started'; attempt: IdempotentAttempt }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'in_flight' }
  | { kind: 'reused' };

/** The request that holds a key: it ends by storing its answer, or (null) by giving the key back. */
export interface IdempotentAttempt {
  finish(answer: StoredAnswer | null): Promise<void>;
}

type Sealed = { fingerprint: string } & ({ state: 'in_flight' } | { state: 'done'; answer: StoredAnswer });

/** The owner token in clear (compared by the scripts), the record sealed under a key only the client's key opens. */
interface Envelope {
  o: string;
  r: string;
}

// Owner-checked writes: a request whose lock expired (a stalled process) never overwrites or frees the
// key another request now holds.
const STORE = `local v = redis.call('GET', KEYS[1])
if not v or cjson.decode(v).o ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;
const RELEASE = `local v = redis.call('GET', KEYS[1])
if not v or cjson.decode(v).o ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;
const EXTEND = `local v = redis.call('GET', KEYS[1])
if not v or cjson.decode(v).o ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;

/**
 * Idempotency keys of the API (draft-ietf-httpapi-idempotency-key-header, as Stripe runs it), in Redis.
 * A key is scoped to a workspace and reserved with `SET NX`; while its request runs, the reservation is a
 * short lock kept alive by a heartbeat, so a process that dies mid-request frees its keys within `lockMs`
 * rather than blocking retries for a day. The finished answer replaces the lock for 24 hours.
 *
 * Answers hold secrets shown once (a share link's token, a webhook signing secret), so the Redis key name
 * is an HMAC of (workspace, key) under SECRET_KEY and the record is AES-256-GCM sealed under a key derived
 * from the same pair: reading one needs both the server secret and the client's idempotency key.
 */
export function createIdempotencyService(deps: {
  redis: Redis;
  keyPrefix: string;
  secretKey: Buffer;
  logger: Logger;
  /** How long a reservation outlives a silent owner. */
  lockMs?: number;
  /** A request still running after this long stops renewing its lock (it may then be run again). */
  maxInFlightMs?: number;
}) {
  const { redis } = deps;
  const lockMs = deps.lockMs ?? 30_000;
  const maxInFlightMs = deps.maxInFlightMs ?? 10 * 60_000;
  const ttlMs = IDEMPOTENCY_TTL_HOURS * 3600_000;
  const derive = (label: string, workspaceId: string, key: string): Buffer =>
    createHmac('sha256', deps.secretKey).update(`idempotency-${label}\n${workspaceId}\n${key}`).digest();

  return {
    /**
     * Reserves the key for this request, or says what to answer instead: the stored answer (same request
     * already done), `in_flight` (same request still running) or `reused` (the key was used for another
     * request). Throws when Redis does not answer.
     */
    async start(workspaceId: string, key: string, fingerprint: string): Promise<IdempotencyStart> {
      const redisKey = `${deps.keyPrefix}:idempotency:${derive('name', workspaceId, key).toString('base64url')}`;
      const sealKey = derive('seal', workspaceId, key);
      const envelope = (owner: string, record: Sealed): string =>
        JSON.stringify({ o: owner, r: encryptJson(sealKey, record, redisKey) } satisfies Envelope);
      const owner = randomBytes(16).toString('base64url');

      // The record can vanish between SET NX and GET (released, expired): then the key is free again.
      for (let tries = 0; tries < 3; tries++) {
        const reserved = await redis.set(
          redisKey,
          envelope(owner, { fingerprint, state: 'in_flight' }),
          'PX',
          lockMs,
          'NX',
        );
        if (reserved === 'OK')
          return {
            kind: 'started',
            attempt: attempt(redisKey, owner, (answer) =>
              envelope(owner, { fingerprint, state: 'done', answer }),
            ),
          };
        const raw = await redis.get(redisKey);
        if (raw === null) continue;
        const record = decryptJson(sealKey, (JSON.parse(raw) as Envelope).r, redisKey) as Sealed;
        if (record.fingerprint !== fingerprint) return { kind: 'reused' };
        if (record.state === 'in_flight') return { kind: 'in_flight' };
        return { kind: 'replay', answer: record.answer };
      }
      return { kind: 'in_flight' };
    },
  };

  function attempt(
    redisKey: string,
    owner: string,
    done: (answer: StoredAnswer) => string,
  ): IdempotentAttempt {
    const startedAt = Date.now();
    const heartbeat = setInterval(() => {
      if (Date.now() - startedAt > maxInFlightMs) return clearInterval(heartbeat);
      redis
        .eval(EXTEND, 1, redisKey, owner, lockMs)
        .catch((err: unknown) => deps.logger.debug({ err }, 'could not extend an idempotency lock'));
    }, lockMs / 3);
    heartbeat.unref();
    return {
      async finish(answer) {
        clearInterval(heartbeat);
        if (answer) await redis.eval(STORE, 1, redisKey, owner, done(answer), ttlMs);
        else await redis.eval(RELEASE, 1, redisKey, owner);
      },
    };
  }
}
