import { createHash } from 'node:crypto';
import { ACCENT, INK, LINE, MUTED, TONES } from '../charts/palette';
import { feedbackStyles } from './feedback.styles';

/**
 * The one style block every page carries, allowed by its hash in the CSP (`style-src 'sha256-…'`, so a
 * page's bytes do not change per request and can be cached): no external fonts or sheets, no inline
 * `style` attributes. It is written into the page as raw text, so it must not contain `<` (a test checks).
 */
const FONT =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', 'Hiragino Sans GB', " +
  "'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', sans-serif";

const BG = '#f6f8fa';
const RULE = '#eaeef2';

const toneRules = (Object.keys(TONES) as (keyof typeof TONES)[])
  .map((tone) => {
    const c = TONES[tone];
    return `.badge--${tone}{background:${c.soft};color:${c.text}}.tone-${tone}{color:${c.text}}`;
  })
  .join('\n');

export const pageStyles = `
:root{color-scheme:light}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:${BG};color:${INK};font:16px/1.6 ${FONT};overflow-wrap:anywhere;-webkit-font-smoothing:antialiased}
html:lang(zh-CN) body{line-height:1.75}
a{color:${TONES.done.text};text-underline-offset:2px}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid ${ACCENT};outline-offset:2px}
h1,h2,h3{line-height:1.3;overflow-wrap:anywhere}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.icon{flex:none;vertical-align:middle}
.muted{color:${MUTED}}

.page{max-width:47rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
.masthead{padding:.25rem 0 1.75rem}
.masthead__top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem 1rem;font-size:.875rem;color:${MUTED}}
.eyebrow{margin:0;display:flex;flex-wrap:wrap;gap:0 .5rem}
.eyebrow__label::before{content:'·';margin-right:.5rem}
.langs ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem}
.langs a{display:inline-block;padding:.2rem .65rem;border-radius:999px;text-decoration:none;color:${MUTED}}
.langs a:hover{background:${RULE};color:${INK}}
.langs a[aria-current]{background:#fff;color:${INK};font-weight:600;box-shadow:inset 0 0 0 1px ${LINE}}
.masthead h1{font-size:2rem;margin:.875rem 0 .875rem;letter-spacing:-.01em}
.status-row{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem}
.freshness{margin:0;color:${MUTED};font-size:.9375rem}

.badge{display:inline-flex;align-items:center;gap:.4rem;padding:.2rem .75rem .2rem .5rem;border-radius:999px;font-weight:600;font-size:.9375rem;line-height:1.5;white-space:nowrap}
.badge--large{font-size:1.0625rem;padding:.35rem .95rem .35rem .65rem}
${toneRules}

.notice{display:flex;gap:.75rem;align-items:flex-start;margin:1rem 0 0;padding:.875rem 1rem;border-radius:10px;border:1px solid}
.notice p{margin:0}
.notice .icon{margin-top:.2rem}
.notice--warning{background:${TONES.at_risk.soft};border-color:#e9d37a;color:#4d2d00}
.notice--decision{background:${TONES.done.soft};border-color:#9cd1ff;color:#0a3069}
.notice--decision a{color:inherit;font-weight:600}

.card{background:#fff;border:1px solid #d8dee4;border-radius:14px;padding:1.5rem 1.75rem;margin:0 0 1.25rem;box-shadow:0 1px 2px rgba(31,35,40,.04),0 2px 12px rgba(31,35,40,.04)}
.card h2{font-size:1.1875rem;margin:0 0 1rem}
.card__head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.25rem 1rem;margin:0 0 1rem}
.card__head h2{margin:0}
.meta{color:${MUTED};font-size:.875rem}
.empty{color:${MUTED};margin:0}
.label{font-size:.8125rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:${MUTED};margin:1.25rem 0 .375rem}
html:lang(zh-CN) .label{letter-spacing:.08em;font-size:.875rem}

.headline{font-size:1.25rem;font-weight:600;line-height:1.45;margin:0}
.headline + .empty{margin-top:.375rem}
.list{margin:0;padding-left:1.25rem}
.list li{margin:.3rem 0;padding-left:.25rem}
.list li::marker{color:${MUTED}}

.figure{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin:0 0 .75rem}
.figure__pct{font-size:2.5rem;font-weight:700;line-height:1.1;letter-spacing:-.02em;font-variant-numeric:tabular-nums}
.figure__count{font-size:1.0625rem;color:${MUTED};font-variant-numeric:tabular-nums}
.progress{margin:.5rem 0}
.progress__bar{display:block;width:100%;height:14px;border-radius:999px;overflow:hidden}
.progress--small .progress__bar{height:8px}
.progress__text{margin:.375rem 0 0;font-size:.9375rem;color:${MUTED};font-variant-numeric:tabular-nums}
.sentence{margin:1rem 0 0}
.sub-progress{margin-top:1.25rem}

.chart-frame{margin:.25rem 0 0}
.chart{display:block;width:100%;height:auto}
.chart--compact{display:none}
.chart-empty{color:${MUTED};margin:0}
.legend{list-style:none;padding:0;margin:.75rem 0 0;display:flex;flex-wrap:wrap;gap:.375rem 1.25rem;font-size:.8125rem;color:${MUTED}}
.legend li{display:inline-flex;align-items:center;gap:.4rem}
.caption{margin:.75rem 0 0;font-size:.9375rem}

.milestones{list-style:none;margin:1.5rem 0 0;padding:0}
.ms{position:relative;padding:0 0 1.5rem 2rem}
.ms::before{content:'';position:absolute;left:9px;top:1.5rem;bottom:.25rem;width:2px;background:${RULE};border-radius:2px}
.ms:last-child{padding-bottom:0}
.ms:last-child::before{display:none}
.ms__dot{position:absolute;left:0;top:.2rem}
.ms__head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.25rem .75rem}
.ms__name{font-size:1.0625rem;margin:0}
.ms__kind{display:block;font-size:.8125rem;font-weight:400;color:${MUTED}}
.dates{display:flex;flex-wrap:wrap;gap:.5rem 2rem;margin:.625rem 0 0}
.dates dt{font-size:.8125rem;color:${MUTED}}
.dates dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums}
.dates s{color:${MUTED};font-weight:400;text-decoration-thickness:1.5px}
.note{margin:.375rem 0 0;font-size:.8125rem;color:${MUTED}}
.slips{list-style:none;margin:.5rem 0 0;padding:0;font-size:.875rem;color:${MUTED}}
.slips li{display:flex;gap:.4rem;align-items:flex-start}
.slips .icon{margin-top:.3rem}

.risks{list-style:none;padding:0;margin:0;display:grid;gap:1rem}
.risk{border:1px solid ${RULE};border-radius:10px;padding:1rem 1.125rem}
.risk__problem{font-weight:600;margin:0}
.risk dl{margin:.625rem 0 0;display:grid;gap:.5rem}
.risk dt{font-size:.8125rem;font-weight:600;color:${MUTED}}
.risk dd{margin:0}
.decision{margin:.875rem 0 0;padding:.75rem 1rem;border-radius:8px;background:${TONES.done.soft};border-left:4px solid ${ACCENT}}
.decision__by{margin:0 0 .125rem;font-size:.875rem;font-weight:700;color:${TONES.done.text}}
.decision__question{margin:0;font-weight:600}
.detected{list-style:none;padding:0;margin:0}
.detected li{display:flex;gap:.625rem;align-items:flex-start;padding:.625rem 0;border-top:1px solid ${RULE}}
.detected li:first-child{border-top:0;padding-top:0}
.detected .icon{margin-top:.3rem}
.detected p{margin:0}
.detected .impact{font-size:.875rem;color:${MUTED}}

.stats{list-style:none;padding:0;margin:0;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr))}
.stat{background:${BG};border-radius:10px;padding:.75rem 1rem}
.stat strong{display:block;font-size:1.5rem;line-height:1.2;font-variant-numeric:tabular-nums}
.stat span{color:${MUTED};font-size:.875rem}

.items{list-style:none;padding:0;margin:0}
.items li{display:flex;justify-content:space-between;align-items:baseline;gap:.25rem 1rem;padding:.5rem 0;border-top:1px solid ${RULE}}
.items li:first-child{border-top:0}
.items .status{flex:none;font-size:.8125rem;color:${MUTED};white-space:nowrap}
.items .status--done{color:${TONES.done.text}}
.items .status--in_progress{color:${TONES.on_track.text}}
.items .status--blocked{color:${TONES.late.text}}
.task-group + .task-group{margin-top:1rem}
.task-group summary{display:flex;flex-wrap:wrap;align-items:baseline;gap:0 .75rem;cursor:pointer;padding:.25rem 0;list-style:none}
.task-group summary::-webkit-details-marker{display:none}
.task-group summary::before{content:'▸';color:${MUTED};width:1ch}
.task-group[open] summary::before{content:'▾'}
.task-group summary .muted{font-size:.875rem}
.task-group h3{font-size:1rem;margin:0}

.foot{margin-top:2rem;text-align:center;font-size:.8125rem;color:${MUTED}}
.foot p{margin:.25rem 0}

.simple{min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:1.5rem 1rem}
.simple .langs{margin-bottom:1rem}
.simple__card{width:100%;max-width:30rem;margin:0}
.simple h1{font-size:1.5rem;margin:.75rem 0 .5rem}
.simple p{margin:.5rem 0 0}
.simple__icon{display:block}
.form{margin-top:1.25rem}
.form label{display:block;font-weight:600;margin-bottom:.375rem}
.form input{display:block;width:100%;font:inherit;padding:.65rem .8rem;border:1px solid #8c959f;border-radius:8px;background:#fff;color:${INK}}
.form input[aria-invalid=true]{border-color:${TONES.late.solid}}
.form button{margin-top:1rem;font:inherit;font-weight:600;color:#fff;background:${ACCENT};border:0;border-radius:8px;padding:.65rem 1.5rem;cursor:pointer}
.form button:hover{background:${TONES.done.text}}
.error{margin:1rem 0 0;padding:.625rem .875rem;border-radius:8px;background:${TONES.late.soft};color:${TONES.late.text}}
${feedbackStyles}

@media (max-width:600px){
.page{padding:1rem .75rem 2rem}
.card{padding:1.125rem 1rem;border-radius:12px}
.masthead h1{font-size:1.625rem}
.figure__pct{font-size:2rem}
.chart--wide{display:none}
.chart--compact{display:block}
.ms{padding-left:1.75rem}
.dates{gap:.375rem 1.5rem}
.risk{padding:.875rem}
.decision{padding:.625rem .75rem}
}

@media print{
@page{margin:14mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{background:#fff;font-size:10.5pt}
.page{max-width:none;padding:0}
.langs{display:none}
.card{box-shadow:none;border-color:#c8d1da;padding:1rem 1.25rem}
.ms,.risk,.decision,.notice,.chart-frame,.stat,.items li,.history li,.figure,.progress{break-inside:avoid}
h2,h3{break-after:avoid}
.chart--compact{display:none}
.task-group::details-content{content-visibility:visible;display:block}
.task-group summary::before,.task-group[open] summary::before{content:none}
.chart--wide{display:block}
.foot{border-top:1px solid ${LINE};padding-top:.5rem}
}
`.trim();

/** The CSP source that allows exactly this style block. */
export const pageStylesCsp = `'sha256-${createHash('sha256').update(pageStyles).digest('base64')}'`;
