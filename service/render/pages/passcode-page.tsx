import type { Translator } from '../i18n/i18n';
import { LockIcon } from './icons';
import { renderDocument, SimplePage, type LanguageLink } from './layout';

export interface PasscodePageProps {
  t: Translator;
  /** Where the form posts (`/s/:token/unlock`); the route checks the passcode and sets the cookie. */
  action: string;
  error: 'wrong' | 'rate_limited' | null;
  languages: LanguageLink[];
}

/** The passcode prompt: a plain form (no script), the error said in words and tied to the field. */
export function renderPasscodePage({ t, action, error, languages }: PasscodePageProps): string {
  const errorText =
    error === 'wrong' ? t.t('page.passcode.wrong') : error ? t.t('page.passcode.rateLimited') : null;
  return renderDocument(
    <SimplePage t={t} title={t.t('page.passcode.title')} icon={<LockIcon />} languages={languages}>
      <p>{t.t('page.passcode.intro')}</p>
      {errorText ? (
        <p class="error" id="passcode-error" role="alert">
          {errorText}
        </p>
      ) : null}
      <form class="form" method="post" action={action}>
        <label for="passcode">{t.t('page.passcode.label')}</label>
        <input
          id="passcode"
          name="passcode"
          type="password"
          required
          autofocus
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          aria-invalid={error === 'wrong' ? 'true' : undefined}
          aria-describedby={errorText ? 'passcode-error' : undefined}
        />
        <button type="submit">{t.t('page.passcode.submit')}</button>
      </form>
      <p class="muted">{t.t('page.passcode.help')}</p>
    </SimplePage>,
  );
}
