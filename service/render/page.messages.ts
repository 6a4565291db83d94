import { frenchSpacing } from './i18n/french-spacing';
import { feedbackMessages } from './feedback.messages';
import type { Catalog, Messages } from './i18n/i18n';

/**
 * Every text of the client pages (share page, gone, passcode, not found) and of their charts' text
 * alternatives. Words shared with other renderers (statuses, health, risks, slips, freshness, progress
 * counts) live in `coreMessages`; pass both catalogs to `createTranslator`.
 *
 * Written for the client, not the team: no "sprint", "backlog" or "ticket". Same conventions as the
 * core catalog: typographic apostrophes, Chinese with full-width punctuation and no spaces around numbers,
 * French spacing added by `frenchSpacing`. `none` is the value messages `select` on when a date is missing.
 */

const languageNames: Messages = {
  'page.language.en': 'English',
  'page.language.zh-CN': '简体中文',
  'page.language.fr': 'Français',
};

const en: Messages = {
  ...languageNames,
  'page.title': '{project} · Project progress',
  'page.eyebrow': 'Project progress',
  'page.languages': 'Language',

  'page.decisions.callout':
    '{count, plural, one {One decision is needed from you} other {# decisions are needed from you}}{by, select, none {.} other {, the first by {by}.}}',
  'page.decisions.link': 'See the details',

  'page.update.title': 'Latest update',
  'page.update.published': 'Published {date}',
  'page.update.highlights': 'Highlights',
  'page.update.nextSteps': 'Next steps',
  'page.update.none': 'No update published yet',
  'page.update.noneHint':
    'Your project manager has not written an update yet. The progress below comes straight from the project plan and stays up to date.',

  'page.progress.title': 'Overall progress',
  'page.health.sentence':
    '{health, select, done {All the planned work has been delivered.} on_track {Work is moving at the pace needed to meet the planned dates.} at_risk {Some dates may be missed if nothing changes; the risks below explain what we are doing about it.} late {At least one date has been or will be missed; the risks below explain the plan to catch up.} other {}}',
  'page.chart.progress.count': '{percent} · {progress}',
  'page.chart.progress.estimate': '{percent} of the estimated effort done',

  'page.milestones.title': 'Milestones',
  'page.milestones.empty': 'No milestones are planned yet.',
  'page.milestones.planned': 'Originally planned',
  'page.milestones.due': 'Due',
  'page.milestones.forecast': 'Forecast',
  'page.milestones.completed': 'Completed',
  'page.milestones.noDate': 'No date yet',
  'page.chart.timeline.title': 'Milestone timeline',
  'page.chart.timeline.item':
    '{name}: {health}, {due, select, none {no due date yet} other {due {due}}}{planned, select, none {} other {, originally planned for {planned}}}{forecast, select, none {} other {, forecast {forecast}}}.',
  'page.chart.timeline.planned': 'Originally planned',
  'page.chart.timeline.due': 'Current due date',
  'page.chart.timeline.forecast': 'Forecast',
  'page.chart.today': 'Today',

  'page.burnup.title': 'Progress over time',
  'page.chart.burnup.title': 'Tasks done and total tasks over time',
  'page.chart.burnup.done': 'Tasks done',
  'page.chart.burnup.scope': 'Total tasks',
  'page.chart.burnup.summary':
    '{done, number} of {scope, plural, one {# task} other {# tasks}} done on {date}{change, select, grew {; the total grew by {n, number} since {start}} shrank {; the total went down by {n, number} since {start}} same {; the total is unchanged since {start}} other {}}.',
  'page.chart.burnup.empty': 'There is not enough history yet to draw this chart.',
  'page.chart.number': '{value, number}',

  'page.risks.title': 'Risks and decisions',
  'page.risks.impact': 'Impact',
  'page.risks.mitigation': 'What we are doing',
  'page.risks.detected': 'Also spotted in the plan',
  'page.risks.none': 'Nothing stands in the way right now.',
  'page.decision.by': 'Your decision is needed by {date}',
  'page.decision.needed': 'Your decision is needed',

  'page.changes.title': 'What changed since {date}',
  'page.changes.nothing': 'Nothing has changed since the last update.',
  'page.changes.completed': '{count, plural, one {task completed} other {tasks completed}}',
  'page.changes.added': '{count, plural, one {task added} other {tasks added}}',
  'page.changes.moved': '{count, plural, one {date moved} other {dates moved}}',
  'page.changes.completedList': 'Completed',
  'page.changes.addedList': 'Added',
  'page.changes.movedList': 'Dates that moved',

  'page.tasks.title': 'Tasks by milestone',
  'page.tasks.none': 'No tasks yet.',
  'page.tasks.unplanned': 'Other tasks',
  'page.tasks.blocked': 'On hold',
  'page.tasks.count': '{count, plural, =0 {no tasks} one {# task} other {# tasks}}',

  'page.history.title': 'Earlier updates',
  ...feedbackMessages.en,

  'page.footer.generated': 'Generated {dateTime}',
  'page.footer.private': 'Anyone with this link can see this page, so please share it with care.',

  'page.gone.revoked.title': 'This link is no longer active',
  'page.gone.revoked.body': 'The person who shared it has turned it off.',
  'page.gone.expired.title': 'This link has expired',
  'page.gone.expired.body': 'Links to this page are only valid for a limited time.',
  'page.gone.help':
    'If you still want to follow the project, ask the person who shared the link for a new one.',

  'page.passcode.title': 'This page is protected',
  'page.passcode.intro': 'Enter the passcode you received with the link to see the project’s progress.',
  'page.passcode.label': 'Passcode',
  'page.passcode.submit': 'Open the page',
  'page.passcode.wrong': 'That passcode is not right. Please check it and try again.',
  'page.passcode.rateLimited': 'Too many attempts. Please wait a few minutes before trying again.',
  'page.passcode.help': 'No passcode? Ask the person who shared the link.',

  'page.notFound.title': 'Page not found',
  'page.notFound.body':
    'This link does not lead to a project page. Check that it was copied in full, or ask the person who shared it for a new one.',
  'page.error.title': 'This page could not be shown',
  'page.error.body':
    'Something went wrong on our side. Please try again in a few minutes; nothing you did caused it.',
};

