import { LOCALES, type Locale } from '../../domain/model';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The best supported locale for a free-form tag such as "zh-cn", "fr-FR" or an Accept-Language value. */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale | undefined {
  for (const candidate of candidates) {
    for (const tag of (candidate ?? '').split(',')) {
      // The primary language subtag only: "fr-FR" and "zh_CN" match, "frr" (North Frisian) does not.
      const language = tag.split(';')[0]?.trim().toLowerCase().split(/[-_]/)[0];
      if (language === 'zh') return 'zh-CN';
      if (language === 'fr') return 'fr';
      if (language === 'en') return 'en';
    }
  }
  return undefined;
}
