import { frenchSpacing } from './french-spacing';
import type { Catalog, Messages } from './i18n';

/**
 * The words every client-facing renderer shares: statuses, health, milestone kinds, risks, freshness,
 * forecasts, slips, progress and sync failures, written for the client, not for engineers.
 *
 * Conventions, so messages stay consistent across renderers:
 * - Dates and instants arrive already formatted (`t.date` / `t.dateTime`); counts arrive as numbers.
 * - `milestone`, `syncedAt`, `time` and `from` may be the literal `none` (no milestone, never synced, no
 *   date); messages branch on it with `select`.
 * - Chinese: full-width punctuation, no spaces around numbers or Latin names; counts as `{n, number}` so
 *   they group like the `#` of English and French plurals (1,200).
 * - French: typographic apostrophe (’), and the non-breaking spaces of French typography, added by
 *   `frenchSpacing` below so the source stays readable.
 * - No ASCII apostrophe next to a brace: in ICU it starts a quoted literal.
 */

const en: Messages = {
  'status.planned': 'Not started yet',
  'status.in_progress': 'In progress',
  'status.done': 'Done',
  'status.cancelled': 'Dropped',

  'health.done': 'Delivered',
  'health.on_track': 'On track',
  'health.at_risk': 'At risk',
  'health.late': 'Late',

  'kind.milestone': 'Milestone',
  'kind.version': 'Release',
  'kind.sprint': 'Work cycle',
  'kind.phase': 'Phase',

  'risk.overdue_work':
    '{count, plural, one {# task} other {# tasks}}{milestone, select, none {} other { in “{milestone}”}} {count, plural, one {is past its due date} other {are past their due dates}}.',
  'risk.overdue_work.impact':
    'Work that should already be finished is still open, which can push back what comes next.',
  'risk.blocked_work':
    '{count, plural, one {# task} other {# tasks}}{milestone, select, none {} other { in “{milestone}”}} {count, plural, one {is blocked and cannot move forward} other {are blocked and cannot move forward}} for now.',
  'risk.blocked_work.impact':
    'This work is waiting for a decision, some information or another piece of work before it can continue.',
  'risk.forecast_past_due':
    'At the current pace, {milestone, select, none {this stage} other {“{milestone}”}} should be finished on {forecastDate}, {days, plural, one {# day} other {# days}} after its due date of {dueDate}.',
  'risk.forecast_past_due.impact':
    'Unless the pace picks up or the scope changes, this delivery will arrive later than planned.',
  'risk.stale_sync':
    '{syncedAt, select, none {No figures have come in from {source} yet.} other {The figures have not been refreshed from {source} since {syncedAt}.}}',
  'risk.stale_sync.impact':
    'Recent work may not show yet, so the real progress may differ from what this page shows.',
  'risk.failed_sync': 'The latest refresh from {source} ({at}) did not go through. {reason}',
  'risk.failed_sync.impact': 'Until it works again, this page shows the last figures received.',

  'freshness.updated': 'Updated {time}, data from {source}',
  'freshness.never': 'Waiting for the first data from {source}',
  'freshness.stale.old':
    'This page has not been refreshed for {days, plural, =0 {{hours, plural, one {# hour} other {# hours}}} one {# day} other {# days}}; the numbers may be out of date.',
  'freshness.stale.failed':
    'The latest refresh from {source} did not go through{time, select, none {.} other {; the numbers shown are from {time}.}}',
  'freshness.stale.never_synced':
    'No data has come in from {source} yet; the first refresh has not finished.',

  'forecast.throughput': 'Forecast from the recent pace of work',
  'forecast.elapsed': 'Forecast from the time spent so far and the share of work done',
  'forecast.none': 'Not enough history to forecast yet',
  'forecast.expected': 'Expected {date}',

  'slip.later': '“{milestone}” moved from {from} to {to} ({days, plural, one {# day} other {# days}} later)',
  'slip.earlier':
    '“{milestone}” moved from {from} to {to} ({days, plural, one {# day} other {# days}} earlier)',
  'slip.set': '“{milestone}” now has a due date: {to}',
  'slip.removed': '“{milestone}” no longer has a due date{from, select, none {} other { (was {from})}}',

  'progress.count': '{done, number} of {total, plural, one {# task} other {# tasks}} done',
  'progress.empty': 'No tasks planned yet',

  'sync_error.auth_failed': 'The connection to {source} needs to be authorized again.',
  'sync_error.rate_limited': '{source} asked us to slow down; the refresh will be retried automatically.',
  'sync_error.upstream_unavailable':
    '{source} is temporarily unavailable; the refresh will be retried automatically.',
  'sync_error.timeout': '{source} took too long to answer; the refresh will be retried automatically.',
  'sync_error.network_error': '{source} could not be reached; the refresh will be retried automatically.',
  'sync_error.bad_payload': '{source} sent data in a form we could not read.',
  'sync_error.not_found':
    'The project could not be found in {source}; it may have been moved, or access to it may have changed.',
  'sync_error.bad_request': '{source} turned down the request for data.',
  'sync_error.redirect_refused':
    '{source} pointed us to a different address; the connection needs to be checked.',
  'sync_error.address_refused':
    'The address set up for {source} is not allowed; the connection needs to be updated.',
  'sync_error.internal_error':
    'A problem on our side interrupted the refresh; it will be retried automatically.',
  'sync_error.other': 'The refresh from {source} did not go through.',
};

