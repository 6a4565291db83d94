import { frenchSpacing } from '../render/i18n/core.messages';
import type { Catalog } from '../render/i18n/i18n';

/**
 * The words of the messages ClientLens posts to clients' chats and inboxes. Health words come from
 * `coreMessages` (`health.*`), so a milestone reads the same in a chat, an email and on the client page;
 * pass both catalogs to `createTranslator`. Same conventions as the core catalog: typographic apostrophes,
 * Chinese with full-width punctuation and no spaces around numbers or Latin names, French spacing added by
 * `frenchSpacing`. Values arrive already escaped for the channel's markup, so messages hold no markup.
 */
export const channelMessages: Catalog = {
  en: {
    'channel.title': '{project} · progress update',
    'channel.progress': 'Overall progress: {percent}',
    'channel.milestones': 'Milestones',
    'channel.milestone': '{name}: {health}',
    'channel.milestones.none': 'No milestones are planned yet.',
    'channel.milestones.more':
      '…and {count, plural, one {# more milestone} other {# more milestones}} on the client page.',
    'channel.open': 'Open the client page',
    'channel.fallback': '{project}: {headline} ({percent} of the work done)',

    'email.subject': '{project}: {headline}',
    'email.intro': 'Here is the latest progress update on {project}.',
    'email.details': 'The client page has the whole update: milestones, dates, risks and decisions.',
    'email.footer':
      'You receive this email as a client contact for {project}. Please do not share the link outside your team.',
  },
  'zh-CN': {
    'channel.title': '“{project}”最新进展',
    'channel.progress': '整体进度：{percent}',
    'channel.milestones': '里程碑',
    'channel.milestone': '{name}：{health}',
    'channel.milestones.none': '暂时还没有安排里程碑。',
    'channel.milestones.more': '……另有{count, number}个里程碑，请在客户页面查看。',
    'channel.open': '打开客户页面',
    'channel.fallback': '{project}：{headline}（已完成{percent}的工作）',

    'email.subject': '{project}：{headline}',
    'email.intro': '以下是“{project}”的最新进展。',
    'email.details': '客户页面上有完整的进展，包括里程碑、日期、风险和需要您决定的事项。',
    'email.footer': '您收到这封邮件，是因为您是“{project}”的客户联系人。请勿将链接分享给团队以外的人。',
  },
  fr: frenchSpacing({
    'channel.title': '{project} · point d’avancement',
    'channel.progress': 'Avancement global : {percent}',
    'channel.milestones': 'Jalons',
    'channel.milestone': '{name} : {health}',
    'channel.milestones.none': 'Aucun jalon n’est encore prévu.',
    'channel.milestones.more':
      '…et {count, plural, one {# autre jalon} other {# autres jalons}} sur la page client.',
    'channel.open': 'Ouvrir la page client',
    'channel.fallback': '{project} : {headline} ({percent} du travail réalisé)',

    'email.subject': '{project} : {headline}',
    'email.intro': 'Voici le dernier point d’avancement du projet {project}.',
    'email.details': 'La page client présente le point complet : jalons, dates, risques et décisions.',
    'email.footer':
      'Vous recevez cet e-mail en tant que contact client du projet {project}. Merci de ne pas partager le lien en dehors de votre équipe.',
  }),
};
