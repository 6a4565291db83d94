import { useEffect, useState } from 'preact/hooks';
import type { Locale } from '../../../service/domain/model';
import type { ViewProps } from '../app';
import { DetailSelect, LanguageSelect, type Detail } from './fields';

/**
 * Exactly what the client sees: the share page rendered by the service with the share page's own
 * components, shown in a sandboxed frame (no script, no access to the panel), in the client's language.
 */
export function PreviewView({ api, i18n, fail }: ViewProps) {
  const [lang, setLang] = useState<Locale | ''>('');
  const [detail, setDetail] = useState<Detail>('overview');
  const [html, setHtml] = useState<string | undefined>();
  useEffect(() => {
    const query = new URLSearchParams({ detail, ...(lang ? { lang } : {}) });
    api<string>('GET', `/preview?${query.toString()}`).then(setHtml, fail);
  }, [lang, detail]);
  return (
    <section class="preview">
      <div class="row">
        <LanguageSelect label={i18n.t('preview.language')} value={lang} onChange={setLang} any />
        <DetailSelect label={i18n.t('preview.detail')} value={detail} onChange={setDetail} i18n={i18n} />
      </div>
      {html === undefined ? (
        <p class="notice">{i18n.t('common.loading')}</p>
      ) : (
        <iframe class="client-page" title={i18n.t('preview.frame')} sandbox="" srcdoc={html} />
      )}
    </section>
  );
}
