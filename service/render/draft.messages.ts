import { frenchSpacing } from './i18n/french-spacing';
import type { Catalog } from './i18n/i18n';

/** Texts ClientLens writes into a new draft update, in the language the PM writes to the client in. */
export const draftMessages: Catalog = {
  en: {
    'draft.headline': '{percent} of the work is done; the project is {health}.',
    'draft.headline.empty': 'Work is getting started.',
    'draft.completed': 'Completed: {title}',
    'draft.completed.more': '…and {count, plural, one {# more task} other {# more tasks}} completed.',
    'draft.next': '{milestone}: due {date}',
    'draft.next.undated': '{milestone}: in progress',
  },
  'zh-CN': {
    'draft.headline': '整体已完成{percent}，项目目前{health}。',
    'draft.headline.empty': '工作刚刚开始。',
    'draft.completed': '已完成：{title}',
    'draft.completed.more': '……另有{count, number}项任务已完成。',
    'draft.next': '{milestone}：预计{date}交付',
    'draft.next.undated': '{milestone}：进行中',
  },
  fr: frenchSpacing({
    'draft.headline': '{percent} du travail est fait ; le projet est {health}.',
    'draft.headline.empty': 'Le travail démarre.',
    'draft.completed': 'Terminé : {title}',
    'draft.completed.more':
      '…et {count, plural, one {# autre tâche terminée} other {# autres tâches terminées}}.',
    'draft.next': '{milestone} : prévu le {date}',
    'draft.next.undated': '{milestone} : en cours',
  }),
};
