import type { Catalog, Messages } from './i18n/i18n';

/**
 * The feedback section of the share page (`page.feedback.*`), spread into `pageMessages` so the page
 * catalog stays the one the checks read. Same conventions: typographic apostrophes, Chinese full-width
 * punctuation without spaces, French spacing added by `frenchSpacing` where `pageMessages` applies it.
 * Nothing here mentions response targets or lateness: those are for the PM only.
 */

const en: Messages = {
  'page.feedback.title': 'Questions and feedback',
  'page.feedback.intro':
    'Ask your project manager a question, approve a milestone, ask for a change or rate the latest update.',
  'page.feedback.answered': 'You asked — we answered',
  'page.feedback.asked': '{kind, select, question {{name} asked on {date}} other {{name} wrote on {date}}}',
  'page.feedback.reply': 'Answered on {date}',
  'page.feedback.formTitle': 'Send a message',
  'page.feedback.kindLegend': 'What would you like to do?',
  'page.feedback.kind':
    '{kind, select, question {Ask a question} comment {Leave a comment} approval {Approve a milestone} change_request {Ask for a change} other {Rate the latest update}}',
  'page.feedback.milestone': 'Milestone',
  'page.feedback.milestoneChoose': 'Choose a milestone',
  'page.feedback.milestoneHint': 'For an approval; optional for a change.',
  'page.feedback.ratingLegend': 'Your rating of the latest update',
  'page.feedback.ratingHint': '1 means not satisfied at all, 5 very satisfied.',
  'page.feedback.body': 'Your message',
  'page.feedback.bodyHint': 'Optional for an approval or a rating. Up to {max, number} characters.',
  'page.feedback.name': 'Your name',
  'page.feedback.email': 'Your email (optional)',
  'page.feedback.emailHint': 'Only the project team sees it, to get back to you.',
  'page.feedback.trap': 'Leave this field empty',
  'page.feedback.submit': 'Send',
  'page.feedback.privacy':
    'Answered questions and comments are shown on this page, with your name but never your email, to everyone who has the link.',
  'page.feedback.sent':
    '{kind, select, question {Thank you, your question has been sent. The answer will appear on this page.} comment {Thank you, your comment has been sent.} approval {Thank you, your approval has been recorded.} change_request {Thank you, your change request has been sent to the project team.} other {Thank you for your rating.}}',
  'page.feedback.errorSummary': 'Your message was not sent yet. Please check the fields marked below.',
  'page.feedback.forbidden':
    'This message could not be sent from here. Please open the page again and send it from there.',
  'page.feedback.rateLimited':
    'Many messages were sent from here in a short time. Please try again in {minutes, plural, one {# minute} other {# minutes}}.',
  'page.feedback.error.kind': 'Please choose what you would like to do.',
  'page.feedback.error.body':
    '{problem, select, too_long {Your message is longer than {max, number} characters; please shorten it.} other {Please write your message.}}',
  'page.feedback.error.name':
    '{problem, select, too_long {Please use at most {max, number} characters.} other {Please enter your name.}}',
  'page.feedback.error.email': 'This email address does not look right. Please check it, or leave it empty.',
  'page.feedback.error.rating': 'Please choose a rating from 1 to 5.',
  'page.feedback.error.milestoneId': 'Please choose a milestone from the list.',
};

const zhCN: Messages = {
  'page.feedback.title': '问题与反馈',
  'page.feedback.intro': '您可以向项目经理提问、确认里程碑、提出变更，或为最新进展打分。',
  'page.feedback.answered': '您的提问与我们的答复',
  'page.feedback.asked': '{kind, select, question {{name}于{date}提问} other {{name}于{date}留言}}',
  'page.feedback.reply': '{date}答复',
  'page.feedback.formTitle': '给我们留言',
  'page.feedback.kindLegend': '您想做什么？',
  'page.feedback.kind':
    '{kind, select, question {提问} comment {留言} approval {确认里程碑} change_request {提出变更} other {为最新进展打分}}',
  'page.feedback.milestone': '里程碑',
  'page.feedback.milestoneChoose': '请选择里程碑',
  'page.feedback.milestoneHint': '确认里程碑时必选；提出变更时可不选。',
  'page.feedback.ratingLegend': '您对最新进展的评分',
  'page.feedback.ratingHint': '1分表示非常不满意，5分表示非常满意。',
  'page.feedback.body': '留言内容',
  'page.feedback.bodyHint': '确认里程碑或评分时可不填；最多{max, number}个字。',
  'page.feedback.name': '您的姓名',
  'page.feedback.email': '您的邮箱（选填）',
  'page.feedback.emailHint': '仅项目团队可见，用于回复您。',
  'page.feedback.trap': '此项请勿填写',
  'page.feedback.submit': '发送',
  'page.feedback.privacy':
    '已答复的问题和留言会连同您的姓名显示在本页面上，持有此链接的人都能看到；您的邮箱不会显示。',
  'page.feedback.sent':
    '{kind, select, question {谢谢，您的问题已发送，答复会显示在本页面上。} comment {谢谢，您的留言已发送。} approval {谢谢，您的确认已记录。} change_request {谢谢，您的变更请求已发送给项目团队。} other {谢谢您的评分。}}',
  'page.feedback.errorSummary': '留言尚未发送，请检查下方标出的内容。',
  'page.feedback.forbidden': '无法从此处发送留言。请重新打开本页面，再从页面上发送。',
  'page.feedback.rateLimited': '短时间内从这里发送的留言过多，请{minutes}分钟后再试。',
  'page.feedback.error.kind': '请选择您想做的事。',
  'page.feedback.error.body':
    '{problem, select, too_long {留言超过{max, number}个字，请删减。} other {请填写留言内容。}}',
  'page.feedback.error.name':
    '{problem, select, too_long {姓名最多{max, number}个字。} other {请填写您的姓名。}}',
  'page.feedback.error.email': '邮箱地址格式不正确，请检查或留空。',
  'page.feedback.error.rating': '请选择1到5分。',
  'page.feedback.error.milestoneId': '请从列表中选择一个里程碑。',
};

