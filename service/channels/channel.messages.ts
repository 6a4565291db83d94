import { frenchSpacing } from '../render/i18n/french-spacing';
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

    'notice.draft_ready.title': 'Your update for {project} is ready to review',
    'notice.draft_ready.fallback':
      'Your update for {project} is ready to review: {headline} ({percent} of the work done)',
    'notice.draft_ready.intro':
      'ClientLens has drafted the next client update for {project} from the latest sync. Review it, adjust it and publish it: the client channels of the plan receive it then.',
    'notice.reminder.title': 'Reminder: your update for {project} is still a draft',
    'notice.reminder.fallback': 'Reminder: your update for {project} is still a draft: {headline}',
    'notice.reminder.intro':
      'The update for {project} is not published yet. Publish it so the client hears from you on time.',
    'notice.details': 'The headline above is the draft’s. The client page shows what the client sees today.',
    'notice.footer':
      'You receive this email as the project manager of {project}, from its communication plan.',
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

    'notice.draft_ready.title': '“{project}”的进展更新已准备好，请审阅',
    'notice.draft_ready.fallback':
      '“{project}”的进展更新已准备好，请审阅：{headline}（已完成{percent}的工作）',
    'notice.draft_ready.intro':
      'ClientLens已根据最新同步为“{project}”起草了下一次客户进展更新。请审阅、修改并发布；发布后，计划中的客户渠道就会收到。',
    'notice.reminder.title': '提醒：“{project}”的进展更新仍是草稿',
    'notice.reminder.fallback': '提醒：“{project}”的进展更新仍是草稿：{headline}',
    'notice.reminder.intro': '“{project}”的进展更新尚未发布。请及时发布，让客户按时了解进展。',
    'notice.details': '上面的标题来自草稿。客户页面显示的是客户当前看到的内容。',
    'notice.footer': '您收到这封邮件，是因为您是“{project}”的项目经理，它来自该项目的沟通计划。',
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

    'notice.draft_ready.title': 'Votre point pour {project} est prêt à relire',
    'notice.draft_ready.fallback':
      'Votre point pour {project} est prêt à relire : {headline} ({percent} du travail réalisé)',
    'notice.draft_ready.intro':
      'ClientLens a préparé le prochain point client du projet {project} à partir de la dernière synchronisation. Relisez-le, ajustez-le et publiez-le : les canaux client du plan le recevront alors.',
    'notice.reminder.title': 'Rappel : votre point pour {project} est encore un brouillon',
    'notice.reminder.fallback': 'Rappel : votre point pour {project} est encore un brouillon : {headline}',
    'notice.reminder.intro':
      'Le point du projet {project} n’est pas encore publié. Publiez-le pour que le client ait de vos nouvelles à temps.',
    'notice.details':
      'Le titre ci-dessus est celui du brouillon. La page client montre ce que le client voit aujourd’hui.',
    'notice.footer':
      'Vous recevez cet e-mail en tant que chef de projet de {project}, par son plan de communication.',
  }),
};
