import type { Rng } from './prng';

/**
 * Word lists the generator combines into work-item titles, half Chinese and half English, so a
 * 10 000-item project still reads like real product work.
 */
export type TitleKind = 'epic' | 'feature' | 'story' | 'task' | 'bug';

const ZH_OBJECTS = [
  '登录页面',
  '注册流程',
  '首页轮播图',
  '产品详情页',
  '购物车',
  '结算页',
  '订单列表',
  '用户中心',
  '消息通知',
  '搜索结果页',
  '数据看板',
  '报表导出',
  '权限管理',
  '角色配置',
  '支付接口',
  '退款流程',
  '优惠券模块',
  '会员等级',
  '评论区',
  '文件上传',
  '图片压缩服务',
  '多语言切换',
  '站点地图',
  'SEO 元数据',
  '移动端导航',
  '页脚',
  '联系表单',
  '新闻列表',
  '案例展示页',
  '客户评价模块',
  '价格方案页',
  '帮助中心',
  '邮件模板',
  '短信验证码',
  '缓存策略',
  '日志采集',
  '监控告警',
  '部署脚本',
  'CDN 配置',
  '数据库索引',
  'API 网关',
  '单点登录',
  '审批流程',
  '导航菜单',
  '表单校验',
  '暗色模式',
  '埋点统计',
  '后台管理首页',
];

/** `pre: true` reads "verb object" (优化购物车), otherwise "object verb" (登录页面重新设计). */
const ZH_VERBS: readonly { word: string; pre: boolean }[] = [
  { word: '重新设计', pre: false },
  { word: '优化', pre: true },
  { word: '重构', pre: true },
  { word: '实现', pre: true },
  { word: '开发', pre: false },
  { word: '调整', pre: true },
  { word: '完善', pre: true },
  { word: '接入', pre: true },
  { word: '迁移', pre: false },
  { word: '升级', pre: false },
  { word: '联调', pre: false },
  { word: '补充单元测试：', pre: true },
  { word: '编写文档：', pre: true },
  { word: '评审', pre: false },
  { word: '上线', pre: false },
  { word: '性能优化', pre: false },
];

const ZH_QUALIFIERS = [
  '',
  '',
  '',
  '（移动端）',
  '（PC 端）',
  '（小程序）',
  '（二期）',
  '的交互细节',
  '的响应式布局',
  '的无障碍支持',
  '的加载性能',
  '的错误处理',
  '的埋点',
  '的英文版',
];

const ZH_SYMPTOMS = [
  '在 Safari 下显示错位',
  '偶发白屏',
  '加载超时',
  '数据不刷新',
  '点击无响应',
  '样式错乱',
  '中文显示乱码',
  '分页数据重复',
  '时区显示错误',
  '导出文件为空',
  '在 iOS 上闪退',
  '提示文案错误',
  '重复提交',
];

const ZH_ROLES = ['访客', '管理员', '运营人员', '客户', '销售', '编辑', '客服', '财务'];

const ZH_CAPABILITIES = [
  '可以按日期筛选订单',
  '能够导出 CSV 报表',
  '在首页看到最新案例',
  '通过微信扫码登录',
  '收到订单状态变更通知',
  '批量修改商品价格',
  '切换中英文界面',
  '随时查看项目进度',
  '保存常用的搜索条件',
  '上传并裁剪头像',
  '通过短信找回密码',
  '对比不同的价格方案',
  '在手机上完成下单',
  '给文章设置定时发布',
  '查看每周访问量报表',
  '为案例添加英文翻译',
  '一键复制分享链接',
  '按标签浏览新闻',
  '下载发票 PDF',
  '邀请同事加入团队',
  '在评论中提及同事',
  '看到最近浏览过的产品',
  '设置消息免打扰时段',
  '预览页面后再发布',
];

const ZH_CHANNELS = ['', '', '', '（移动端）', '（小程序）', '（英文站）', '（后台）'];

const ZH_FEATURES = [
  '批量操作',
  '拖拽排序',
  '关键字搜索',
  '多选',
  '暗色模式',
  '分页',
  '行内编辑',
  '操作日志',
  '快捷键',
];

const ZH_AREAS = ['会员体系', '内容管理', '支付', '数据分析', '国际化', '性能', '安全合规', '营销活动'];

const EN_OBJECTS = [
  'login page',
  'sign-up flow',
  'home page hero',
  'product detail page',
  'shopping cart',
  'checkout',
  'order list',
  'account settings',
  'notification center',
  'search results',
  'analytics dashboard',
  'reports',
  'role permissions',
  'payment gateway',
  'refund flow',
  'coupon engine',
  'membership tiers',
  'comments',
  'file uploads',
  'image pipeline',
  'language switcher',
  'sitemap',
  'SEO metadata',
  'mobile navigation',
  'footer',
  'contact form',
  'news feed',
  'case studies page',
  'testimonials',
  'pricing page',
  'help center',
  'email templates',
  'SMS verification',
  'cache layer',
  'log pipeline',
  'alerting rules',
  'deploy scripts',
  'CDN config',
  'database indexes',
  'API gateway',
  'SSO',
  'approval workflow',
  'nav menu',
  'form validation',
  'dark mode',
  'event tracking',
  'admin home',
];

const EN_VERBS = [
  'Redesign',
  'Refactor',
  'Implement',
  'Build',
  'Optimize',
  'Migrate',
  'Upgrade',
  'Polish',
  'Clean up',
  'Document',
  'Add tests for',
  'Review',
  'Integrate',
  'Localize',
  'Instrument',
];

const EN_QUALIFIERS = [
  '',
  '',
  '',
  ' (mobile)',
  ' (mini program)',
  ' for tablets',
  ' on slow networks',
  ' for screen readers',
  ' v2',
  ' error handling',
  ' analytics',
  ' for the English site',
  ' behind a feature flag',
  ' copy',
];

