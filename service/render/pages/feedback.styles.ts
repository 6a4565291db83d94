import { ACCENT, INK, LINE, MUTED, TONES } from '../charts/palette';

const RULE = '#eaeef2';

/**
 * The feedback section's part of the page's one style block (styles.ts includes it; no `<` allowed). The
 * fields that only some kinds use are shown for those kinds through `:has()` on the checked radio, so the
 * form adapts without script; a browser without `:has()` simply shows every field.
 */
export const feedbackStyles = `
.fb-intro{margin:0 0 1rem}
.fb-thread{list-style:none;margin:0 0 1.5rem;padding:0;display:grid;gap:1rem}
.fb-item{border:1px solid ${RULE};border-radius:10px;padding:1rem 1.125rem}
.fb-meta{margin:0;font-size:.8125rem;color:${MUTED}}
.fb-text{margin:.25rem 0 0;white-space:pre-line}
.fb-reply{margin:.75rem 0 0;padding:.75rem 1rem;border-radius:8px;background:${TONES.on_track.soft};border-left:4px solid ${TONES.on_track.solid}}
.fb-reply .fb-meta{color:${TONES.on_track.text};font-weight:600}
.fb-form{margin:1rem 0 0}
.fb-form h3{font-size:1rem;margin:0 0 .75rem}
.fb-form fieldset{border:0;margin:0 0 1rem;padding:0;min-width:0}
.fb-form legend,.fb-label{display:block;font-weight:600;margin:0 0 .375rem;padding:0}
.fb-choices{display:flex;flex-wrap:wrap;gap:.5rem}
.fb-choice{display:inline-flex;align-items:center;gap:.4rem;padding:.35rem .85rem;border:1px solid ${LINE};border-radius:999px;cursor:pointer}
.fb-choice:has(input:checked){border-color:${ACCENT};background:${TONES.done.soft}}
.fb-choice input{margin:0;accent-color:${ACCENT}}
.fb-field{margin:0 0 1rem}
.fb-form textarea,.fb-form select,.fb-input{display:block;width:100%;font:inherit;padding:.6rem .8rem;border:1px solid #8c959f;border-radius:8px;background:#fff;color:${INK}}
.fb-form textarea{min-height:8rem;resize:vertical}
.fb-form textarea:focus-visible,.fb-form select:focus-visible{outline:3px solid ${ACCENT};outline-offset:2px}
.fb-form [aria-invalid=true]{border-color:${TONES.late.solid}}
.fb-row{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}
.fb-hint{margin:.25rem 0 0;font-size:.8125rem;color:${MUTED}}
.fb-error{margin:.25rem 0 0;font-size:.875rem;font-weight:600;color:${TONES.late.text}}
.fb-trap{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.fb-form button{font:inherit;font-weight:600;color:#fff;background:${ACCENT};border:0;border-radius:8px;padding:.65rem 1.5rem;cursor:pointer}
.fb-form button:hover{background:${TONES.done.text}}
.fb-privacy{margin:.75rem 0 0;font-size:.8125rem;color:${MUTED}}
.notice--sent{background:${TONES.on_track.soft};border-color:#8fd9a4;color:${TONES.on_track.text}}
.fb-form:has(input[name=kind]:checked) .fb-when{display:none}
.fb-form:has(#fb-kind-approval:checked) .fb-when--milestone,.fb-form:has(#fb-kind-change_request:checked) .fb-when--milestone,.fb-form:has(#fb-kind-rating:checked) .fb-when--rating{display:block}
@media print{.fb-form,.fb-intro{display:none}}
`.trim();
