import { LOCALES, type Locale } from '../domain/model';
import { coreMessages } from './i18n/core.messages';
import { createTranslator, type Translator } from './i18n/i18n';
import { pageMessages } from './page.messages';

// One translator per language for the life of the process: it holds compiled messages and Intl formatters.
const translators = new Map(
  LOCALES.map((locale) => [locale, createTranslator(locale, coreMessages, pageMessages)]),
);

/** The translator of the client pages (core words + page sentences) in one language. */
export const pageTranslator = (locale: Locale): Translator => translators.get(locale)!;
