import type { Messages } from './i18n';

/** French typography: a narrow no-break space before ; ! ?, a no-break space before : and », after «. */
export function frenchSpacing(messages: Messages): Messages {
  return Object.fromEntries(
    Object.entries(messages).map(([key, message]) => [
      key,
      message
        .replace(/ ([;!?])/g, '\u202f$1')
        .replace(/ ([:»])/g, '\u00a0$1')
        .replace(/« /g, '«\u00a0'),
    ]),
  );
}
