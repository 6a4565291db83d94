import type { z } from 'zod';
import type { CommHealthSchema } from '../../service/schemas/comm-health';
import type { CommPlanSchema } from '../../service/schemas/comm-plans';
import type { FeedbackSchema } from '../../service/schemas/feedback';
import type { ProjectSchema } from '../../service/schemas/projects';
import type { CreatedShareLinkSchema, ShareLinkSchema } from '../../service/schemas/share-links';
import type { SyncRunSchema } from '../../service/schemas/syncs';
import type { UpdateSchema } from '../../service/schemas/updates';

/** The answers of `/plugin/api`: the integrator API's own shapes (types only, nothing is bundled). */
export type Project = z.output<typeof ProjectSchema>;
export type SyncRun = z.output<typeof SyncRunSchema>;
export type Update = z.output<typeof UpdateSchema>;
export type ShareLink = z.output<typeof ShareLinkSchema>;
export type CreatedShareLink = z.output<typeof CreatedShareLinkSchema>;
export type Feedback = z.output<typeof FeedbackSchema>;
export type CommPlan = z.output<typeof CommPlanSchema>;
export type CommHealth = z.output<typeof CommHealthSchema>;

export interface PanelContext {
  project: Project;
  connection: { id: string; name: string; provider: string; status: string };
  lastRun: SyncRun | null;
  locale: string | null;
}
