import { z } from 'zod';
import { LOCALES } from '../domain/model';
import { DETAIL_LEVELS } from '../domain/update';
import type { ShareLinkRow } from '../store/schema';
import { Instant, component, isoInstant } from './common';
import { EXAMPLE_ID } from './example-ids';

const shareLinkExample = {
  id: EXAMPLE_ID.shareLink,
  projectId: EXAMPLE_ID.project,
  label: 'ACME board',
  language: 'en',
  detail: 'overview',
  expiresAt: '2026-06-30T16:00:00.000Z',
  hasPasscode: true,
  state: 'active',
  revokedAt: null,
  viewCount: 14,
  lastViewedAt: '2026-03-09T02:15:33.000Z',
  createdAt: '2026-02-20T08:00:00.000Z',
} as const;

export const ShareLinkSchema = component(
  z.object({
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
  }),
  { id: 'ShareLink' },
  shareLinkExample,
);

export const CreatedShareLinkSchema = component(
  ShareLinkSchema.extend({
    url: z
      .string()
      .meta({ description: 'The link to send to the client. Returned only now: it cannot be read again.' }),
  }),
  { id: 'CreatedShareLink' },
  {
    ...shareLinkExample,
    viewCount: 0,
    lastViewedAt: null,
    createdAt: '2026-03-10T02:05:00.000Z',
    url: 'https://lens.agency.example/s/Xq3v9Lr2Tz7Kp4Wn8Yb6Hc1Md5Fg0Js3Ae9Ru2Vi7Ot',
  },
);

export const CreateShareLinkBody = component(
  z.object({
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
  }),
  { id: 'CreateShareLink' },
  {
    label: 'ACME board',
    language: 'en',
    detail: 'overview',
    expiresAt: '2027-06-30T23:59:59+08:00',
    passcode: 'harbour-7431',
  },
);

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
