import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { sha256Hex } from '../crypto';
import type { DetailLevel } from '../domain/update';
import { LOCALES, type Locale } from '../domain/model';
import { pageTranslator } from '../render/page-translators';
import type { FeedbackFormState } from '../render/pages/feedback-section';
import { publishedUpdateProps, renderSharePage } from '../render/pages/share-page';
import type { Db } from '../store/db';
import type { ShareLinkRow } from '../store/schema';
import { findShareLinkByHash } from '../store/share-links.store';
import { listPublishedContent } from '../store/updates.store';
import type { FeedbackService } from './feedback.service';
import type { PageVersions } from './page-versions';
import { linkState, type LinkState } from './share-links.service';
import type { SummariesService } from './summaries.service';

export interface OpenedLink {
  link: ShareLinkRow;
  state: LinkState;
  /** The project's page version read before the link was; null when Redis did not answer (no caching). */
  version: string | null;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
/** A cached link row is read again after this long even when nothing said it changed (defence in depth). */
const LINK_RECHECK_MS = 30_000;
const MAX_LINKS = 10_000;
const MAX_PAGE_BYTES = 64 * 1024 * 1024;

/**
 * Serving client pages: a link's row and its finished pages are kept in memory, each tagged with the
 * project's page version (see page-versions.ts) read before it was loaded. A request whose version is
 * still current is one Redis GET plus a memory lookup; any change (sync, publish, revoke) replaces the
 * version and the next request loads afresh, in every process. Pages also expire at the summary's
 * `validUntil` (the next local midnight, or when the data turns old), so nothing shown depends on how long
 * a page stayed cached.
 */
export function createSharePagesService(deps: {
  db: Db;
  versions: PageVersions;
  summaries: SummariesService;
  /** The page's feedback section: answered questions (part of the page, so answers bump the version). */
  feedback: Pick<FeedbackService, 'thread' | 'formToken'>;
  logger: Logger;
  now?: () => Date;
}) {
  const { db, versions, summaries, feedback, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const links = new LRUCache<string, { link: ShareLinkRow; version: string; checkedAt: number }>({
    max: MAX_LINKS,
  });
  const pages = new LRUCache<string, { version: string; validUntil: number; body: Buffer }>({
    maxSize: MAX_PAGE_BYTES,
    sizeCalculation: (page) => page.body.length || 1,
  });
  // Requests that miss together share one rendering.
  const rendering = new Map<string, Promise<Buffer | undefined>>();

  async function currentVersion(projectId: string): Promise<string | null> {
    try {
      return await versions.current(projectId);
    } catch (error) {
      logger.warn({ err: error }, 'page versions unavailable: serving client pages without cache');
      return null;
    }
  }

  const opened = (link: ShareLinkRow, version: string | null): OpenedLink => ({
    link,
    state: linkState(link, now()),
    version,
  });

  /** Reads the link after the version, so the copy kept is never newer than the version it carries. */
  async function load(tokenHash: string, projectId: string): Promise<OpenedLink | undefined> {
    const version = await currentVersion(projectId);
    const link = await findShareLinkByHash(db, tokenHash);
    if (!link) return undefined;
    if (version) links.set(tokenHash, { link, version, checkedAt: Date.now() });
    return opened(link, version);
  }

  /**
   * Renders a page; kept under `key` unless it is undefined (a form sent back with the client's own
   * values and errors is never kept).
   */
  async function render(
    token: string,
    entry: OpenedLink,
    locale: Locale,
    form: FeedbackFormState | null,
    key: string | undefined,
  ): Promise<Buffer | undefined> {
    const { link } = entry;
    const view = await summaries.forProject(link.projectId);
    if (!view) return undefined;
    const published = await listPublishedContent(db, link.projectId);
    const thread = await feedback.thread(link.projectId);
    const html = renderSharePage({
      t: pageTranslator(locale),
      summary: view.summary,
      ...publishedUpdateProps(published),
      detail: link.detail,
      timeZone: view.timeZone,
      languages: LOCALES.map((l) => ({ locale: l, href: `/s/${token}?lang=${l}`, current: l === locale })),
      label: link.label,
      feedback: {
        action: `/s/${token}/feedback?lang=${locale}`,
        formToken: feedback.formToken(link),
        thread,
        milestones: view.summary.milestones.map((m) => ({ id: m.id, name: m.name })),
        canRate: published.length > 0,
        state: form,
      },
    });
    const body = Buffer.from(html);
    const validUntil = Date.parse(view.summary.validUntil);
    if (key && entry.version && validUntil > now().getTime())
      pages.set(key, { version: entry.version, validUntil, body });
    return body;
  }

  return {
    /**
     * The client page of a project as a link of `detail` in `locale` shows it, for the PM's preview in the
     * panel: the same components, with the answered questions but no form and no language links (the
     * panel switches languages). Never kept: the PM wants what is true now.
     */
    async preview(
      workspaceId: string,
      projectId: string,
      locale: Locale | undefined,
      detail: DetailLevel,
    ): Promise<string> {
      const view = await summaries.current(workspaceId, projectId); // 404 for another workspace's project
      const published = await listPublishedContent(db, projectId);
      return renderSharePage({
        t: pageTranslator(locale ?? view.locale), // the client's language unless the PM picks another
        summary: view.summary,
        ...publishedUpdateProps(published),
        detail,
        timeZone: view.timeZone,
        languages: [],
        label: null,
      });
    },

    /** The link a token opens and whether it still works; unknown tokens → undefined. */
    async open(token: string): Promise<OpenedLink | undefined> {
      if (!TOKEN.test(token)) return undefined;
      const tokenHash = sha256Hex(token);
      const cached = links.get(tokenHash);
      if (!cached) {
        // A link never changes project: the first read only learns which version to check.
        const first = await findShareLinkByHash(db, tokenHash);
        return first ? load(tokenHash, first.projectId) : undefined;
      }
      const version = await currentVersion(cached.link.projectId);
      if (version === cached.version && Date.now() - cached.checkedAt < LINK_RECHECK_MS)
        return opened(cached.link, version);
      return load(tokenHash, cached.link.projectId);
    },

    /**
     * The finished page of an open, active link in `locale`; undefined when its project is gone. With a
     * confirmation (`sent`) it is kept as its own variant; with the client's values and errors it is
     * rendered for this answer only.
     */
    async page(
      token: string,
      entry: OpenedLink,
      locale: Locale,
      form: FeedbackFormState | null = null,
    ): Promise<Buffer | undefined> {
      if (form && !('sent' in form)) return render(token, entry, locale, form, undefined);
      const key = `${entry.link.tokenHash}:${locale}${form ? `:sent:${form.sent}` : ''}`;
      const hit = pages.get(key);
      if (hit && hit.version === entry.version && now().getTime() < hit.validUntil) return hit.body;
      const flight = `${key}:${entry.version ?? 'none'}`;
      let pending = rendering.get(flight);
      if (!pending) {
        pending = render(token, entry, locale, form, key).finally(() => rendering.delete(flight));
        rendering.set(flight, pending);
      }
      return pending;
    },
  };
}

export type SharePagesService = ReturnType<typeof createSharePagesService>;
