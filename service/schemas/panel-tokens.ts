import { z } from 'zod';
import { LOCALES } from '../domain/model';
import { PANEL_TOKEN_TTL } from '../services/panel-tokens.service';
import { Instant } from './common';

export const CreatePanelTokenBody = z
  .object({
    projectId: z.uuid({ error: 'must be an id returned by this API' }),
    ttlSeconds: z
      .number()
      .int()
      .min(PANEL_TOKEN_TTL.minSeconds)
      .max(PANEL_TOKEN_TTL.maxSeconds)
      .default(PANEL_TOKEN_TTL.defaultSeconds)
      .meta({ description: 'How long the token is accepted, in seconds (60–3600, default 600).' }),
    locale: z
      .enum(LOCALES)
      .optional()
      .meta({ description: "The panel's language; without it the panel follows the workspace's." }),
  })
  .meta({ id: 'CreatePanelToken' });

export const PanelTokenSchema = z
  .object({
    token: z.string().meta({
      description:
        'Send it as `Authorization: Bearer <token>` on panel requests. A bearer secret: keep it out of URLs and logs.',
    }),
    expiresAt: Instant,
  })
  .meta({ id: 'PanelToken' });
