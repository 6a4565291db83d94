import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './errors';

/**
 * The credential an `Authorization` header presents: `Bearer <token>`, or Basic auth whose password is the
 * token (any user name), so a browser's login prompt opens the queue dashboard.
 */
export function presentedAdminToken(header: string | undefined): string | undefined {
  const match = header ? /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1] || !match[2]) return undefined;
  if (match[1].toLowerCase() === 'bearer') return match[2];
  const decoded = Buffer.from(match[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * An onRequest hook admitting only holders of ADMIN_TOKEN. Both sides are hashed first, so the comparison
 * takes the same time whatever the presented value's length.
 */
export function adminGuard(token: string) {
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const presented = presentedAdminToken(request.headers.authorization);
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return undefined;
    void reply.header('WWW-Authenticate', 'Basic realm="ClientLens admin", charset="UTF-8"');
    return sendProblem(
      reply,
      request,
      401,
      'unauthorized',
      'Send the admin token as `Authorization: Bearer <ADMIN_TOKEN>`, or as the password of Basic auth.',
    );
  };
}