const EN_SYMPTOMS = [
  'is misaligned on Safari',
  'shows a blank screen intermittently',
  'times out on load',
  'does not refresh',
  'ignores clicks',
  'shows garbled Chinese characters',
  'returns duplicate rows when paging',
  'shows dates in the wrong time zone',
  'exports an empty file',
  'crashes on iOS 17',
  'has a typo in the error message',
  'submits twice on double click',
];

const EN_ROLES = [
  'visitor',
  'admin',
  'marketer',
  'customer',
  'sales rep',
  'editor',
  'support agent',
  'accountant',
];

const EN_CAPABILITIES = [
  'filter orders by date',
  'export reports as CSV',
  'see the latest case studies on the home page',
  'log in with WeChat',
  'get notified when an order ships',
  'bulk-edit product prices',
  'switch between Chinese and English',
  'track project progress',
  'save my search filters',
  'upload and crop an avatar',
  'reset my password by SMS',
  'compare pricing plans',
  'check out on my phone',
  'schedule an article to publish later',
  'see weekly traffic reports',
  'add an English translation to a case study',
  'copy a share link in one click',
  'browse news by tag',
  'download invoices as PDF',
  'invite a colleague to my team',
  'mention a colleague in a comment',
  'see recently viewed products',
  'mute notifications at night',
  'preview a page before publishing',
];

const EN_CHANNELS = [
  '',
  '',
  '',
  ' on mobile',
  ' in the mini program',
  ' on the English site',
  ' in the admin console',
];

const EN_FEATURES = [
  'CSV export',
  'bulk actions',
  'drag-and-drop sorting',
  'keyword search',
  'multi-select',
  'pagination',
  'inline editing',
  'an audit log',
  'keyboard shortcuts',
];

const EN_AREAS = [
  'Membership',
  'Content management',
  'Payments',
  'Analytics',
  'Internationalization',
  'Performance',
  'Security & compliance',
  'Campaigns',
];

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function zhTitle(rng: Rng, kind: TitleKind): string {
  switch (kind) {
    case 'epic':
      return `${rng.pick(ZH_AREAS)}${rng.pick(['改版', '体系建设', '专项', '二期'])}`;
    case 'feature':
      return rng.chance(0.5)
        ? `${rng.pick(ZH_OBJECTS)}支持${rng.pick(ZH_FEATURES)}`
        : `新版${rng.pick(ZH_OBJECTS)}`;
    case 'story':
      return rng.chance(0.6)
        ? `作为${rng.pick(ZH_ROLES)}，我希望${rng.pick(ZH_CAPABILITIES)}${rng.pick(ZH_CHANNELS)}`
        : `${rng.pick(ZH_OBJECTS)}${rng.pick(ZH_QUALIFIERS)}支持${rng.pick(ZH_FEATURES)}`;
    case 'bug':
      return `${rng.pick(['', '', '【线上】', '修复：'])}${rng.pick(ZH_OBJECTS)}${rng.pick(ZH_SYMPTOMS)}`;
    case 'task': {
      const verb = rng.pick(ZH_VERBS);
      const object = `${rng.pick(ZH_OBJECTS)}${rng.pick(ZH_QUALIFIERS)}`;
      return verb.pre ? `${verb.word}${object}` : `${object}${verb.word}`;
    }
  }
}

function enTitle(rng: Rng, kind: TitleKind): string {
  switch (kind) {
    case 'epic':
      return `${rng.pick(EN_AREAS)} ${rng.pick(['overhaul', 'foundations', 'phase 2', 'initiative'])}`;
    case 'feature':
      return `Add ${rng.pick(EN_FEATURES)} to ${rng.pick(EN_OBJECTS)}`;
    case 'story': {
      if (rng.chance(0.4)) {
        return `${capitalize(rng.pick(EN_OBJECTS))}${rng.pick(EN_QUALIFIERS)}: support ${rng.pick(EN_FEATURES)}`;
      }
      const role = rng.pick(EN_ROLES);
      return `As ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}, I can ${rng.pick(EN_CAPABILITIES)}${rng.pick(EN_CHANNELS)}`;
    }
    case 'bug':
      return `${rng.pick(['', '', '[Prod] '])}${capitalize(rng.pick(EN_OBJECTS))} ${rng.pick(EN_SYMPTOMS)}`;
    case 'task':
      return `${rng.pick(EN_VERBS)} ${rng.pick(EN_OBJECTS)}${rng.pick(EN_QUALIFIERS)}`;
  }
}

/** A title for `kind`; `zhShare` is the probability of a Chinese one. */
export function workItemTitle(rng: Rng, kind: TitleKind, zhShare: number): string {
  return rng.chance(zhShare) ? zhTitle(rng, kind) : enTitle(rng, kind);
}

export const MEMBERS: readonly { name: string; display_name: string }[] = [
  { name: 'zhangwei', display_name: '张伟' },
  { name: 'liuyang', display_name: '刘洋' },
  { name: 'wangfang', display_name: '王芳' },
  { name: 'chenjing', display_name: '陈静' },
  { name: 'lihua', display_name: '李华' },
  { name: 'zhaolei', display_name: '赵磊' },
  { name: 'emily.chen', display_name: 'Emily Chen' },
  { name: 'david.wu', display_name: 'David Wu' },
  { name: 'sunmin', display_name: '孙敏' },
  { name: 'tom.becker', display_name: 'Tom Becker' },
];

/** Plain labels; the blocked ones are added separately. */
export const LABELS = ['前端', '后端', '设计', 'UX', '客户需求', 'tech-debt', 'performance'] as const;
export const BLOCKED_LABELS = ['blocked', '阻塞'] as const;