const zhCN: Messages = {
  'status.planned': '尚未开始',
  'status.in_progress': '进行中',
  'status.done': '已完成',
  'status.cancelled': '已取消',

  'health.done': '已交付',
  'health.on_track': '进展顺利',
  'health.at_risk': '存在风险',
  'health.late': '已延期',

  'kind.milestone': '里程碑',
  'kind.version': '版本',
  'kind.sprint': '工作周期',
  'kind.phase': '阶段',

  'risk.overdue_work':
    '{milestone, select, none {} other {“{milestone}”中}}有{count, number}项任务已过截止日期。',
  'risk.overdue_work.impact': '本应完成的工作仍未完成，后续安排可能因此推迟。',
  'risk.blocked_work':
    '{milestone, select, none {} other {“{milestone}”中}}有{count, number}项任务受阻，暂时无法推进。',
  'risk.blocked_work.impact': '这些工作需要等待某项决定、信息或其他工作完成后才能继续。',
  'risk.forecast_past_due':
    '按目前的进度，{milestone, select, none {该阶段} other {“{milestone}”}}预计在{forecastDate}完成，比截止日期{dueDate}晚{days, number}天。',
  'risk.forecast_past_due.impact': '如果进度没有加快、范围也没有调整，这部分交付将晚于原计划。',
  'risk.stale_sync':
    '{syncedAt, select, none {尚未从{source}获取到任何数据。} other {自{syncedAt}起，数据未再从{source}更新。}}',
  'risk.stale_sync.impact': '最近的工作可能尚未体现，实际进度可能与本页显示的不同。',
  'risk.failed_sync': '最近一次从{source}更新数据（{at}）未成功。{reason}',
  'risk.failed_sync.impact': '恢复之前，本页显示的是最近一次获取到的数据。',

  'freshness.updated': '更新于{time}，数据来自{source}',
  'freshness.never': '正在等待从{source}获取首批数据',
  'freshness.stale.old':
    '本页已有{days, plural, =0 {{hours, number}小时} other {{days, number}天}}未更新，数据可能不是最新的。',
  'freshness.stale.failed':
    '最近一次从{source}更新数据未成功{time, select, none {。} other {，页面显示的是{time}的数据。}}',
  'freshness.stale.never_synced': '尚未从{source}获取到数据，首次更新还未完成。',

  'forecast.throughput': '根据近期的工作节奏预测',
  'forecast.elapsed': '根据已用时间和已完成工作的比例预测',
  'forecast.none': '历史数据还不够，暂时无法预测',
  'forecast.expected': '预计{date}',

  'slip.later': '“{milestone}”由{from}推迟至{to}（推迟{days, number}天）',
  'slip.earlier': '“{milestone}”由{from}提前至{to}（提前{days, number}天）',
  'slip.set': '“{milestone}”的截止日期已确定为{to}',
  'slip.removed': '“{milestone}”的截止日期已取消{from, select, none {} other {（原为{from}）}}',

  'progress.count': '{total, number}项任务中已完成{done, number}项',
  'progress.empty': '暂时还没有安排任务',

  'sync_error.auth_failed': '与{source}的连接需要重新授权。',
  'sync_error.rate_limited': '{source}暂时限制了访问频率，稍后会自动重试。',
  'sync_error.upstream_unavailable': '{source}暂时无法使用，稍后会自动重试。',
  'sync_error.timeout': '{source}响应时间过长，稍后会自动重试。',
  'sync_error.network_error': '暂时无法连接到{source}，稍后会自动重试。',
  'sync_error.bad_payload': '{source}返回的数据格式无法识别。',
  'sync_error.not_found': '在{source}中找不到该项目，可能已被移动或访问权限有变。',
  'sync_error.bad_request': '{source}拒绝了本次数据请求。',
  'sync_error.redirect_refused': '{source}把请求转到了另一个地址，需要检查连接设置。',
  'sync_error.address_refused': '为{source}设置的地址不被允许，需要更新连接设置。',
  'sync_error.internal_error': '我们这边出现了问题，更新被中断，稍后会自动重试。',
  'sync_error.other': '从{source}更新数据未成功。',
};

