import { LOCALES, type Locale } from '../../../service/domain/model';
import type { PanelI18n } from '../i18n';

/** Each language in its own name: a PM picks the client's language by how the client reads it. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文', fr: 'Français' };

export type Detail = 'overview' | 'detailed';

/** A language picker; with `any`, a first choice "—" (the default language) whose value is ''. */
export function LanguageSelect(props: {
  label: string;
  value: Locale | '';
  onChange: (value: Locale | '') => void;
  any?: boolean;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as Locale | '')}>
        {props.any && <option value="">—</option>}
        {LOCALES.map((l) => (
          <option value={l}>{LANGUAGE_NAMES[l]}</option>
        ))}
      </select>
    </label>
  );
}

/** Overview or detailed, as a share link shows the page. */
export function DetailSelect(props: {
  label: string;
  value: Detail;
  onChange: (value: Detail) => void;
  i18n: PanelI18n;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as Detail)}>
        <option value="overview">{props.i18n.t('preview.detail.overview')}</option>
        <option value="detailed">{props.i18n.t('preview.detail.detailed')}</option>
      </select>
    </label>
  );
}
