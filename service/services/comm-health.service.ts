import { commHealth, type CommHealth } from '../domain/comm-health';
import { responseTargetHoursOf } from '../domain/feedback';
import { notFound } from '../errors';
import { openFeedbackRows, publishedUpdateStats, responseSeconds } from '../store/comm-health.store';
import type { Db } from '../store/db';
import { projectWithZone } from '../store/feedback.store';
import { toView } from './feedback.service';
import type { ShareLinksService } from './share-links.service';

/**
 * Communication health of a project for its PM: views and ratings per published update, response
 * times, open and overdue feedback, days since the last update. Views still counted in this process's
 * memory are written first, as the share-link list does.
 */
export function createCommHealthService(deps: {
  db: Db;
  views: Pick<ShareLinksService, 'flushViews'>;
  now?: () => Date;
}) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async forProject(
      workspaceId: string,
      projectId: string,
      options: { limit: number },
    ): Promise<CommHealth> {
      const found = await projectWithZone(db, workspaceId, projectId);
      if (!found) throw notFound('Project');
      await deps.views.flushViews();
      const [updates, seconds, open] = await Promise.all([
        publishedUpdateStats(db, projectId, options.limit),
        responseSeconds(db, projectId),
        openFeedbackRows(db, projectId),
      ]);
      const at = now();
      const zone = {
        timeZone: found.timeZone,
        targetHours: responseTargetHoursOf(found.project.clientSettings),
      };
      return commHealth({
        updates,
        responseSeconds: seconds,
        openFeedback: open.length,
        overdueFeedback: open.filter((row) => toView(row, zone, at).overdue).length,
        timeZone: found.timeZone,
        now: at,
      });
    },
  };
}

export type CommHealthService = ReturnType<typeof createCommHealthService>;
