import { describe, expect, test } from 'vitest';
import { JARGON_TERMS, findJargon, jargonIn } from '../../service/domain/jargon';
import { LOCALES } from '../../service/domain/model';

describe('jargonIn', () => {
  test.each([
    // English: whole words, any case, simple endings.
    { title: 'Fix API timeout', terms: ['API'] },
    { title: 'Document the REST API', terms: ['API'] },
    { title: 'Versioned APIs for partners', terms: ['API'] },
    { title: 'api rate limits', terms: ['API'] },
    { title: 'Review PR #42 before deploy', terms: ['PR', 'deploy'] },
    { title: 'Merge open PRs', terms: ['PR'] },
    { title: 'Open a pull request for the refactor', terms: ['pull request', 'refactor'] },
    { title: 'Refactoring the checkout backend', terms: ['refactor', 'backend'] },
    { title: 'Back end and front-end split', terms: ['back-end', 'front-end'] },
    { title: 'Bases de données et tests unitaires', terms: ['base de données', 'test unitaire'] },
    { title: 'Set up CI/CD pipeline on staging', terms: ['CI/CD', 'staging'] },
    { title: 'CI is red on main', terms: ['CI'] },
    { title: 'Database migration for orders; add DB index', terms: ['database migration', 'DB'] },
    { title: 'Deployed hotfix to prod', terms: ['deploy', 'hotfix', 'prod'] },
    {
      title: 'Move cron jobs to Kubernetes (k8s) with Docker',
      terms: ['cron', 'Kubernetes', 'k8s', 'Docker'],
    },
    {
      title: 'Sprint 12: groom backlog and estimate story points',
      terms: ['sprint', 'backlog', 'story point'],
    },
    { title: 'Pay down tech debt; add unit tests', terms: ['tech debt', 'unit test'] },
    { title: 'OAuth login with JWT and a webhook', terms: ['OAuth', 'JWT', 'webhook'] },
    { title: 'Reduce latency of the search endpoint', terms: ['latency', 'endpoint'] },
    { title: 'QA pass before UAT', terms: ['QA', 'UAT'] },
    { title: 'API, api and Api again', terms: ['API'] },
    // Chinese: substrings, Latin terms next to Han characters still count.
    { title: '修复登录接口', terms: ['接口'] },
    { title: '后端重构与前端联调', terms: ['后端', '重构', '前端', '联调'] },
    { title: '灰度发布后回归测试', terms: ['灰度', '回归测试'] },
    { title: '修复API超时', terms: ['API'] },
    { title: '修复ＡＰＩ超时', terms: ['API'] },
    { title: '数据库缓存优化，清理技术债', terms: ['数据库', '缓存', '技术债'] },
    { title: '迭代3：提测并部署到测试环境', terms: ['迭代', '提测', '部署'] },
    { title: '补充埋点，整理需求池', terms: ['埋点', '需求池'] },
    // French.
    { title: 'Déploiement en production', terms: ['déploiement'] },
    { title: 'Mise en prod du back-end', terms: ['mise en prod', 'back-end'] },
    { title: 'Refacto de la base de données', terms: ['refacto', 'base de données'] },
    { title: 'Réduire la dette technique', terms: ['dette technique'] },
    { title: 'DÉPLOIEMENTS de vendredi', terms: ['déploiement'] },
    { title: 'Tests de non régression', terms: ['non-régression'] },
  ])('$title → $terms', ({ title, terms }) => {
    expect(jargonIn(title, 'en')).toEqual(terms);
  });

  test.each([
    'Update capital expenditure report',
    'New pricing page',
    'PRICE list for 2026',
    'Improve onboarding emails',
    'Product photos for the catalogue',
    'Production of the printed brochure',
    'Digital signage for the lobby',
    'Committee review of the design',
    'Commitment letter for the partner',
    'Fix bug in the invoice total',
    'Add branch locator to the map',
    'Merge duplicate customer records',
    'Sales pipeline dashboard',
    'Release notes for version 2.0',
    'Epicenter map',
    'City guide',
    '重新设计首页',
    '合并订单功能',
    '新增分支机构管理',
    '网站上线',
    'Recette du module de paiement',
    'Mise en production du site',
    'Fusion des comptes clients',
    '',
  ])('%j is clean', (title) => {
    expect(jargonIn(title, 'en')).toEqual([]);
  });

  test("the client's language decides the spelling when two lists name the same words", () => {
    expect(jargonIn('New backend for invoices', 'en')).toEqual(['backend']);
    expect(jargonIn('New backend for invoices', 'fr')).toEqual(['back-end']);
    expect(jargonIn('修复API超时', 'zh-CN')).toEqual(['API']);
  });
});

describe('findJargon', () => {
  test('lists only flagged titles, in input order, with their terms', () => {
    const items = [
      { id: 'a', title: 'Redesign the home page' },
      { id: 'b', title: '修复登录接口' },
      { id: 'c', title: 'Fix API timeout in staging' },
      { id: 'd', title: 'Déploiement en production' },
    ];
    expect(findJargon(items, 'zh-CN')).toEqual([
      { id: 'b', title: '修复登录接口', terms: ['接口'] },
      { id: 'c', title: 'Fix API timeout in staging', terms: ['API', 'staging'] },
      { id: 'd', title: 'Déploiement en production', terms: ['déploiement'] },
    ]);
    expect(findJargon([], 'en')).toEqual([]);
  });

  test.each(LOCALES)('every %s term flags itself', (locale) => {
    for (const term of JARGON_TERMS[locale]) {
      expect(jargonIn(`x ${term} x`, locale), term).toEqual([term]);
    }
  });
});