const fr: Messages = frenchSpacing({
  'status.planned': 'À venir',
  'status.in_progress': 'En cours',
  'status.done': 'Terminé',
  'status.cancelled': 'Abandonné',

  'health.done': 'Livré',
  'health.on_track': 'En bonne voie',
  'health.at_risk': 'À risque',
  'health.late': 'En retard',

  'kind.milestone': 'Jalon',
  'kind.version': 'Livraison',
  'kind.sprint': 'Cycle de travail',
  'kind.phase': 'Phase',

  'risk.overdue_work':
    '{count, plural, one {# tâche} other {# tâches}}{milestone, select, none {} other { de « {milestone} »}} {count, plural, one {a dépassé son échéance} other {ont dépassé leur échéance}}.',
  'risk.overdue_work.impact':
    'Du travail qui aurait dû être terminé est encore en cours, ce qui peut retarder la suite.',
  'risk.blocked_work':
    '{count, plural, one {# tâche} other {# tâches}}{milestone, select, none {} other { de « {milestone} »}} {count, plural, one {est bloquée et ne peut} other {sont bloquées et ne peuvent}} pas avancer pour le moment.',
  'risk.blocked_work.impact':
    'Ce travail attend une décision, une information ou la fin d’une autre tâche pour continuer.',
  'risk.forecast_past_due':
    'Au rythme actuel, la fin de {milestone, select, none {cette étape} other {« {milestone} »}} est prévue le {forecastDate}, soit {days, plural, one {# jour} other {# jours}} après l’échéance du {dueDate}.',
  'risk.forecast_past_due.impact':
    'Sans accélération ni ajustement du périmètre, cette livraison arrivera plus tard que prévu.',
  'risk.stale_sync':
    '{syncedAt, select, none {Aucune donnée n’a encore été reçue de {source}.} other {Les données de {source} n’ont pas été actualisées depuis le {syncedAt}.}}',
  'risk.stale_sync.impact':
    'Le travail récent n’apparaît peut-être pas encore ; l’avancement réel peut différer de ce qu’affiche cette page.',
  'risk.failed_sync': 'La dernière actualisation depuis {source} ({at}) n’a pas abouti. {reason}',
  'risk.failed_sync.impact': 'En attendant, cette page affiche les derniers chiffres reçus.',

  'freshness.updated': 'Mis à jour le {time}, données issues de {source}',
  'freshness.never': 'En attente des premières données de {source}',
  'freshness.stale.old':
    'Cette page n’a pas été actualisée depuis {days, plural, =0 {{hours, plural, one {# heure} other {# heures}}} one {# jour} other {# jours}} ; les chiffres ne sont peut-être plus à jour.',
  'freshness.stale.failed':
    'La dernière actualisation depuis {source} n’a pas abouti{time, select, none {.} other { ; les chiffres affichés datent du {time}.}}',
  'freshness.stale.never_synced':
    'Aucune donnée n’a encore été reçue de {source} ; la première actualisation n’est pas terminée.',

  'forecast.throughput': 'Prévision fondée sur le rythme de travail récent',
  'forecast.elapsed': 'Prévision fondée sur le temps écoulé et la part du travail terminée',
  'forecast.none': 'Pas encore assez d’historique pour une prévision',
  'forecast.expected': 'Prévu le {date}',

  'slip.later':
    '« {milestone} » : échéance repoussée du {from} au {to} ({days, plural, one {# jour} other {# jours}} plus tard)',
  'slip.earlier':
    '« {milestone} » : échéance avancée du {from} au {to} ({days, plural, one {# jour} other {# jours}} plus tôt)',
  'slip.set': '« {milestone} » : échéance fixée au {to}',
  'slip.removed': '« {milestone} » : échéance retirée{from, select, none {} other { (prévue le {from})}}',

  'progress.count': '{done, plural, one {# tâche terminée} other {# tâches terminées}} sur {total, number}',
  'progress.empty': 'Aucune tâche prévue pour l’instant',

  'sync_error.auth_failed': 'La connexion à {source} doit être autorisée à nouveau.',
  'sync_error.rate_limited':
    '{source} nous demande de ralentir ; une nouvelle tentative aura lieu automatiquement.',
  'sync_error.upstream_unavailable':
    '{source} est momentanément indisponible ; une nouvelle tentative aura lieu automatiquement.',
  'sync_error.timeout':
    '{source} a mis trop de temps à répondre ; une nouvelle tentative aura lieu automatiquement.',
  'sync_error.network_error':
    '{source} est injoignable pour le moment ; une nouvelle tentative aura lieu automatiquement.',
  'sync_error.bad_payload': '{source} a renvoyé des données dans un format inattendu.',
  'sync_error.not_found':
    'Le projet est introuvable dans {source} ; il a peut-être été déplacé, ou ses droits d’accès ont changé.',
  'sync_error.bad_request': '{source} a refusé la demande de données.',
  'sync_error.redirect_refused':
    '{source} nous a renvoyés vers une autre adresse ; la connexion doit être vérifiée.',
  'sync_error.address_refused':
    'L’adresse indiquée pour {source} n’est pas autorisée ; la connexion doit être mise à jour.',
  'sync_error.internal_error':
    'Un problème de notre côté a interrompu l’actualisation ; une nouvelle tentative aura lieu automatiquement.',
  'sync_error.other': 'L’actualisation depuis {source} n’a pas abouti.',
});

export const coreMessages: Catalog = { en, 'zh-CN': zhCN, fr };
