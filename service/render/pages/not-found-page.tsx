import type { Translator } from '../i18n/i18n';
import { SearchIcon } from './icons';
import { renderDocument, SimplePage } from './layout';

export interface NotFoundPageProps {
  /** In the language of the request's Accept-Language (the token says nothing about who is asking). */
  t: Translator;
}

/** An unknown share token: the same page whatever the reason, so it tells nothing about other links. */
export function renderNotFoundPage({ t }: NotFoundPageProps): string {
  return renderDocument(
    <SimplePage t={t} title={t.t('page.notFound.title')} icon={<SearchIcon />}>
      <p>{t.t('page.notFound.body')}</p>
    </SimplePage>,
  );
}
