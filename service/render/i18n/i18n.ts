import { IntlMessageFormat } from 'intl-messageformat';
import type { IsoDate, Locale } from '../../domain/model';
import { isLocale, pickLocale } from './pick-locale';

export { isLocale, pickLocale };

/**
 * Translation for every client-visible and panel text: ICU messages (plurals, selects) through
 * intl-messageformat, dates and numbers through Intl. A catalog is one `Messages` object per locale;
 * every locale must have every key (a test checks), English is the fallback.
 */
export type Messages = Record<string, string>;
export type Catalog = Record<Locale, Messages>;
export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

export interface Translator {
  locale: Locale;
  t(key: string, values?: MessageValues): string;
  /** A calendar date, e.g. "Mar 10, 2026" / "2026年3月10日" / "10 mars 2026". */
  date(date: IsoDate): string;
  /** An instant in a time zone, e.g. "Mar 10, 10:42". */
  dateTime(instant: Date | string, timeZone: string): string;
  /** A ratio 0..1 as a whole percentage. */
  percent(ratio: number): string;
}

const compiled = new Map<string, IntlMessageFormat>();

export function createTranslator(locale: Locale, ...catalogs: Catalog[]): Translator {
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

  // Own properties only: "constructor" or "toString" must not resolve to Object.prototype members.
  const own = (messages: Messages, key: string): string | undefined =>
    Object.hasOwn(messages, key) ? messages[key] : undefined;

  function lookup(key: string): { message: string; from: Locale } {
    for (const catalog of catalogs) {
      const message = own(catalog[locale], key);
      if (message !== undefined) return { message, from: locale };
    }
    for (const catalog of catalogs) {
      const message = own(catalog.en, key);
      if (message !== undefined) return { message, from: 'en' };
    }
    return { message: key, from: 'en' };
  }

  return {
    locale,
    t(key, values) {
      const { message, from } = lookup(key);
      const cacheKey = `${from}\u0000${message}`;
      let format = compiled.get(cacheKey);
      if (!format) {
        format = new IntlMessageFormat(message, from);
        compiled.set(cacheKey, format);
      }
      return String(format.format(values));
    },
    date: (date) => dateFormat.format(new Date(`${date}T00:00:00Z`)),
    dateTime(instant, timeZone) {
      let format = dateTimeFormats.get(timeZone);
      if (!format) {
        format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
        dateTimeFormats.set(timeZone, format);
      }
      return format.format(typeof instant === 'string' ? new Date(instant) : instant);
    },
    percent: (ratio) => percentFormat.format(ratio),
  };
}
