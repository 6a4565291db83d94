import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { Locale } from '../../domain/model';
import type { Translator } from '../i18n/i18n';
import { pageStyles } from './styles';

/** A link to the same page in another language; `current` marks the one being shown. */
export interface LanguageLink {
  locale: Locale;
  href: string;
  current: boolean;
}

export interface LayoutProps {
  t: Translator;
  title: string;
  children: ComponentChildren;
}

/**
 * The document shell shared by every client-facing page: language, viewport, `noindex`, the one style
 * block, and nothing fetched from anywhere (the empty data: icon stops the browser asking for
 * /favicon.ico). Everything is JSX, so every text and attribute is escaped by construction.
 */
export function Layout({ t, title, children }: LayoutProps): VNode {
  return (
    <html lang={t.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <meta name="color-scheme" content="light" />
        <title>{title}</title>
        <link rel="icon" href="data:," />
        {/* Set as raw text so the bytes are exactly those the CSP hash was computed over. */}
        <style dangerouslySetInnerHTML={{ __html: pageStyles }} />
      </head>
      <body>{children}</body>
    </html>
  );
}

/** Plain links to the other languages: no script, works everywhere, hidden when printing. */
export function LanguageSwitch({ t, languages }: { t: Translator; languages: LanguageLink[] }): VNode | null {
  if (languages.length < 2) return null;
  return (
    <nav class="langs" aria-label={t.t('page.languages')}>
      <ul>
        {languages.map((language) => (
          <li key={language.locale}>
            <a
              href={language.href}
              hreflang={language.locale}
              lang={language.locale}
              aria-current={language.current ? 'page' : undefined}
            >
              {t.t(`page.language.${language.locale}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The short, centred card used by the gone, passcode and not-found pages. */
export function SimplePage({
  t,
  title,
  icon,
  languages = [],
  children,
}: {
  t: Translator;
  title: string;
  icon: VNode;
  languages?: LanguageLink[];
  children: ComponentChildren;
}): VNode {
  return (
    <Layout t={t} title={title}>
      <main class="simple">
        <LanguageSwitch t={t} languages={languages} />
        <div class="card simple__card">
          {icon}
          <h1>{title}</h1>
          {children}
        </div>
      </main>
    </Layout>
  );
}

export function renderDocument(page: VNode): string {
  return `<!doctype html>${render(page)}`;
}
