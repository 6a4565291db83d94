import { anchorWeekFor, type Cadence } from '../domain/cadence';
import type { PlanChannel, PmChannel } from '../domain/comm-plan';
import type { IsoDate, Locale } from '../domain/model';
import { redactChannel } from '../domain/redact';
import { notFound } from '../errors';
import { isLocale } from '../render/i18n/i18n';
import type { CommPlanView, PutCommPlanInput } from '../schemas/comm-plans';
import type { Db } from '../store/db';
import { listDeliveries, recentProblems, type DeliveryFilter } from '../store/channel-deliveries.store';
import {
  deletePlan,
  getPlan,
  getShareLinkById,
  insertPlan,
  updatePlan,
  type CommPlanChanges,
} from '../store/comm-plans.store';
import { newId } from '../store/ids';
import type { Page, PageRequest } from '../store/paging';
import { getProject } from '../store/projects.store';
import type { ChannelDeliveryRow, CommPlanRow } from '../store/schema';
import { getWorkspace } from '../store/workspaces.store';
import { checkCadence, checkChannelInputs, resolveChannels } from './comm-plan-input';
import type { CommPlanSchedules } from './comm-plan-schedules';
import { openChannels, openPmNotify, sealChannels, sealPmNotify, sealShareToken } from './comm-plan-seal';
import { linkState, type ShareLinksService } from './share-links.service';

/** The label of the share link a plan creates, in the plan's language (the PM sees it in the link list). */
const LINK_LABEL: Record<Locale, string> = {
  en: 'Sent with updates',
  'zh-CN': '随进展更新发送',
  fr: 'Envoyé avec les points',
};
const PROBLEMS_SHOWN = 5;

export interface CommPlanServiceDeps {
  db: Db;
  secretKey: Buffer;
  shareLinks: ShareLinksService;
  schedules: CommPlanSchedules;
  /** SMTP_URL is set: email channels can be used. */
  emailEnabled: boolean;
  /** ALLOW_PRIVATE_UPSTREAMS: http:// and private webhook addresses allowed. */
  allowPrivateUrls: boolean;
  now?: () => Date;
}

export type CommPlanService = ReturnType<typeof createCommPlanService>;

