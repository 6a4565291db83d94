import type { Translator } from '../i18n/i18n';
import { WarningIcon } from './icons';
import { renderDocument, SimplePage } from './layout';

/** What a client sees when the server fails: a calm sentence, never a stack or JSON. */
export function renderErrorPage({ t }: { t: Translator }): string {
  return renderDocument(
    <SimplePage t={t} title={t.t('page.error.title')} icon={<WarningIcon />}>
      <p>{t.t('page.error.body')}</p>
    </SimplePage>,
  );
}
