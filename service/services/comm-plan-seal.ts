import { decryptJson, encryptJson } from '../crypto';
import type { PlanChannel, PmChannel } from '../domain/comm-plan';
import type { CommPlanRow } from '../store/schema';

/**
 * A plan's channel lists and its share token are sealed (AES-256-GCM under SECRET_KEY, crypto.ts), each
 * bound to the plan id and to its field, so a sealed value cannot be moved to another plan or field.
 */
const aad = (planId: string, field: 'channels' | 'pmNotify' | 'shareToken') => `comm_plan:${planId}:${field}`;

export const sealChannels = (key: Buffer, planId: string, channels: PlanChannel[]): string =>
  encryptJson(key, channels, aad(planId, 'channels'));
export const sealPmNotify = (key: Buffer, planId: string, channels: PmChannel[]): string =>
  encryptJson(key, channels, aad(planId, 'pmNotify'));
export const sealShareToken = (key: Buffer, planId: string, token: string): string =>
  encryptJson(key, token, aad(planId, 'shareToken'));

export const openChannels = (key: Buffer, plan: CommPlanRow): PlanChannel[] =>
  decryptJson(key, plan.channels, aad(plan.id, 'channels')) as PlanChannel[];
export const openPmNotify = (key: Buffer, plan: CommPlanRow): PmChannel[] =>
  decryptJson(key, plan.pmNotify, aad(plan.id, 'pmNotify')) as PmChannel[];
export const openShareToken = (key: Buffer, plan: CommPlanRow): string | undefined =>
  plan.shareToken ? (decryptJson(key, plan.shareToken, aad(plan.id, 'shareToken')) as string) : undefined;
