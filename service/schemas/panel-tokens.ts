import { z } from 'zod';
import { LOCALES } from '../domain/model';
import { PANEL_TOKEN_TTL } from '../services/panel-tokens.service';
import { Instant, component } from './common';
import { EXAMPLE_ID } from './example-ids';

export const CreatePanelTokenBody = component(
  z.object({
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
  }),
  { id: 'CreatePanelToken' },
  { projectId: EXAMPLE_ID.project, ttlSeconds: 600, locale: 'zh-CN' },
);

export const PanelTokenSchema = component(
  z.object({
    token: z.string().meta({
      description:
        'Send it as `Authorization: Bearer <token>` on panel requests. A bearer secret: keep it out of URLs and logs.',
    }),
    expiresAt: Instant,
  }),
  { id: 'PanelToken' },
  {
    token:
      'eyJhbGciOiJIUzI1NiJ9.eyJ3cyI6IjAxOTNhMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDBhMCIsImxvY2FsZSI6InpoLUNOIiwic3ViIjoiMDE5M2EwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGExIn0.q9Vf2nJ8sX4kL1mP7tR3wY6zA0bC5dE9gH2iK4jM8oQ',
    expiresAt: '2026-03-10T02:10:00.000Z',
  },
);
