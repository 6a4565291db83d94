import type { Translator } from '../i18n/i18n';
import { ClockIcon, LinkOffIcon } from './icons';
import { renderDocument, SimplePage } from './layout';

export interface GonePageProps {
  t: Translator;
  reason: 'revoked' | 'expired';
}

/** A revoked or expired share link (served with 410): say so kindly and who can help. */
export function renderGonePage({ t, reason }: GonePageProps): string {
  return renderDocument(
    <SimplePage
      t={t}
      title={t.t(`page.gone.${reason}.title`)}
      icon={reason === 'expired' ? <ClockIcon /> : <LinkOffIcon />}
    >
      <p>{t.t(`page.gone.${reason}.body`)}</p>
      <p class="muted">{t.t('page.gone.help')}</p>
    </SimplePage>,
  );
}
