import { frenchSpacing } from './i18n/french-spacing';
import type { Catalog } from './i18n/i18n';

/**
 * The words of the meeting agenda (`render/agenda.md.ts`), over `coreMessages` (risks, slips, health,
 * progress, freshness). Dates arrive formatted; `none` is the value `select`s branch on when there is no
 * date or milestone; `yes`/`no` for flags.
 */
export const agendaMessages: Catalog = {
  en: {
    'agenda.title': 'Meeting agenda: {project}',
    'agenda.byline': 'Prepared on {date} · {freshness}',

    'agenda.progress.heading': 'Progress since the last update',
    'agenda.progress.since': 'The last update was published on {date}.',
    'agenda.progress.first': 'No update has been published yet: these are the figures to date.',
    'agenda.progress.overall': 'Overall: {percent} done ({progress})',
    'agenda.progress.overall.compare':
      'Overall: {percent} done ({progress}), up from {before} at the last update',
    'agenda.progress.overall.same': 'Overall: {percent} done ({progress}), the same as at the last update',
    'agenda.progress.overall.lower':
      'Overall: {percent} done ({progress}), down from {before} at the last update (the scope grew)',
    'agenda.progress.completed':
      '{count, plural, =0 {No tasks completed since} one {# task completed since} other {# tasks completed since}}',
    'agenda.progress.more': '…and {count, number} more',
    'agenda.progress.added':
      '{count, plural, one {# task added to the scope} other {# tasks added to the scope}}',
    'agenda.progress.milestone_done': 'Delivered: “{milestone}”{date, select, none {} other { on {date}}}',
    'agenda.progress.no_slips': 'No due dates moved',

    'agenda.risks.heading': 'Risks and decisions needed',
    'agenda.risks.none': 'No risks to report.',
    'agenda.risk.impact': 'Impact: {impact}',
    'agenda.risk.mitigation': 'What we are doing: {mitigation}',
    'agenda.decisions.heading': 'Decisions needed from the client',
    'agenda.decisions.none': 'No decisions are needed from the client right now.',
    'agenda.decision':
      '{question} ({by, select, none {no date set} other {by {by}}}){overdue, select, yes { — overdue} other {}}',

    'agenda.questions.heading': 'Open client questions and change requests',
    'agenda.questions.none': 'No open questions or change requests.',
    'agenda.question':
      '{kind, select, question {Question} change_request {Change request} approval {Approval requested} other {Feedback}} from {author}, {date}{milestone, select, none {} other { — “{milestone}”}}',
    'agenda.question.due':
      '{overdue, select, yes {Overdue: an answer was due {due}} other {Answer due {due}}}',

    'agenda.next.heading': 'Next steps',
    'agenda.next.upcoming': 'Upcoming milestones:',
    'agenda.next.none': 'No next steps are planned yet.',
    'agenda.next.milestone':
      '{milestone}: {due, select, none {no due date} other {due {due}}}{forecast, select, none {} other {, expected {forecast}}} ({health})',
  },
  'zh-CN': {
    'agenda.title': '会议议程：{project}',
    'agenda.byline': '{date}整理｜{freshness}',

    'agenda.progress.heading': '自上次更新以来的进展',
    'agenda.progress.since': '上次更新发布于{date}。',
    'agenda.progress.first': '尚未发布任何更新，以下是截至目前的数据。',
    'agenda.progress.overall': '整体完成{percent}（{progress}）',
    'agenda.progress.overall.compare': '整体完成{percent}（{progress}），上次更新时为{before}',
    'agenda.progress.overall.same': '整体完成{percent}（{progress}），与上次更新时相同',
    'agenda.progress.overall.lower': '整体完成{percent}（{progress}），上次更新时为{before}（范围有所扩大）',
    'agenda.progress.completed':
      '{count, plural, =0 {此后没有新完成的任务} other {此后完成了{count, number}项任务}}',
    'agenda.progress.more': '……另有{count, number}项',
    'agenda.progress.added': '范围内新增了{count, number}项任务',
    'agenda.progress.milestone_done': '已交付：“{milestone}”{date, select, none {} other {（{date}）}}',
    'agenda.progress.no_slips': '没有截止日期发生变动',

    'agenda.risks.heading': '风险与待决事项',
    'agenda.risks.none': '目前没有需要报告的风险。',
    'agenda.risk.impact': '影响：{impact}',
    'agenda.risk.mitigation': '应对措施：{mitigation}',
    'agenda.decisions.heading': '需要客户决定的事项',
    'agenda.decisions.none': '目前没有需要客户决定的事项。',
    'agenda.decision':
      '{question}（{by, select, none {未定日期} other {请于{by}前决定}}）{overdue, select, yes {——已逾期} other {}}',

    'agenda.questions.heading': '待处理的客户问题与变更请求',
    'agenda.questions.none': '没有待处理的问题或变更请求。',
    'agenda.question':
      '{author}于{date}提出的{kind, select, question {问题} change_request {变更请求} approval {验收确认请求} other {反馈}}{milestone, select, none {} other {（“{milestone}”）}}',
    'agenda.question.due': '{overdue, select, yes {已逾期：应在{due}前答复} other {请在{due}前答复}}',

    'agenda.next.heading': '下一步',
    'agenda.next.upcoming': '即将到来的里程碑：',
    'agenda.next.none': '暂时还没有安排下一步工作。',
    'agenda.next.milestone':
      '{milestone}：{due, select, none {未定截止日期} other {截止日期{due}}}{forecast, select, none {} other {，预计{forecast}完成}}（{health}）',
  },
  fr: frenchSpacing({
    'agenda.title': 'Ordre du jour de la réunion : {project}',
    'agenda.byline': 'Préparé le {date} · {freshness}',

    'agenda.progress.heading': 'Avancement depuis la dernière mise à jour',
    'agenda.progress.since': 'La dernière mise à jour a été publiée le {date}.',
    'agenda.progress.first': 'Aucune mise à jour n’a encore été publiée : voici les chiffres à ce jour.',
    'agenda.progress.overall': 'Global : {percent} terminé ({progress})',
    'agenda.progress.overall.compare':
      'Global : {percent} terminé ({progress}), contre {before} lors de la dernière mise à jour',
    'agenda.progress.overall.same':
      'Global : {percent} terminé ({progress}), comme lors de la dernière mise à jour',
    'agenda.progress.overall.lower':
      'Global : {percent} terminé ({progress}), contre {before} lors de la dernière mise à jour (le périmètre s’est élargi)',
    'agenda.progress.completed':
      '{count, plural, =0 {Aucune tâche terminée depuis} one {# tâche terminée depuis} other {# tâches terminées depuis}}',
    'agenda.progress.more': '{count, plural, one {…et # autre} other {…et # autres}}',
    'agenda.progress.added':
      '{count, plural, one {# tâche ajoutée au périmètre} other {# tâches ajoutées au périmètre}}',
    'agenda.progress.milestone_done': 'Livré : « {milestone} »{date, select, none {} other { le {date}}}',
    'agenda.progress.no_slips': 'Aucune échéance n’a bougé',

    'agenda.risks.heading': 'Risques et décisions à prendre',
    'agenda.risks.none': 'Aucun risque à signaler.',
    'agenda.risk.impact': 'Impact : {impact}',
    'agenda.risk.mitigation': 'Ce que nous faisons : {mitigation}',
    'agenda.decisions.heading': 'Décisions attendues du client',
    'agenda.decisions.none': 'Aucune décision n’est attendue du client pour le moment.',
    'agenda.decision':
      '{question} ({by, select, none {sans date} other {avant le {by}}}){overdue, select, yes { — en retard} other {}}',

    'agenda.questions.heading': 'Questions et demandes de changement en attente',
    'agenda.questions.none': 'Aucune question ni demande de changement en attente.',
    'agenda.question':
      '{kind, select, question {Question} change_request {Demande de changement} approval {Validation demandée} other {Retour}} de {author}, le {date}{milestone, select, none {} other { — « {milestone} »}}',
    'agenda.question.due':
      '{overdue, select, yes {En retard : une réponse était attendue le {due}} other {Réponse attendue le {due}}}',

    'agenda.next.heading': 'Prochaines étapes',
    'agenda.next.upcoming': 'Prochains jalons :',
    'agenda.next.none': 'Aucune prochaine étape n’est prévue pour l’instant.',
    'agenda.next.milestone':
      '{milestone} : {due, select, none {sans échéance} other {échéance le {due}}}{forecast, select, none {} other {, fin prévue le {forecast}}} ({health})',
  }),
};
