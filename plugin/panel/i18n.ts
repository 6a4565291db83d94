import type { Locale } from '../../service/domain/model';
import { pickLocale } from '../../service/render/i18n/pick-locale';
import { panelMessages } from './panel.messages';

export type T = (key: string, values?: Record<string, string | number>) => string;

export interface PanelI18n {
  locale: Locale;
  t: T;
  /** An instant as the reader reads dates, e.g. "Mar 10, 2026, 10:42". */
  when(instant: string | null | undefined): string;
}

/** The panel's words in `locale`: `{name}` placeholders filled in, English when a key is missing. */
export function panelI18n(locale: Locale): PanelI18n {
  const messages = panelMessages[locale];
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    t: (key, values = {}) =>
      (messages[key] ?? panelMessages.en[key] ?? key).replace(/\{(\w+)\}/g, (all, name: string) =>
        name in values ? String(values[name]) : all,
      ),
    when: (instant) => (instant ? format.format(new Date(instant)) : '—'),
  };
}

/** The host's language (the token's), else the browser's, else English. */
export const panelLocale = (fromHost: string | null | undefined): Locale =>
  pickLocale(fromHost, navigator.language) ?? 'en';
