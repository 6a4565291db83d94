import { z } from 'zod';
import { LOCALES } from '../domain/model';
import { DETAIL_LEVELS } from '../domain/update';
import type { ShareLinkRow } from '../store/schema';
import { Instant, isoInstant } from './common';

export const ShareLinkSchema = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    label: z.string().nullable(),
    language: z.enum(LOCALES),
    detail: z.enum(DETAIL_LEVELS),
    expiresAt: Instant.nullable(),
    hasPasscode: z.boolean(),
    state: z.enum(['active', 'revoked', 'expired']),
    revokedAt: Instant.nullable(),
    viewCount: z.number().int(),
    lastViewedAt: Instant.nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'ShareLink' });

export const CreatedShareLinkSchema = ShareLinkSchema.extend({
  url: z
    .string()
    .meta({ description: 'The link to send to the client. Returned only now: it cannot be read again.' }),
}).meta({ id: 'CreatedShareLink' });

export const CreateShareLinkBody = z
  .object({
    label: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .optional()
      .meta({ description: 'Who the link is for, e.g. "ACME board".' }),
    language: z.enum(LOCALES).default('en'),
    detail: z.enum(DETAIL_LEVELS).default('overview').meta({
      description:
        '`overview`: milestones, progress, update, risks. `detailed`: also the tasks of each milestone.',
    }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .refine((value) => value === undefined || Date.parse(value) > Date.now(), {
        error: 'must be in the future',
      }),
    passcode: z.string().min(4, 'must be at least 4 characters').max(128).optional(),
  })
  .meta({ id: 'CreateShareLink' });

/** The body as the share-links service takes it (the integrator API and the panel create links alike). */
export const toNewLinkInput = ({ expiresAt, language, ...rest }: z.output<typeof CreateShareLinkBody>) => ({
  ...rest,
  locale: language,
  expiresAt: expiresAt ? new Date(expiresAt) : undefined,
});

export function toShareLinkDto(row: ShareLinkRow, now = new Date()): z.output<typeof ShareLinkSchema> {
  return {
    id: row.id,
    projectId: row.projectId,
    label: row.label,
    language: row.locale,
    detail: row.detail,
    expiresAt: isoInstant(row.expiresAt),
    hasPasscode: row.passcodeHash !== null,
    state: row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= now ? 'expired' : 'active',
    revokedAt: isoInstant(row.revokedAt),
    viewCount: row.viewCount,
    lastViewedAt: isoInstant(row.lastViewedAt),
    createdAt: row.createdAt.toISOString(),
  };
}
