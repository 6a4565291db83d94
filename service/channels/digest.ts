import type { Locale } from '../domain/model';
import type { Health } from '../domain/summary/types';
import type { Tone } from '../render/charts/palette';
import { coreMessages } from '../render/i18n/core.messages';
import { createTranslator, type Translator } from '../render/i18n/i18n';
import { healthWord } from '../render/plain-language';
import type { ChannelMessage } from './channel';
import { channelMessages } from './channel.messages';
import { truncate } from './text';

/**
 * A message in words, in one language, before any vendor's markup: every channel renders this, so
 * the texts, the caps on their length and the health words are the same everywhere. Texts are raw
 * (unescaped); each channel escapes them for its own markup.
 */
export interface DigestMilestone {
  name: string;
  health: Health;
  /** The client word for the health, e.g. "At risk". */
  word: string;
}

export interface Digest {
  locale: Locale;
  projectName: string;
  headline: string;
  /** Overall progress 0..1. */
  ratio: number;
  /** Overall progress as a localized percentage ("62%", "62 %"). */
  percent: string;
  /** "{project} · progress update". */
  title: string;
  /** "Overall progress: 62%". */
  progress: string;
  milestonesHeading: string;
  milestones: DigestMilestone[];
  noMilestones: string;
  linkLabel: string;
  shareUrl: string;
  /** One line for notifications and clients that cannot show cards. */
  fallback: string;
  /** The worst milestone health (neutral without milestones): the colour of a card's header. */
  tone: Tone;
  /** Email texts: subject, the sentence under the headline, the one above the link, the footer. */
  subject: string;
  intro: string;
  details: string;
  footer: string;
  /** "…and 3 more milestones on the client page." */
  more(hidden: number): string;
  /** "Design: at risk", with the name and the health word already in the channel's markup. */
  milestoneLine(name: string, health: string): string;
  /** The email texts. */
  t: Translator;
}

/** Caps in user-perceived characters; every vendor limit below is computed with these in mind. */
export const TEXT_CAPS = { projectName: 80, headline: 200, milestoneName: 80 } as const;

const SEVERITY: readonly Health[] = ['done', 'on_track', 'at_risk', 'late'];

export function buildDigest(message: ChannelMessage, locale: Locale): Digest {
  const t = createTranslator(locale, channelMessages, coreMessages);
  const projectName = truncate(message.projectName, TEXT_CAPS.projectName);
  const headline = truncate(message.headline, TEXT_CAPS.headline);
  const percent = t.percent(message.progress);
  const notice = message.notice;
  const milestones = message.milestones.map((m) => ({
    name: truncate(m.name, TEXT_CAPS.milestoneName),
    health: m.health,
    word: healthWord(t, m.health),
  }));
  const worst = milestones.reduce<number>((w, m) => Math.max(w, SEVERITY.indexOf(m.health)), -1);
  return {
    locale,
    projectName,
    headline,
    ratio: message.progress,
    percent,
    title: t.t(notice ? `notice.${notice}.title` : 'channel.title', { project: projectName }),
    progress: t.t('channel.progress', { percent }),
    milestonesHeading: t.t('channel.milestones'),
    milestones,
    noMilestones: t.t('channel.milestones.none'),
    linkLabel: t.t('channel.open'),
    shareUrl: message.shareUrl,
    fallback: t.t(notice ? `notice.${notice}.fallback` : 'channel.fallback', {
      project: projectName,
      headline,
      percent,
    }),
    subject: notice
      ? t.t(`notice.${notice}.title`, { project: projectName })
      : t.t('email.subject', { project: projectName, headline }),
    intro: t.t(notice ? `notice.${notice}.intro` : 'email.intro', { project: projectName }),
    details: t.t(notice ? 'notice.details' : 'email.details'),
    footer: t.t(notice ? 'notice.footer' : 'email.footer', { project: projectName }),
    tone: SEVERITY[worst] ?? 'neutral',
    more: (hidden) => t.t('channel.milestones.more', { count: hidden }),
    milestoneLine: (name, health) => t.t('channel.milestone', { name, health }),
    t,
  };
}