/** French spacing is applied by `pageMessages`, which spreads this into its French catalog. */
const fr: Messages = {
  'page.feedback.title': 'Questions et retours',
  'page.feedback.intro':
    'Posez une question à votre chef de projet, validez un jalon, demandez une modification ou notez le dernier point d’avancement.',
  'page.feedback.answered': 'Vous avez demandé — nous avons répondu',
  'page.feedback.asked':
    '{kind, select, question {Question de {name}, le {date}} other {Commentaire de {name}, le {date}}}',
  'page.feedback.reply': 'Réponse du {date}',
  'page.feedback.formTitle': 'Envoyer un message',
  'page.feedback.kindLegend': 'Que souhaitez-vous faire ?',
  'page.feedback.kind':
    '{kind, select, question {Poser une question} comment {Laisser un commentaire} approval {Valider un jalon} change_request {Demander une modification} other {Noter le dernier point d’avancement}}',
  'page.feedback.milestone': 'Jalon',
  'page.feedback.milestoneChoose': 'Choisissez un jalon',
  'page.feedback.milestoneHint': 'Pour une validation ; facultatif pour une modification.',
  'page.feedback.ratingLegend': 'Votre note du dernier point d’avancement',
  'page.feedback.ratingHint': '1 signifie pas du tout satisfait, 5 très satisfait.',
  'page.feedback.body': 'Votre message',
  'page.feedback.bodyHint':
    'Facultatif pour une validation ou une note. {max, number} caractères au maximum.',
  'page.feedback.name': 'Votre nom',
  'page.feedback.email': 'Votre e-mail (facultatif)',
  'page.feedback.emailHint': 'Seule l’équipe du projet le voit, pour vous répondre.',
  'page.feedback.trap': 'Laissez ce champ vide',
  'page.feedback.submit': 'Envoyer',
  'page.feedback.privacy':
    'Les questions et commentaires qui ont reçu une réponse s’affichent sur cette page, avec votre nom mais jamais votre e-mail, pour toute personne disposant du lien.',
  'page.feedback.sent':
    '{kind, select, question {Merci, votre question a été envoyée. La réponse s’affichera sur cette page.} comment {Merci, votre commentaire a été envoyé.} approval {Merci, votre validation a été enregistrée.} change_request {Merci, votre demande de modification a été transmise à l’équipe du projet.} other {Merci pour votre note.}}',
  'page.feedback.errorSummary':
    'Votre message n’est pas encore envoyé. Vérifiez les champs signalés ci-dessous.',
  'page.feedback.forbidden':
    'Ce message n’a pas pu être envoyé d’ici. Rouvrez la page et envoyez-le depuis celle-ci.',
  'page.feedback.rateLimited':
    'Beaucoup de messages ont été envoyés d’ici en peu de temps. Réessayez dans {minutes, plural, one {# minute} other {# minutes}}.',
  'page.feedback.error.kind': 'Choisissez ce que vous souhaitez faire.',
  'page.feedback.error.body':
    '{problem, select, too_long {Votre message dépasse {max, number} caractères ; merci de le raccourcir.} other {Écrivez votre message.}}',
  'page.feedback.error.name':
    '{problem, select, too_long {{max, number} caractères au maximum.} other {Indiquez votre nom.}}',
  'page.feedback.error.email':
    'Cette adresse e-mail ne semble pas correcte. Vérifiez-la, ou laissez le champ vide.',
  'page.feedback.error.rating': 'Choisissez une note de 1 à 5.',
  'page.feedback.error.milestoneId': 'Choisissez un jalon dans la liste.',
};

export const feedbackMessages: Catalog = { en, 'zh-CN': zhCN, fr };