const zhCN: Messages = {
  ...languageNames,
  'page.title': '{project}｜项目进展',
  'page.eyebrow': '项目进展',
  'page.languages': '语言',

  'page.decisions.callout': '有{count}项事项需要您决定{by, select, none {。} other {，最早请在{by}前答复。}}',
  'page.decisions.link': '查看详情',

  'page.update.title': '最新进展',
  'page.update.published': '发布于{date}',
  'page.update.highlights': '本期要点',
  'page.update.nextSteps': '下一步计划',
  'page.update.none': '暂未发布进展更新',
  'page.update.noneHint': '项目经理还没有撰写进展更新。下方的进度直接来自项目计划，并会自动保持最新。',

  'page.progress.title': '整体进度',
  'page.health.sentence':
    '{health, select, done {计划内的工作已全部交付。} on_track {按目前的推进节奏，能够在计划日期内完成。} at_risk {如不采取措施，部分日期可能无法按时完成；我们的应对措施见下方风险说明。} late {至少有一个日期已经或即将延误；补救计划见下方风险说明。} other {}}',
  'page.chart.progress.count': '{percent}·{progress}',
  'page.chart.progress.estimate': '按预估工作量计，已完成{percent}',

  'page.milestones.title': '里程碑',
  'page.milestones.empty': '暂未设定里程碑。',
  'page.milestones.planned': '原计划',
  'page.milestones.due': '截止日期',
  'page.milestones.forecast': '预计完成',
  'page.milestones.completed': '完成日期',
  'page.milestones.noDate': '日期待定',
  'page.chart.timeline.title': '里程碑时间线',
  'page.chart.timeline.item':
    '{name}：{health}，{due, select, none {尚未确定截止日期} other {截止日期为{due}}}{planned, select, none {} other {（原计划{planned}）}}{forecast, select, none {} other {，预计{forecast}完成}}。',
  'page.chart.timeline.planned': '原计划日期',
  'page.chart.timeline.due': '当前截止日期',
  'page.chart.timeline.forecast': '预计完成日期',
  'page.chart.today': '今天',

  'page.burnup.title': '进度趋势',
  'page.chart.burnup.title': '已完成任务数与任务总数的变化',
  'page.chart.burnup.done': '已完成',
  'page.chart.burnup.scope': '任务总数',
  'page.chart.burnup.summary':
    '截至{date}，{scope, number}项任务中已完成{done, number}项{change, select, grew {；自{start}以来，任务总数增加了{n, number}项} shrank {；自{start}以来，任务总数减少了{n, number}项} same {；自{start}以来，任务总数没有变化} other {}}。',
  'page.chart.burnup.empty': '历史数据还不够，暂时无法绘制趋势图。',
  'page.chart.number': '{value, number}',

  'page.risks.title': '风险与待您决定的事项',
  'page.risks.impact': '影响',
  'page.risks.mitigation': '应对措施',
  'page.risks.detected': '根据项目计划自动发现',
  'page.risks.none': '目前没有需要关注的风险。',
  'page.decision.by': '请在{date}前做出决定',
  'page.decision.needed': '需要您做出决定',

  'page.changes.title': '自{date}以来的变化',
  'page.changes.nothing': '自上次更新以来没有变化。',
  'page.changes.completed': '{count, plural, other {项任务已完成}}',
  'page.changes.added': '{count, plural, other {项任务新增}}',
  'page.changes.moved': '{count, plural, other {个日期有调整}}',
  'page.changes.completedList': '已完成',
  'page.changes.addedList': '新增',
  'page.changes.movedList': '日期调整',

  'page.tasks.title': '各里程碑的任务',
  'page.tasks.none': '暂无任务。',
  'page.tasks.unplanned': '其他任务',
  'page.tasks.blocked': '受阻',
  'page.tasks.count': '{count, plural, =0 {暂无任务} other {#项任务}}',

  'page.history.title': '往期更新',
  ...feedbackMessages['zh-CN'],

  'page.footer.generated': '生成于{dateTime}',
  'page.footer.private': '持有此链接的人都可以查看本页面，请谨慎转发。',

  'page.gone.revoked.title': '此链接已失效',
  'page.gone.revoked.body': '分享者已关闭此链接。',
  'page.gone.expired.title': '此链接已过期',
  'page.gone.expired.body': '此页面的链接仅在一定期限内有效。',
  'page.gone.help': '如需继续了解项目进展，请联系分享者获取新链接。',

  'page.passcode.title': '此页面需要访问密码',
  'page.passcode.intro': '请输入随链接一起收到的访问密码，即可查看项目进展。',
  'page.passcode.label': '访问密码',
  'page.passcode.submit': '打开页面',
  'page.passcode.wrong': '密码不正确，请核对后重试。',
  'page.passcode.rateLimited': '尝试次数过多，请稍等几分钟再试。',
  'page.passcode.help': '没有密码？请联系分享此链接的人。',

  'page.notFound.title': '页面不存在',
  'page.notFound.body': '此链接没有对应的项目页面。请确认链接已完整复制，或联系分享者获取新链接。',
  'page.error.title': '页面暂时无法显示',
  'page.error.body': '我们这边出了点问题，与您的操作无关。请几分钟后再试。',
};

