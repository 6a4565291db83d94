import { LOCALES, type Locale } from './model';

/**
 * Technical terms a client should not have to decode, per language, so the PM can see why a title was
 * flagged and override it. Left out on purpose: words clients use themselves ("bug", 上线, recette,
 * "release", "mise en production") and everyday words whose technical sense is the rare one ("branch",
 * "merge", "pipeline", 分支, 合并, branche, fusion: bank branches, merging duplicate records, sales
 * pipelines); their technical compounds are listed instead ("feature branch", 合并分支).
 *
 * Latin terms match whole words, case-insensitively, with an optional -s/-es/-d/-ed/-ing ending ("APIs",
 * "deployed", "refactoring") and an optional -s on inner words ("bases de données"); a space or hyphen
 * inside a term matches a space, a hyphen or nothing ("back-end", "backend", "back end"). Han terms match
 * anywhere: Chinese has no spaces between words.
 */
export const JARGON_TERMS: Record<Locale, string[]> = {
  en: [
    'API',
    'SDK',
    'endpoint',
    'webhook',
    'web service',
    'backend',
    'back-end',
    'frontend',
    'front-end',
    'middleware',
    'microservice',
    'refactor',
    'deploy',
    'deployment',
    'redeploy',
    'rollback',
    'hotfix',
    'staging',
    'prod',
    'repo',
    'git',
    'commit',
    'pull request',
    'PR',
    'merge request',
    'merge conflict',
    'feature branch',
    'CI',
    'CI/CD',
    'build pipeline',
    'data pipeline',
    'SQL',
    'DB',
    'database migration',
    'schema',
    'Kubernetes',
    'k8s',
    'Docker',
    'cache',
    'CDN',
    'cron',
    'OAuth',
    'JWT',
    'JSON',
    'YAML',
    'latency',
    'regression',
    'unit test',
    'integration test',
    'e2e',
    'QA',
    'UAT',
    'tech debt',
    'technical debt',
    'sprint',
    'backlog',
    'story point',
    'epic',
    'lint',
    'linter',
    'stack trace',
    'null pointer',
    'race condition',
    'memory leak',
    'feature flag',
    'devops',
    'npm',
  ],
  'zh-CN': [
    '接口',
    '后端',
    '前端',
    '服务端',
    '中间件',
    '微服务',
    '重构',
    '部署',
    '灰度',
    '联调',
    '提测',
    '自测',
    '冒烟测试',
    '回归测试',
    '单元测试',
    '测试用例',
    '压测',
    '数据库',
    '缓存',
    '迭代',
    '需求池',
    '埋点',
    '技术债',
    '代码',
    '合并请求',
    '合并分支',
    '分支合并',
    '热修复',
    '回滚',
    '发版',
  ],
  fr: [
    'API',
    'back-end',
    'front-end',
    'refacto',
    'refactorisation',
    'déploiement',
    'déployer',
    'déployé',
    'mise en prod',
    'MEP',
    'pré-prod',
    'montée de version',
    'dette technique',
    'base de données',
    'intégration continue',
    'test unitaire',
    'non-régression',
  ],
};

export interface JargonFinding {
  id: string;
  title: string;
  /** Terms as spelled in `JARGON_TERMS`, in order of appearance, each once. */
  terms: string[];
}

interface Pattern {
  term: string;
  regex: RegExp;
}

const HAN = /\p{Script=Han}/u;
/** A letter or digit that continues a Latin word; Han characters do not ("修复API超时" names the API). */
const WORD = String.raw`[\p{Script=Latin}\p{N}_]`;
const SEPARATOR = String.raw`[\s\-‐‑–]*`;
const ENDING = '(?:s|es|d|ed|ing)?';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function compile(term: string): Pattern {
  const normalized = term.normalize('NFKC');
  if (HAN.test(normalized)) return { term, regex: new RegExp(escape(normalized), 'gu') };
  // French plurals inflect every word ("bases de données", "tests unitaires"), so each may end in -s.
  const body = normalized
    .split(/[\s-]+/)
    .map(escape)
    .join(`s?${SEPARATOR}`);
  return { term, regex: new RegExp(`(?<!${WORD})${body}${ENDING}(?!${WORD})`, 'giu') };
}

/** The client's language first, so its spelling wins when two lists name the same words. */
const patternsByLocale = new Map<Locale, Pattern[]>(
  LOCALES.map((locale) => [
    locale,
    [locale, ...LOCALES.filter((other) => other !== locale)].flatMap((list) =>
      JARGON_TERMS[list].map(compile),
    ),
  ]),
);

/** The jargon in one title: leftmost-longest matches, so "CI/CD" is reported once, not also as "CI". */
export function jargonIn(title: string, locale: Locale): string[] {
  // NFKC folds full-width Latin ("ＡＰＩ", common in Chinese input) and composed accents.
  const text = title.normalize('NFKC');
  const matches: { start: number; end: number; rank: number; term: string }[] = [];
  (patternsByLocale.get(locale) ?? []).forEach(({ term, regex }, rank) => {
    for (const match of text.matchAll(regex))
      matches.push({ start: match.index, end: match.index + match[0].length, rank, term });
  });
  matches.sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);

  const terms: string[] = [];
  const seen = new Set<string>();
  let covered = 0;
  for (const { start, end, term } of matches) {
    if (start < covered) continue;
    covered = end;
    const key = term.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      terms.push(term);
    }
  }
  return terms;
}

/**
 * Client-visible titles that use technical terms, in input order. Every language's list runs whatever
 * the client's language (a Chinese client may still see an English title); `locale` only decides whose
 * spelling is reported when several lists name the same words.
 */
export function findJargon(items: readonly { id: string; title: string }[], locale: Locale): JargonFinding[] {
  const findings: JargonFinding[] = [];
  for (const { id, title } of items) {
    const terms = jargonIn(title, locale);
    if (terms.length > 0) findings.push({ id, title, terms });
  }
  return findings;
}