/** A project's communication plan: PUT replaces it, GET shows it redacted, DELETE stops it. */
export function createCommPlanService(deps: CommPlanServiceDeps) {
  const { db, secretKey } = deps;
  const now = deps.now ?? (() => new Date());

  async function requireProject(workspaceId: string, projectId: string) {
    const project = await getProject(db, workspaceId, projectId);
    if (!project) throw notFound('Project');
    return project;
  }

  async function view(row: CommPlanRow): Promise<CommPlanView> {
    return {
      row,
      channels: openChannels(secretKey, row).map(redactChannel),
      pmNotify: openPmNotify(secretKey, row).map(redactChannel),
      nextRunAt: await deps.schedules.nextRunAt(row),
      problems: await recentProblems(db, row.projectId, PROBLEMS_SHOWN),
    };
  }

  /** Kept while the cadence stays biweekly on the same weekday, so saving a plan never shifts its weeks. */
  function anchorFor(cadence: Cadence, existing: CommPlanRow | undefined): IsoDate | null {
    if (cadence.frequency !== 'biweekly') return null;
    const before = existing?.cadence;
    if (
      existing?.anchorWeek &&
      before?.frequency === 'biweekly' &&
      before.weekday === cadence.weekday &&
      before.timezone === cadence.timezone
    )
      return existing.anchorWeek;
    return anchorWeekFor(cadence, now());
  }

  /** The plan's own share link: kept while active and in the plan's language, else a new one. */
  async function shareLinkFor(
    workspaceId: string,
    projectId: string,
    planId: string,
    existing: CommPlanRow | undefined,
    locale: Locale,
  ): Promise<{ id: string; sealedToken: string; created: boolean }> {
    if (existing?.shareLinkId && existing.shareToken) {
      const link = await getShareLinkById(db, existing.shareLinkId);
      if (link && linkState(link, now()) === 'active' && link.locale === locale)
        return { id: link.id, sealedToken: existing.shareToken, created: false };
    }
    const { row, token } = await deps.shareLinks.create(workspaceId, projectId, {
      label: LINK_LABEL[locale],
      locale,
      detail: 'overview',
    });
    return { id: row.id, sealedToken: sealShareToken(secretKey, planId, token), created: true };
  }

  async function put(
    workspaceId: string,
    projectId: string,
    input: PutCommPlanInput,
    retried = false,
  ): Promise<CommPlanView> {
    await requireProject(workspaceId, projectId);
    checkCadence(input.cadence);
    checkChannelInputs(
      [
        { field: 'channels', items: input.channels },
        { field: 'pmNotify', items: input.pmNotify },
      ],
      { allowPrivate: deps.allowPrivateUrls, emailEnabled: deps.emailEnabled },
    );
    const existing = await getPlan(db, workspaceId, projectId);
    const channels = resolveChannels<PlanChannel>(
      'channels',
      input.channels,
      existing ? openChannels(secretKey, existing) : [],
    );
    const pmNotify = resolveChannels<PmChannel>(
      'pmNotify',
      input.pmNotify,
      existing ? openPmNotify(secretKey, existing) : [],
    );
    const workspaceLocale = (await getWorkspace(db, workspaceId))?.locale;
    const locale: Locale = input.language ?? (isLocale(workspaceLocale) ? workspaceLocale : 'en');
    const id = existing?.id ?? newId();
    const link = await shareLinkFor(workspaceId, projectId, id, existing, locale);
    const values: CommPlanChanges = {
      cadence: input.cadence,
      anchorWeek: anchorFor(input.cadence, existing),
      locale,
      graceHours: input.graceHours,
      channels: sealChannels(secretKey, id, channels),
      pmNotify: sealPmNotify(secretKey, id, pmNotify),
      shareLinkId: link.id,
      shareToken: link.sealedToken,
    };
    const row = existing
      ? await updatePlan(db, id, values)
      : await insertPlan(db, { id, workspaceId, projectId, ...values });
    if (!row) {
      // Another first PUT (or a DELETE) won meanwhile: do it again against what is stored now.
      if (link.created) await deps.shareLinks.revoke(workspaceId, link.id).catch(() => undefined);
      if (retried) throw new Error('The communication plan changed during the save twice in a row.');
      return put(workspaceId, projectId, input, true);
    }
    await deps.schedules.apply(row);
    return view(row);
  }

  /** The plan, or undefined when the project has none (the panel shows an empty form). */
  async function find(workspaceId: string, projectId: string): Promise<CommPlanView | undefined> {
    await requireProject(workspaceId, projectId);
    const row = await getPlan(db, workspaceId, projectId);
    return row ? view(row) : undefined;
  }

  return {
    put: (workspaceId: string, projectId: string, input: PutCommPlanInput) =>
      put(workspaceId, projectId, input),

    async get(workspaceId: string, projectId: string): Promise<CommPlanView> {
      const plan = await find(workspaceId, projectId);
      if (!plan) throw notFound('Communication plan');
      return plan;
    },

    find,

    /** Stops the plan: no more cycles or sends. Its share link stays valid (it is in clients' inboxes). */
    async remove(workspaceId: string, projectId: string): Promise<void> {
      await requireProject(workspaceId, projectId);
      const row = await deletePlan(db, workspaceId, projectId);
      if (!row) throw notFound('Communication plan');
      await deps.schedules.remove(row.id);
    },

    async deliveries(
      workspaceId: string,
      projectId: string,
      page: PageRequest & DeliveryFilter,
    ): Promise<Page<ChannelDeliveryRow>> {
      await requireProject(workspaceId, projectId);
      return listDeliveries(db, projectId, page);
    },
  };
}