const fr: Messages = frenchSpacing({
  ...languageNames,
  'page.title': '{project} · Avancement du projet',
  'page.eyebrow': 'Avancement du projet',
  'page.languages': 'Langue',

  'page.decisions.callout':
    '{count, plural, one {Une décision est attendue de votre part} other {# décisions sont attendues de votre part}}{by, select, none {.} other {, la première avant le {by}.}}',
  'page.decisions.link': 'Voir le détail',

  'page.update.title': 'Dernier point d’avancement',
  'page.update.published': 'Publié le {date}',
  'page.update.highlights': 'Faits marquants',
  'page.update.nextSteps': 'Prochaines étapes',
  'page.update.none': 'Aucun point d’avancement publié pour l’instant',
  'page.update.noneHint':
    'Votre chef de projet n’a pas encore rédigé de point. L’avancement ci-dessous provient directement du plan du projet et reste à jour.',

  'page.progress.title': 'Avancement global',
  'page.health.sentence':
    '{health, select, done {Tout le travail prévu a été livré.} on_track {Le travail avance au rythme nécessaire pour tenir les dates prévues.} at_risk {Certaines dates risquent de ne pas être tenues si rien ne change ; les risques ci-dessous expliquent ce que nous faisons.} late {Au moins une date est ou sera dépassée ; les risques ci-dessous présentent le plan de rattrapage.} other {}}',
  'page.chart.progress.count': '{percent} · {progress}',
  'page.chart.progress.estimate': '{percent} de la charge estimée réalisée',

  'page.milestones.title': 'Jalons',
  'page.milestones.empty': 'Aucun jalon n’est encore prévu.',
  'page.milestones.planned': 'Prévu initialement',
  'page.milestones.due': 'Échéance',
  'page.milestones.forecast': 'Prévision',
  'page.milestones.completed': 'Terminé',
  'page.milestones.noDate': 'Pas encore de date',
  'page.chart.timeline.title': 'Calendrier des jalons',
  'page.chart.timeline.item':
    '{name} : {health}, {due, select, none {pas encore d’échéance} other {échéance le {due}}}{planned, select, none {} other {, prévu initialement le {planned}}}{forecast, select, none {} other {, fin prévue le {forecast}}}.',
  'page.chart.timeline.planned': 'Date initiale',
  'page.chart.timeline.due': 'Échéance actuelle',
  'page.chart.timeline.forecast': 'Prévision',
  'page.chart.today': 'Aujourd’hui',

  'page.burnup.title': 'Évolution de l’avancement',
  'page.chart.burnup.title': 'Tâches terminées et nombre total de tâches au fil du temps',
  'page.chart.burnup.done': 'Tâches terminées',
  'page.chart.burnup.scope': 'Total des tâches',
  'page.chart.burnup.summary':
    '{done, number} {done, plural, one {tâche terminée} other {tâches terminées}} sur {scope, number} au {date}{change, select, grew { ; le total a augmenté de {n, number} depuis le {start}} shrank { ; le total a diminué de {n, number} depuis le {start}} same { ; le total n’a pas changé depuis le {start}} other {}}.',
  'page.chart.burnup.empty': 'Pas encore assez d’historique pour tracer ce graphique.',
  'page.chart.number': '{value, number}',

  'page.risks.title': 'Risques et décisions',
  'page.risks.impact': 'Impact',
  'page.risks.mitigation': 'Ce que nous faisons',
  'page.risks.detected': 'Également repéré dans le plan',
  'page.risks.none': 'Aucun obstacle à signaler pour le moment.',
  'page.decision.by': 'Votre décision est attendue avant le {date}',
  'page.decision.needed': 'Votre décision est attendue',

  'page.changes.title': 'Ce qui a changé depuis le {date}',
  'page.changes.nothing': 'Rien n’a changé depuis le dernier point.',
  'page.changes.completed': '{count, plural, one {tâche terminée} other {tâches terminées}}',
  'page.changes.added': '{count, plural, one {tâche ajoutée} other {tâches ajoutées}}',
  'page.changes.moved': '{count, plural, one {date décalée} other {dates décalées}}',
  'page.changes.completedList': 'Terminées',
  'page.changes.addedList': 'Ajoutées',
  'page.changes.movedList': 'Dates décalées',

  'page.tasks.title': 'Tâches par jalon',
  'page.tasks.none': 'Aucune tâche pour l’instant.',
  'page.tasks.unplanned': 'Autres tâches',
  'page.tasks.blocked': 'En attente',
  'page.tasks.count': '{count, plural, =0 {aucune tâche} one {# tâche} other {# tâches}}',

  'page.history.title': 'Points précédents',
  ...feedbackMessages.fr,

  'page.footer.generated': 'Généré le {dateTime}',
  'page.footer.private':
    'Toute personne disposant de ce lien peut consulter cette page : partagez-le avec discernement.',

  'page.gone.revoked.title': 'Ce lien n’est plus actif',
  'page.gone.revoked.body': 'La personne qui l’a partagé l’a désactivé.',
  'page.gone.expired.title': 'Ce lien a expiré',
  'page.gone.expired.body': 'Les liens vers cette page ne sont valables que pour une durée limitée.',
  'page.gone.help':
    'Pour continuer à suivre le projet, demandez un nouveau lien à la personne qui vous l’a envoyé.',

  'page.passcode.title': 'Cette page est protégée',
  'page.passcode.intro': 'Saisissez le code d’accès reçu avec le lien pour consulter l’avancement du projet.',
  'page.passcode.label': 'Code d’accès',
  'page.passcode.submit': 'Ouvrir la page',
  'page.passcode.wrong': 'Ce code d’accès n’est pas le bon. Vérifiez-le et réessayez.',
  'page.passcode.rateLimited': 'Trop de tentatives. Patientez quelques minutes avant de réessayer.',
  'page.passcode.help': 'Pas de code ? Demandez-le à la personne qui a partagé le lien.',

  'page.notFound.title': 'Page introuvable',
  'page.notFound.body':
    'Ce lien ne mène à aucune page de projet. Vérifiez qu’il a été copié en entier, ou demandez un nouveau lien à la personne qui l’a partagé.',
  'page.error.title': 'Cette page n’a pas pu être affichée',
  'page.error.body': 'Un problème est survenu de notre côté, pas du vôtre. Réessayez dans quelques minutes.',
});

export const pageMessages: Catalog = { en, 'zh-CN': zhCN, fr };
