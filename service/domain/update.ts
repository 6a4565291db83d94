import type { IsoDate } from './model';

/** The PM's periodic update: what they tell the client, in their own words. */
export interface UpdateRisk {
  problem: string;
  impact: string;
  mitigation: string;
  /** A decision the client must take, and by when. */
  decision: { question: string; by: IsoDate | null } | null;
}

export interface UpdateContent {
  headline: string;
  highlights: string[];
  risks: UpdateRisk[];
  nextSteps: string[];
}

export type DetailLevel = 'overview' | 'detailed';
export const DETAIL_LEVELS = ['overview', 'detailed'] as const satisfies readonly DetailLevel[];
