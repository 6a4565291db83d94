import { IntlMessageFormat } from 'intl-messageformat';
import { expect } from 'vitest';
import { LOCALES, type Locale } from '../../service/domain/model';
import type { Catalog } from '../../service/render/i18n/i18n';

/** The parts of an ICU message AST the checks need (intl-messageformat's `getAst()`, read structurally). */
interface AstNode {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
}
const LITERAL = 0;
const POUND = 7;
const TAG = 8;

export interface MessageParts {
  /** Argument names, plus `<tag>` for rich-text tags. */
  placeholders: Set<string>;
  /** The literal text runs, ICU syntax left out. */
  literals: string[];
}

/** Parses a message in its locale; throws on a syntax error. */
export function messageParts(message: string, locale: Locale): MessageParts {
  const parts: MessageParts = { placeholders: new Set(), literals: [] };
  const walk = (nodes: AstNode[]): void => {
    for (const node of nodes) {
      if (node.type === LITERAL) parts.literals.push(String(node.value));
      else if (node.type === TAG) parts.placeholders.add(`<${String(node.value)}>`);
      else if (node.type !== POUND) parts.placeholders.add(String(node.value));
      for (const option of Object.values(node.options ?? {})) walk(option.value);
      walk(node.children ?? []);
    }
  };
  const ast: unknown = new IntlMessageFormat(message, locale).getAst();
  walk(ast as AstNode[]);
  return parts;
}

/**
 * Everything wrong with a catalog, one line each: keys missing from a locale, messages that do not
 * compile in their locale, placeholders that differ from English, and literal braces (an ASCII apostrophe
 * before a brace starts an ICU quote, so "l'{name}" prints "{name}" — write ’).
 */
export function catalogProblems(catalog: Catalog): string[] {
  const problems: string[] = [];
  const keys = new Set(LOCALES.flatMap((locale) => Object.keys(catalog[locale])));
  for (const key of [...keys].sort()) {
    let reference: string[] | undefined;
    for (const locale of LOCALES) {
      const message = catalog[locale][key];
      if (message === undefined) {
        problems.push(`${locale} ${key}: missing`);
        continue;
      }
      if (message.trim() === '') problems.push(`${locale} ${key}: empty`);
      let parts: MessageParts;
      try {
        parts = messageParts(message, locale);
      } catch (error) {
        problems.push(`${locale} ${key}: does not compile (${(error as Error).message})`);
        continue;
      }
      if (parts.literals.some((text) => /[{}]/.test(text)))
        problems.push(`${locale} ${key}: literal brace (ICU quoting?)`);
      const placeholders = [...parts.placeholders].sort();
      if (reference === undefined) reference = placeholders;
      else if (placeholders.join() !== reference.join())
        problems.push(`${locale} ${key}: placeholders ${placeholders.join()} ≠ ${reference.join()}`);
    }
  }
  return problems;
}

/** Every key in every locale, every message compiles, the same placeholders in every locale. */
export function expectCompleteCatalog(catalog: Catalog): void {
  expect(catalogProblems(catalog)).toEqual([]);
}

/**
 * The house typography of every catalog, one line per problem: French with its no-break spaces and no
 * ASCII apostrophe, Chinese with full-width punctuation and no ASCII spaces, English with typographic quotes.
 */
export function typographyProblems(catalog: Catalog): string[] {
  const rules: Record<Locale, RegExp[]> = {
    fr: [/ [:;!?»]/, /« /, /'/],
    'zh-CN': [/[,.:;!?()"']/, / /],
    en: [/["']/],
  };
  const problems: string[] = [];
  for (const locale of LOCALES)
    for (const [key, message] of Object.entries(catalog[locale]))
      for (const literal of messageParts(message, locale).literals)
        for (const rule of rules[locale])
          if (rule.test(literal))
            problems.push(`${locale} ${key}: ${JSON.stringify(literal)} matches ${rule}`);
  return problems;
}
